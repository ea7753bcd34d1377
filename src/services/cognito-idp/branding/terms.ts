// Terms documents of an app client: a terms-of-use and a privacy-policy (TermsName, the model's
// pattern), each a map of managed login languages to URLs. "Terms document names must be unique to
// the app client" (TermsExistsException, API reference), so a client has at most one of each.
// Managed login shows them once both exist, for the user's language, else cognito:default
// (CreateTerms, API reference): `termsLinks` answers that for the sign-in pages.
import { randomUUID } from 'node:crypto';
import type { TermsDescriptionType, TermsType } from '@aws-sdk/client-cognito-identity-provider';
import { ResourceNotFoundException, TermsExistsException } from '../../../generated/cognito-idp/errors.js';
import type { Db } from '../../../store/store.js';
import type { TermsRow } from '../../../store/tables/cognito-idp-branding.js';
import { pageToken } from '../caller.js';

// AWS's texts for these two are not on record: cognate's words.
export const noSuchTerms = (id: string) => new ResourceNotFoundException(`Terms ${id} do not exist.`);
export const termsExist = (clientId: string, name: string) =>
  new TermsExistsException(`App client ${clientId} already has terms named ${name}.`);

export const newTermsId = () => randomUUID();

export function termsType(r: TermsRow): TermsType {
  return {
    TermsId: r.id,
    UserPoolId: r.pool_id,
    ClientId: r.client_id,
    TermsName: r.name,
    TermsSource: r.source as TermsType['TermsSource'],
    Enforcement: r.enforcement as TermsType['Enforcement'],
    Links: JSON.parse(r.links) as Record<string, string>,
    CreationDate: new Date(r.created_at),
    LastModifiedDate: new Date(r.updated_at),
  };
}

export const termsDescription = (r: TermsRow): TermsDescriptionType => ({
  TermsId: r.id,
  TermsName: r.name,
  Enforcement: r.enforcement as TermsDescriptionType['Enforcement'],
  CreationDate: new Date(r.created_at),
  LastModifiedDate: new Date(r.updated_at),
});

export async function getTerms(db: Db, poolId: string, id: string): Promise<TermsRow> {
  const row = await db
    .selectFrom('terms')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw noSuchTerms(id);
  return row;
}

export const termsScope = (poolId: string) => `terms ${poolId}`;

/** The pool's terms documents by id. */
export async function listTerms(
  db: Db,
  poolId: string,
  after: string | undefined,
  limit: number,
): Promise<{ items: TermsRow[]; next?: string }> {
  let q = db.selectFrom('terms').selectAll().where('pool_id', '=', poolId);
  if (after !== undefined) q = q.where('id', '>', after);
  const rows = await q
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit);
  return { items, ...(rows.length > limit ? { next: pageToken(termsScope(poolId), [items[limit - 1].id]) } : {}) };
}

/**
 * The links a client's sign-up page shows for `language` (a LanguageIdType such as cognito:spanish):
 * each document's URL in that language, else its cognito:default one; none until the client has
 * both a terms-of-use and a privacy-policy.
 */
export async function termsLinks(
  db: Db,
  poolId: string,
  clientId: string,
  language = 'cognito:default',
): Promise<{ termsOfUse: string; privacyPolicy: string } | undefined> {
  const rows = await db
    .selectFrom('terms')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('client_id', '=', clientId)
    .execute();
  const link = (name: string) => {
    const row = rows.find((r) => r.name === name);
    const links = row && (JSON.parse(row.links) as Record<string, string>);
    return links?.[language] ?? links?.['cognito:default'];
  };
  const termsOfUse = link('terms-of-use');
  const privacyPolicy = link('privacy-policy');
  return termsOfUse && privacyPolicy ? { termsOfUse, privacyPolicy } : undefined;
}
