// The page language of managed login. AWS: "In the link that you distribute to users, add a `lang`
// query parameter" (de, en, es, fr, id, it, ja, ko, pt-BR, zh-CN, zh-TW); "Amazon Cognito sets a
// cookie in users' browser with their language preference after the initial request with a lang
// parameter", so the pages keep that language until another `lang` comes; and "Localization is
// only available for managed login": a domain of the classic hosted UI (ManagedLoginVersion 1)
// stays English (developer guide, "Managed login localization"). The tag also picks the terms
// links (LanguageIdType's `cognito:<name>`; Dutch has terms links but no pages, so lang=nl shows
// English pages with the Dutch links). AWS's cookie name is not on record: cognate's is below.
import type { IncomingMessage } from 'node:http';
import { cookie, readCookies, type CookieScope } from '../oauth/wire.js';
import { WORDS, type Words } from './i18n/index.js';

const TERMS: Record<string, string> = {
  de: 'cognito:german',
  en: 'cognito:english',
  es: 'cognito:spanish',
  fr: 'cognito:french',
  id: 'cognito:bahasa-indonesia',
  it: 'cognito:italian',
  ja: 'cognito:japanese',
  ko: 'cognito:korean',
  nl: 'cognito:dutch',
  'pt-br': 'cognito:portuguese-brazil',
  'zh-cn': 'cognito:chinese-simplified',
  'zh-tw': 'cognito:chinese-traditional',
};

export const LANG_COOKIE = 'cognate-lang';

export interface PageLanguage {
  /** the HTML lang attribute */
  tag: string;
  /** the terms documents' language id (cognito:default when no language was asked for) */
  terms: string;
  words: Words;
  /** the cookie that keeps a newly asked language, when there is one to set */
  cookie?: string;
}

const tagOf = (key: string) => key.replace(/-(..)$/, (_, r: string) => `-${r.toUpperCase()}`);

const ENGLISH = { tag: 'en', words: WORDS.en };

/**
 * The language of a page: the `lang` the request carries, else the one the browser's cookie keeps,
 * else English. `classic` (the hosted UI) keeps the words English and sets no cookie.
 */
export function pageLanguage(
  req: IncomingMessage,
  asked: string | undefined,
  classic: boolean,
  scope?: CookieScope,
): PageLanguage {
  const key = (asked ?? '').toLowerCase();
  if (classic) return { ...ENGLISH, terms: TERMS[key] ?? 'cognito:default' };
  if (WORDS[key]) {
    const kept = readCookies(req).get(LANG_COOKIE);
    return {
      tag: tagOf(key),
      terms: TERMS[key],
      words: WORDS[key],
      // A year, as a preference kept "until they clear their cookies".
      ...(scope && kept !== key ? { cookie: cookie(LANG_COOKIE, key, scope, 365 * 86_400) } : {}),
    };
  }
  if (TERMS[key]) return { ...ENGLISH, terms: TERMS[key] };
  const kept = (readCookies(req).get(LANG_COOKIE) ?? '').toLowerCase();
  if (WORDS[kept]) return { tag: tagOf(kept), terms: TERMS[kept], words: WORDS[kept] };
  return { ...ENGLISH, terms: 'cognito:default' };
}
