// POST /oauth2/token: the authorization code, refresh token and client credentials grants
// (developer guide, "The token issuer endpoint"). Answers the tokens as JSON, or an OAuthError.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../../context.js';
import { AwsError } from '../../../kernel/errors.js';
import type { Client, ClientHead, Pool } from '../pools/store.js';
import { findUserBySub } from '../users/store.js';
import { clientCredentialsToken, signInTokens } from '../tokens/issue.js';
import { refreshTokens, rotates } from '../auth/refresh.js';
import { poolScopes } from '../resource-servers/store.js';
import { takeCode } from './codes.js';
import { authenticateClient } from './client-auth.js';
import { OAuthError, readForm, sendOAuthJson } from './wire.js';
import { isTriggerFailure } from '../triggers/invoke.js';

/** The S256 challenge of a verifier: BASE64URL(SHA256(ASCII(verifier))) (RFC 7636 §4.2). */
const s256 = (verifier: string) => createHash('sha256').update(verifier, 'ascii').digest('base64url');

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

interface TokenAnswer {
  AccessToken?: string;
  IdToken?: string;
  RefreshToken?: string;
  ExpiresIn?: number;
}

const answer = (t: TokenAnswer) => ({
  ...(t.IdToken ? { id_token: t.IdToken } : {}),
  access_token: t.AccessToken,
  ...(t.RefreshToken ? { refresh_token: t.RefreshToken } : {}),
  expires_in: t.ExpiresIn,
  token_type: 'Bearer',
});

/** `head`: the version of the client the request names, where the domain's read gave it (oauth/domain.ts). */
export async function tokenEndpoint(
  deps: Deps,
  pool: Pool,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  head?: ClientHead,
) {
  const form = readForm(req, body);
  const client = await authenticateClient(deps.store.db, pool.id, req, form, 400, head);
  const grant = form.get('grant_type');
  if (!grant) throw new OAuthError('invalid_request');
  if (!['authorization_code', 'refresh_token', 'client_credentials'].includes(grant))
    throw new OAuthError('unsupported_grant_type');
  // "unauthorized_client: Client is not allowed for code grant flow or for refreshing tokens."
  if (client.config.AllowedOAuthFlowsUserPoolClient !== true) throw new OAuthError('unauthorized_client');
  let tokens: TokenAnswer;
  try {
    tokens =
      grant === 'authorization_code'
        ? await codeGrant(deps, pool, client, form)
        : grant === 'refresh_token'
          ? await refreshGrant(deps, pool, client, form)
          : await clientCredentialsGrant(deps, pool, client, form);
  } catch (e) {
    // A PreTokenGeneration that refused or could not be called, in any grant. AWS's answer here is
    // not on record; its OAuth endpoints answer a failed trigger as invalid_request with the
    // trigger's message ("error=invalid_request&error_description=PreSignUp+failed+with+error+...",
    // the redirect users report of federated sign-ups), which cognate answers in the token endpoint's JSON.
    if (isTriggerFailure(e)) throw new OAuthError('invalid_request', 400, e.message);
    throw e;
  }
  sendOAuthJson(res, 200, answer(tokens));
}

async function codeGrant(deps: Deps, pool: Pool, client: Client, form: URLSearchParams): Promise<TokenAnswer> {
  if (!(client.config.AllowedOAuthFlows ?? []).includes('code')) throw new OAuthError('unauthorized_client');
  const code = form.get('code');
  const redirectUri = form.get('redirect_uri');
  if (!code || !redirectUri) throw new OAuthError('invalid_request');
  // Taken (and so spent) before its bindings are checked: a code presented wrongly is no longer usable.
  const row = await takeCode(deps.store.db, deps.serverKey, pool.id, code);
  const now = deps.now();
  // "Authorization code has been consumed already or does not exist" is invalid_grant; so is a
  // code of another client, another redirect URI, past its five minutes, or a wrong verifier.
  if (!row || row.expires_at <= now || row.client_id !== client.clientId || row.redirect_uri !== redirectUri)
    throw new OAuthError('invalid_grant');
  if (row.code_challenge !== null) {
    const verifier = form.get('code_verifier');
    if (!verifier || !sameText(s256(verifier), row.code_challenge)) throw new OAuthError('invalid_grant');
  }
  const user = await findUserBySub(deps.store.db, pool.id, row.sub);
  if (!user?.enabled) throw new OAuthError('invalid_grant');
  return signInTokens(deps, pool, client, user, undefined, {
    scopes: row.scope.split(' ').filter(Boolean),
    ...(row.nonce !== null ? { nonce: row.nonce } : {}),
    authTime: Number(row.auth_time),
    refreshToken: true,
  });
}

async function refreshGrant(deps: Deps, pool: Pool, client: Client, form: URLSearchParams): Promise<TokenAnswer> {
  const token = form.get('refresh_token');
  if (!token) throw new OAuthError('invalid_request');
  try {
    // A client that rotates refresh tokens gets a new one here too, as from GetTokensFromRefreshToken.
    return await refreshTokens(deps, pool, client, token, { rotate: rotates(client) });
  } catch (e) {
    // Revoked, expired, another client's, rotated out, a user disabled or deleted: "Refresh token has been revoked" is invalid_grant.
    if (e instanceof AwsError && e.status < 500 && !isTriggerFailure(e)) throw new OAuthError('invalid_grant');
    throw e;
  }
}

async function clientCredentialsGrant(
  deps: Deps,
  pool: Pool,
  client: Client,
  form: URLSearchParams,
): Promise<TokenAnswer> {
  if (!(client.config.AllowedOAuthFlows ?? []).includes('client_credentials') || !client.secret)
    throw new OAuthError('unauthorized_client');
  // Only a resource server's scopes (`<identifier>/<scope>`) belong to a machine's token, and only
  // those its resource server still has.
  const existing = await poolScopes(deps.store.db, pool);
  const custom = (client.config.AllowedOAuthScopes ?? []).filter((s) => existing.has(s));
  const asked = (form.get('scope') ?? '').split(' ').filter(Boolean);
  if (asked.some((s) => !custom.includes(s))) throw new OAuthError('invalid_scope');
  const scopes = asked.length ? [...new Set(asked)] : custom;
  if (!scopes.length) throw new OAuthError('invalid_scope');
  return clientCredentialsToken(deps, pool, client, scopes, clientMetadataParam(form));
}

/**
 * The request's `aws_client_metadata`, a JSON object of strings that becomes the V3_0 trigger's
 * `clientMetadata` (developer guide, "The token issuer endpoint"). Anything else is invalid_request:
 * AWS's answer to a malformed one is not on record.
 */
function clientMetadataParam(form: URLSearchParams): Record<string, string> | undefined {
  const raw = form.get('aws_client_metadata');
  if (raw === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new OAuthError('invalid_request');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new OAuthError('invalid_request');
  if (Object.values(value).some((v) => typeof v !== 'string')) throw new OAuthError('invalid_request');
  return value as Record<string, string>;
}
