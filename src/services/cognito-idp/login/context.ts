// What every managed login page works with: the request, the domain, the checked authorize
// request it carries through, and how a page is sent in the client's look and the asked language.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContextDataType } from '@aws-sdk/client-cognito-identity-provider';
import type { Deps } from '../../context.js';
import { pageLook } from '../branding/look.js';
import type { DomainRequest } from '../oauth/domain.js';
import type { AuthorizeRequest } from '../oauth/authorize.js';
import { readForm } from '../oauth/wire.js';
import { csrfHolds, csrfToken } from './csrf.js';
import type { Words } from './i18n/index.js';
import { pageLanguage, type PageLanguage } from './lang.js';
import { esc, sendLoginPage, type PageParts } from './page.js';

export interface LoginContext {
  deps: Deps;
  d: DomainRequest;
  a: AuthorizeRequest;
  req: IncomingMessage;
  res: ServerResponse;
  lang: PageLanguage;
  /** the words of the page's language */
  w: Words;
}

/** The context of a page request, in the language it asks for (or its browser keeps). */
export function loginContext(
  deps: Deps,
  d: DomainRequest,
  a: AuthorizeRequest,
  req: IncomingMessage,
  res: ServerResponse,
): LoginContext {
  const lang = pageLanguage(req, a.lang, d.domain.managed_login_version === 1, d.cookies);
  return { deps, d, a, req, res, lang, w: lang.words };
}

/** Sends a page of this client, with the CSRF cookie when the browser has none yet. */
export async function render(
  c: LoginContext,
  status: number,
  parts: Omit<PageParts, 'body' | 'lang' | 'words'> & { body: (csrf: string) => string },
  cookies: string[] = [],
): Promise<void> {
  const { lang } = c;
  const csrf = csrfToken(c.req, c.d.cookies);
  const look = await pageLook(c.deps.store.db, c.deps.publicUrl, c.d.pool.id, c.a.client.clientId, lang.terms);
  sendLoginPage(c.res, status, look, { ...parts, lang: lang.tag, words: c.w, body: parts.body(csrf.token) }, [
    ...csrf.cookies,
    ...(lang.cookie ? [lang.cookie] : []),
    ...cookies,
  ]);
}

/** A page's address on the domain, carrying the authorize request (and `extra`, such as the username). */
export function pageUrl(c: LoginContext, path: string, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams(c.a.query);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return `${c.d.base}${path}?${q.toString()}`;
}

/** The opening tag of a form that posts to `path` on the domain, with the authorize request. */
export const formTag = (c: LoginContext, path: string) => `<form method="post" action="${esc(pageUrl(c, path))}">`;

/** A posted form, or undefined when its CSRF token does not hold (the caller shows its page again, refused). */
export function postedForm(c: LoginContext, body: Buffer): URLSearchParams | undefined {
  const form = readForm(c.req, body);
  return csrfHolds(c.req, form) ? form : undefined;
}

/** What threat protection records of the browser: its address (the connection's: set no proxy in front, or its address is recorded). */
export function contextOf(c: LoginContext): ContextDataType | undefined {
  const ip = c.req.socket.remoteAddress;
  if (!ip) return undefined;
  const agent = c.req.headers['user-agent'];
  return {
    IpAddress: ip,
    ServerName: c.req.headers.host ?? '',
    ServerPath: c.d.path,
    HttpHeaders: agent ? [{ headerName: 'user-agent', headerValue: agent }] : [],
  };
}
