// GET or POST /oauth2/userInfo: the signed-in user's attributes, as far as the access token's
// scopes allow. Only tokens of the domain's endpoints carry `openid`; an API sign-in's token (no
// scopes but Cognito's own) is refused, as on AWS ("Because they don't contain any scopes, the
// userInfo endpoint doesn't accept these access tokens", developer guide, the userInfo endpoint).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../../context.js';
import { AwsError } from '../../../kernel/errors.js';
import type { Pool } from '../pools/store.js';
import { getClient } from '../pools/store.js';
import { authenticate } from '../tokens/verify.js';
import { readableAttributes } from '../tokens/issue.js';
import { OAuthError, sendOAuthJson } from './wire.js';

// The developer guide's negative responses, their header and wording.
const invalidToken = () =>
  new OAuthError(
    'invalid_token',
    401,
    'Access token is expired, disabled, or deleted, or the user has globally signed out.',
    {
      'WWW-Authenticate':
        'Bearer error="invalid_token", error_description="Access token is expired, disabled, or deleted, or the user has globally signed out."',
    },
  );
const badRequest = () =>
  new OAuthError('invalid_request', 400, 'Bad OAuth2 request at UserInfo Endpoint', {
    'WWW-Authenticate': 'Bearer error="invalid_request", error_description="Bad OAuth2 request at UserInfo Endpoint"',
  });

export async function userInfoEndpoint(deps: Deps, pool: Pool, req: IncomingMessage, res: ServerResponse) {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m) throw badRequest();
  let auth: Awaited<ReturnType<typeof authenticate>>;
  try {
    auth = await authenticate(deps, m[1], 'openid');
  } catch (e) {
    if (e instanceof AwsError && e.status < 500) throw invalidToken();
    throw e;
  }
  if (auth.pool.id !== pool.id) throw invalidToken();
  const scopes = String(auth.claims.scope).split(' ');
  const client = await getClient(deps.store.db, pool.id, auth.clientId).catch(() => undefined);
  if (!client) throw invalidToken();
  // Attribute values as the user pool keeps them (strings, email_verified included); and the
  // username, which Cognito adds.
  sendOAuthJson(res, 200, {
    sub: auth.user.sub,
    ...readableAttributes(client, auth.user, scopes),
    username: auth.user.username,
  });
}
