// POST /oauth2/revoke: ends the sign-in of a refresh token, and with it every access token that
// sign-in issued (developer guide, "The token revocation endpoint"): 200 with an empty body, also
// for a token that is not one of ours; 400 invalid_request without a token or where the client has
// token revocation off; 400 unsupported_token_type for a token that is not a refresh token (an
// access or id token, a JWT); 401 invalid_client for a client that does not prove itself.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../../context.js';
import type { ClientHead, Pool } from '../pools/store.js';
import { revokeRefreshToken } from '../tokens/refresh.js';
import { authenticateClient } from './client-auth.js';
import { OAuthError, readForm } from './wire.js';

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export async function revokeEndpoint(
  deps: Deps,
  pool: Pool,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  head?: ClientHead,
) {
  const form = readForm(req, body);
  const client = await authenticateClient(deps.store.db, pool.id, req, form, 401, head);
  const token = form.get('token');
  if (!token) throw new OAuthError('invalid_request');
  if (client.config.EnableTokenRevocation === false) throw new OAuthError('invalid_request');
  if (JWT.test(token)) throw new OAuthError('unsupported_token_type');
  await revokeRefreshToken(deps.store.db, deps.serverKey, client.clientId, token, deps.now());
  res.writeHead(200, { 'Content-Length': 0, 'Cache-Control': 'no-store' });
  res.end();
}
