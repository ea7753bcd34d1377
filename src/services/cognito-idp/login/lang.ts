// The page language of managed login: the `lang` query parameter as AWS's managed login takes it
// (language tags such as `es` or `pt-BR`, one per language its pages are localized in, which are
// the languages of terms documents: LanguageIdType's `cognito:<name>` in the model), and the terms
// language it picks. cognate's pages are written in English only: the tag is the page's `lang`
// attribute and chooses the terms links; the words stay English (docs/oauth.md).
const LANGUAGES: Record<string, string> = {
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

export interface PageLanguage {
  /** the HTML lang attribute */
  tag: string;
  /** the terms documents' language id (cognito:default when the tag is none of the above) */
  terms: string;
}

/** The language a `lang` parameter asks for; an unknown or missing one is English with the default terms. */
export function pageLanguage(lang: string | undefined): PageLanguage {
  const key = (lang ?? '').toLowerCase();
  const terms = LANGUAGES[key];
  if (!terms) return { tag: 'en', terms: 'cognito:default' };
  return { tag: key.replace(/-(..)$/, (_, r: string) => `-${r.toUpperCase()}`), terms };
}
