// SECRET_HASH: Base64(HMAC-SHA256(client secret, username + client id)), required from clients
// that have a secret, compared in constant time; and the client secret itself, which RevokeToken
// and GetTokensFromRefreshToken take instead. While a client has two secrets (rotation,
// pools/client-secrets.ts) either is accepted; both are always compared, so the time taken does not
// tell which one matched.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { NotAuthorizedException } from '../../../generated/cognito-idp/errors.js';
import type { Client } from '../pools/store.js';

/** SECRET_HASH for one of a client's secrets, as raw bytes (base64 on the wire). */
export const secretHashOf = (secret: string, username: string, clientId: string): Buffer =>
  createHmac('sha256', secret)
    .update(username + clientId)
    .digest();

/**
 * The sign-in operations word a missing hash as recorded in 2023–24 ("configured with secret but
 * SECRET_HASH was not received", aws-amplify/amplify-android#2504); the others keep the older
 * wording seen on them.
 */
export function checkSecretHash(
  client: Client,
  username: string,
  given: string | undefined,
  wording: 'sign-in' | 'other' = 'other',
): void {
  if (!client.secret) return;
  if (!given) {
    throw new NotAuthorizedException(
      wording === 'sign-in'
        ? `Client ${client.clientId} is configured with secret but SECRET_HASH was not received`
        : `Client ${client.clientId} is configured for secret but secret was not received`,
    );
  }
  const actual = Buffer.from(given, 'base64');
  const matches = secretValues(client).map((secret) => {
    const expected = secretHashOf(secret, username, client.clientId);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  });
  // Recorded in raw 400 bodies (ArranJacques/laravel-aws-cognito-auth#26;
  // scientifichackers/flutter_cognito_plugin#24, 2020).
  if (!matches.includes(true)) {
    throw new NotAuthorizedException(`Unable to verify secret hash for client ${client.clientId}`);
  }
}

/**
 * The ClientSecret of the operations that take the secret itself (RevokeToken,
 * GetTokensFromRefreshToken). A wrong secret is worded as a missing one: AWS's text for it is not
 * on record.
 */
export function checkClientSecret(client: Client, given: string | undefined): void {
  if (!client.secret) return;
  const actual = Buffer.from(given ?? '');
  const matches = secretValues(client).map((secret) => {
    const expected = Buffer.from(secret);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  });
  if (!matches.includes(true)) {
    throw new NotAuthorizedException(`Client ${client.clientId} is configured for secret but secret was not received`);
  }
}

const secretValues = (client: Client): string[] =>
  client.secrets.length ? client.secrets.map((s) => s.value) : client.secret ? [client.secret] : [];
