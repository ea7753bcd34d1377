// The user a federated sign-in signs in as. An external identity linked to a user of the pool
// (AdminLinkProviderForUser) signs in as that user. Otherwise the user is `<ProviderName>_<id>`
// (the id: the IdP's subject, or the claim mapped to `username`), status EXTERNAL_PROVIDER,
// created at the first sign-in and its mapped attributes brought up to date at each one, with
// `identities` naming the IdP (developer guide, "Adding user pool sign-in through a third
// party"; AdminGetUser's example response shows the identities attribute).
import type { Deps } from '../../context.js';
import { newUuid } from '../../../crypto/ids.js';
import type { Pool } from '../pools/store.js';
import { findUser, findUserBySub, insertUser, newUser, saveUser, type User } from '../users/store.js';
import { COGNITO_SUBJECT } from '../idps/identify.js';
import type { IdentityProvider } from '../idps/store.js';
import { FederationError } from './oidc.js';

/** A claim as an attribute value: strings as they are, booleans and numbers as text, the first of a list. */
function text(v: unknown): string | undefined {
  if (Array.isArray(v)) return text(v[0]);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** The pool attributes the IdP's claims fill, by AttributeMapping (pool attribute → IdP claim). */
export function mappedAttributes(p: IdentityProvider, claims: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [attribute, claim] of Object.entries(p.attributeMapping)) {
    if (attribute === 'username') continue;
    const value = text(claims[claim]);
    if (value !== undefined) out[attribute] = value;
  }
  return out;
}

/** The IdP's id of the person: the claim mapped to username (sub, id, user_id by type), or the SAML NameID. */
export function subjectOf(p: IdentityProvider, claims: Record<string, unknown>, nameId?: string): string | undefined {
  const claim = p.attributeMapping.username;
  return (claim ? text(claims[claim]) : undefined) ?? nameId ?? text(claims.sub);
}

/**
 * "Invalid user attributes: <name>: The attribute is required" (AWS re:Post knowledge center,
 * "How do I troubleshoot invalid SAML response errors", where SAML's text starts with "Invalid
 * SAML response received: "; the OIDC form is said the same way).
 */
function checkRequired(pool: Pool, attributes: Record<string, string>, prefix: string): void {
  const missing = (pool.config.SchemaAttributes ?? []).filter(
    (a) => a.Required && a.Name !== 'sub' && !attributes[a.Name ?? ''],
  );
  if (missing.length)
    throw new FederationError(
      `${prefix}Invalid user attributes: ${missing.map((a) => `${a.Name}: The attribute is required`).join(', ')}`,
    );
}

const identity = (p: IdentityProvider, subject: string, now: number) =>
  JSON.stringify([
    {
      userId: subject,
      providerName: p.name,
      providerType: p.type,
      issuer: null,
      primary: true,
      dateCreated: now,
    },
  ]);

export async function federatedUser(
  deps: Deps,
  pool: Pool,
  p: IdentityProvider,
  subject: string,
  claims: Record<string, unknown>,
  errorPrefix = '',
): Promise<User> {
  const attributes = mappedAttributes(p, claims);
  // A link made by AdminLinkProviderForUser: by the subject (Cognito_Subject), or, for OIDC and
  // SAML, by a mapped attribute's value.
  const links = await deps.store.db
    .selectFrom('provider_links')
    .select(['user_sub', 'attribute_name', 'attribute_value'])
    .where('pool_id', '=', pool.id)
    .where('provider_name', '=', p.name)
    .execute();
  const linked = links.find((l) =>
    l.attribute_name === COGNITO_SUBJECT
      ? l.attribute_value === subject
      : attributes[l.attribute_name] === l.attribute_value,
  );
  if (linked) {
    const user = await findUserBySub(deps.store.db, pool.id, linked.user_sub);
    if (user) return user;
  }
  const username = `${p.name}_${subject}`;
  const now = deps.now();
  return deps.store.tx(async (trx) => {
    const existing = await findUser(trx, pool, username);
    if (existing) {
      // Mapped attributes follow the IdP at each sign-in; the others stay as the pool has them.
      const next = { ...existing.attributes, ...attributes };
      checkRequired(pool, next, errorPrefix);
      const updated = { ...existing, attributes: next, updatedAt: now };
      await saveUser(trx, pool, updated);
      return updated;
    }
    checkRequired(pool, attributes, errorPrefix);
    const user = newUser(
      pool,
      newUuid(),
      username,
      'EXTERNAL_PROVIDER',
      { ...attributes, identities: identity(p, subject, now) },
      now,
    );
    await insertUser(trx, pool, user, 'User account already exists');
    return user;
  });
}
