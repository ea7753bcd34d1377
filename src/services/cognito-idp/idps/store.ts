// A user pool's identity providers in the store. Names are unique per pool (the primary key) and
// so are IdpIdentifiers (identity_provider_identifiers), so the database judges racing creators.
import type { IdentityProviderType, ProviderDescription } from '@aws-sdk/client-cognito-identity-provider';
import {
  DuplicateProviderException,
  InvalidParameterException,
  ResourceNotFoundException,
} from '../../../generated/cognito-idp/errors.js';
import type { Db, Tx } from '../../../store/store.js';
import type { IdentityProviderRow } from '../../../store/tables/cognito-idp-idp.js';
import { UniqueViolation, normalizeDbError } from '../../../store/errors.js';
import { shownDetails, type Details } from './details.js';
import type { SealedKey } from './saml-keys.js';

export interface IdentityProvider {
  poolId: string;
  name: string;
  type: string;
  details: Details;
  attributeMapping: Record<string, string>;
  identifiers: string[];
  createdAt: number;
  updatedAt: number;
  /** a SAML IdP's encryption key, once EncryptedResponses was first "true" (kept while the IdP lives) */
  encryption?: SealedKey;
}

const fromRow = (r: IdentityProviderRow): IdentityProvider => ({
  poolId: r.pool_id,
  name: r.name,
  type: r.type,
  details: JSON.parse(r.details),
  attributeMapping: JSON.parse(r.attribute_mapping),
  identifiers: JSON.parse(r.idp_identifiers),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  ...(r.encryption_certificate && r.encryption_key
    ? { encryption: { certificate: r.encryption_certificate, sealed: r.encryption_key } }
    : {}),
});

const keyColumns = (p: IdentityProvider) => ({
  encryption_certificate: p.encryption?.certificate ?? null,
  encryption_key: p.encryption?.sealed ?? null,
});

/** IdentityProviderType as DescribeIdentityProvider sends it. */
export const identityProviderType = (p: IdentityProvider): IdentityProviderType => ({
  UserPoolId: p.poolId,
  ProviderName: p.name,
  ProviderType: p.type as IdentityProviderType['ProviderType'],
  ProviderDetails: shownDetails(p.type, p.details),
  AttributeMapping: p.attributeMapping,
  IdpIdentifiers: p.identifiers,
  LastModifiedDate: new Date(p.updatedAt),
  CreationDate: new Date(p.createdAt),
});

export const providerDescription = (p: IdentityProvider): ProviderDescription => ({
  ProviderName: p.name,
  ProviderType: p.type as ProviderDescription['ProviderType'],
  LastModifiedDate: new Date(p.updatedAt),
  CreationDate: new Date(p.createdAt),
});

// AWS's text for an unknown IdP is not on record: cognate's words.
export const noSuchProvider = (name: string) =>
  new ResourceNotFoundException(`Identity provider ${name} does not exist.`);

export async function findProvider(db: Db | Tx, poolId: string, name: string): Promise<IdentityProvider | undefined> {
  const row = await db
    .selectFrom('identity_providers')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row && fromRow(row);
}

export async function requireProvider(db: Db | Tx, poolId: string, name: string): Promise<IdentityProvider> {
  const p = await findProvider(db, poolId, name);
  if (!p) throw noSuchProvider(name);
  return p;
}

export async function providerByIdentifier(db: Db, poolId: string, identifier: string): Promise<IdentityProvider> {
  const row = await db
    .selectFrom('identity_provider_identifiers as i')
    .innerJoin('identity_providers as p', (j) =>
      j.onRef('p.pool_id', '=', 'i.pool_id').onRef('p.name', '=', 'i.provider_name'),
    )
    .selectAll('p')
    .where('i.pool_id', '=', poolId)
    .where('i.identifier', '=', identifier)
    .executeTakeFirst();
  // Not on record: cognate's words.
  if (!row) throw new ResourceNotFoundException(`Identity provider with identifier ${identifier} does not exist.`);
  return fromRow(row);
}

/** The names of a pool's IdPs among `names`. */
export async function existingProviders(db: Db | Tx, poolId: string, names: string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows = await db
    .selectFrom('identity_providers')
    .select('name')
    .where('pool_id', '=', poolId)
    .where('name', 'in', names)
    .execute();
  return new Set(rows.map((r) => r.name));
}

export async function listProviders(
  db: Db,
  poolId: string,
  after: string | undefined,
  limit: number,
): Promise<IdentityProvider[]> {
  let q = db.selectFrom('identity_providers').selectAll().where('pool_id', '=', poolId);
  if (after !== undefined) q = q.where('name', '>', after);
  return (await q.orderBy('name').limit(limit).execute()).map(fromRow);
}

function checkIdentifiers(identifiers: string[]): void {
  // Not on record: cognate's words.
  if (new Set(identifiers).size !== identifiers.length)
    throw new InvalidParameterException('IdpIdentifiers must not contain duplicates.');
}

async function insertIdentifiers(trx: Tx, p: IdentityProvider): Promise<void> {
  for (const identifier of p.identifiers) {
    try {
      await trx
        .insertInto('identity_provider_identifiers')
        .values({ pool_id: p.poolId, identifier, provider_name: p.name })
        .execute();
    } catch (e) {
      // An identifier names one IdP of the pool; AWS's text for one already taken is not on
      // record: cognate's words.
      if (normalizeDbError(e) instanceof UniqueViolation)
        throw new DuplicateProviderException(`Identifier ${identifier} is already used by another identity provider.`);
      throw e;
    }
  }
}

export async function insertProvider(trx: Tx, p: IdentityProvider): Promise<void> {
  checkIdentifiers(p.identifiers);
  try {
    await trx
      .insertInto('identity_providers')
      .values({
        pool_id: p.poolId,
        name: p.name,
        type: p.type,
        details: JSON.stringify(p.details),
        attribute_mapping: JSON.stringify(p.attributeMapping),
        idp_identifiers: JSON.stringify(p.identifiers),
        created_at: p.createdAt,
        updated_at: p.updatedAt,
        ...keyColumns(p),
      })
      .execute();
  } catch (e) {
    // As CloudTrail showed it (aws-cloudformation/cloudformation-coverage-roadmap#1287).
    if (normalizeDbError(e) instanceof UniqueViolation)
      throw new DuplicateProviderException(`${p.name} already exists in user pool ${p.poolId}`);
    throw e;
  }
  await insertIdentifiers(trx, p);
}

export async function saveProvider(trx: Tx, p: IdentityProvider): Promise<void> {
  checkIdentifiers(p.identifiers);
  await trx
    .updateTable('identity_providers')
    .set({
      details: JSON.stringify(p.details),
      attribute_mapping: JSON.stringify(p.attributeMapping),
      idp_identifiers: JSON.stringify(p.identifiers),
      updated_at: p.updatedAt,
      ...keyColumns(p),
    })
    .where('pool_id', '=', p.poolId)
    .where('name', '=', p.name)
    .execute();
  await trx
    .deleteFrom('identity_provider_identifiers')
    .where('pool_id', '=', p.poolId)
    .where('provider_name', '=', p.name)
    .execute();
  await insertIdentifiers(trx, p);
}

/** Deletes the IdP, its identifiers and the identities linked through it; false if there was none. */
export async function deleteProvider(trx: Tx, poolId: string, name: string): Promise<boolean> {
  const r = await trx
    .deleteFrom('identity_providers')
    .where('pool_id', '=', poolId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) return false;
  await trx
    .deleteFrom('identity_provider_identifiers')
    .where('pool_id', '=', poolId)
    .where('provider_name', '=', name)
    .execute();
  return true;
}
