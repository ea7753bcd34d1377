// The domain's error page (/error): where a request goes that cannot be sent back to the app (an
// unknown client, a redirect URI not registered), as AWS's hosted UI sends it to
// `/error?error=redirect_mismatch&client_id=...`. Said in plain words; the code stays in the URL
// for the developer.
import type { ServerResponse } from 'node:http';
import { esc, sendLoginPage } from './page.js';

const WORDS: Record<string, string> = {
  redirect_mismatch: 'The app asked to return to an address that is not one of its registered callback URLs.',
  logout_mismatch: 'The app asked to return to an address that is not one of its registered sign-out URLs.',
  invalid_client: 'The app that sent you here is not known to this sign-in page.',
  unauthorized_client: 'Client is not enabled for OAuth2.0 flows.',
  invalid_request: 'The link that brought you here is incomplete.',
  not_found: 'There is no such page.',
};

export function sendErrorPage(res: ServerResponse, status: number, error: string, message?: string): void {
  sendLoginPage(res, status, undefined, {
    title: 'An error was encountered with the requested page.',
    error: message ?? WORDS[error] ?? 'Something went wrong.',
    body: `<p class="legalText-customizable">Error: <code>${esc(error)}</code></p>`,
  });
}
