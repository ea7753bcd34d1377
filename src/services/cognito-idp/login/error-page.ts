// The domain's error page (/error): where a request goes that cannot be sent back to the app (an
// unknown client, a redirect URI not registered), as AWS's hosted UI sends it to
// `/error?error=redirect_mismatch&client_id=...`. Said in plain words, in the language the request
// asks for or the browser keeps (./lang.ts; the error page knows no domain's branding version, so
// it follows them on either); the code stays in the URL for the developer. A `message` a caller
// gives (a refusal's own text) is shown as it is.
import type { ServerResponse } from 'node:http';
import type { Words } from './i18n/index.js';
import { pageLanguage } from './lang.js';
import { esc, sendLoginPage } from './page.js';

const WORDS: Record<string, (w: Words) => string> = {
  redirect_mismatch: (w) => w.redirectMismatch,
  logout_mismatch: (w) => w.logoutMismatch,
  invalid_client: (w) => w.unknownClient,
  unauthorized_client: (w) => w.noOAuth,
  invalid_request: (w) => w.incomplete,
  not_found: (w) => w.notFound,
};

export function sendErrorPage(res: ServerResponse, status: number, error: string, message?: string): void {
  const asked = new URL(res.req.url ?? '/', 'http://x').searchParams.get('lang') ?? undefined;
  const { tag, words: w } = pageLanguage(res.req, asked, false);
  sendLoginPage(res, status, undefined, {
    title: w.errorTitle,
    error: message ?? WORDS[error]?.(w) ?? w.wentWrong,
    body: `<p class="legalText-customizable">${esc(w.errorCode)} <code>${esc(error)}</code></p>`,
    lang: tag,
    words: w,
  });
}
