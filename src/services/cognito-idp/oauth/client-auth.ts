// Who calls the token and revocation endpoints: an app client of the domain's pool, proving itself
// with its secret in the Authorization header (client_secret_basic) or in the body
// (client_secret_post), either of its two secrets while it has two (pools/client-secrets.ts); a
// client without a secret names itself with client_id. Secrets are compared in constant time,
// every one of them, so the time taken tells nothing.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Db } from '../../../store/store.js';
import { readPoint } from '../../../store/kept.js';
import { ResourceNotFoundException } from '../../../generated/cognito-idp/errors.js';
import { getClient, type Client, type ClientHead } from '../pools/store.js';
import { OAuthError } from './wire.js';

/** The id and secret of `Authorization: Basic`, each form-encoded as RFC 6749 §2.3.1 has it. */
export function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return { id: decodeURIComponent(text.slice(0, colon)), secret: decodeURIComponent(text.slice(colon + 1)) };
  } catch {
    return { id: text.slice(0, colon), secret: text.slice(colon + 1) };
  }
}

function secretMatches(client: Client, given: string): boolean {
  const actual = Buffer.from(given);
  const values = client.secrets.length ? client.secrets.map((s) => s.value) : client.secret ? [client.secret] : [];
  const matches = values.map((v) => {
    const expected = Buffer.from(v);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  });
  return matches.includes(true);
}

/**
 * The client a request authenticates as. `status` is the invalid_client status of the endpoint
 * (the token endpoint's 400, the revocation endpoint's 401). `head`: the client's version where
 * the domain's read gave it (oauth/domain.ts), so that a kept client is served without a read.
 */
export async function authenticateClient(
  db: Db,
  poolId: string,
  req: IncomingMessage,
  form: URLSearchParams,
  status: number,
  head?: ClientHead,
): Promise<Client> {
  const invalid = () => new OAuthError('invalid_client', status);
  const basic = basicCredentials(req.headers.authorization);
  if (req.headers.authorization && !basic) throw invalid();
  const bodyId = form.get('client_id') ?? undefined;
  const bodySecret = form.get('client_secret') ?? undefined;
  // Two ways of authenticating at once are invalid_request (RFC 6749 §2.3).
  if (basic && bodySecret !== undefined) throw new OAuthError('invalid_request');
  if (basic && bodyId !== undefined && bodyId !== basic.id) throw invalid();
  const id = basic?.id ?? bodyId;
  if (!id) throw invalid();
  let client: Client;
  try {
    client = await getClient(db, poolId, id, readPoint(db), head?.id === id ? head : undefined);
  } catch (e) {
    if (e instanceof ResourceNotFoundException) throw invalid();
    throw e;
  }
  const secret = basic?.secret ?? bodySecret;
  if (client.secret) {
    if (secret === undefined || !secretMatches(client, secret)) throw invalid();
  } else if (secret) {
    // A public client has no secret to prove.
    throw invalid();
  }
  return client;
}
