// The page a link-style verification email points to (CONFIRM_WITH_LINK). Cognito serves it on
// the pool's hosted domain as /confirmUser; cognate serves it on its own endpoint, so no domain
// needs to exist. Following the link confirms the sign-up exactly as ConfirmSignUp would.
import type { Route } from '../../kernel/route.js';
import { sendPage } from '../../kernel/page.js';
import type { Deps } from '../context.js';
import { AwsError } from '../../kernel/errors.js';
import { getClientAndPool } from './pools/store.js';
import { confirmSignUp } from './users/confirm.js';
import { hidesUsers } from './users/recovery.js';

export const CONFIRM_PATH = '/confirmUser';

export function confirmLink(baseUrl: string, clientId: string, username: string, code: string): string {
  const q = new URLSearchParams({ client_id: clientId, user_name: username, confirmation_code: code });
  return `${baseUrl}${CONFIRM_PATH}?${q}`;
}

export function confirmLinkRoute(deps: Deps): Route {
  return {
    method: 'GET',
    path: CONFIRM_PATH,
    async handle(_req, res, url) {
      const clientId = url.searchParams.get('client_id');
      const username = url.searchParams.get('user_name');
      const code = url.searchParams.get('confirmation_code');
      if (!clientId || !username || !code)
        return sendPage(res, 400, 'Invalid link', 'This confirmation link is incomplete.');
      try {
        const { client, pool } = await getClientAndPool(deps.store.db, clientId);
        await confirmSignUp(deps, pool, username, code, false, hidesUsers(client));
      } catch (e) {
        if (e instanceof AwsError) return sendPage(res, 400, 'This link cannot confirm your registration', e.message);
        throw e;
      }
      sendPage(res, 200, 'Your registration has been confirmed!', 'You can now sign in.');
    },
  };
}
