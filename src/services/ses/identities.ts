// SES identities of one account and Region: email addresses, verified by following the link in a
// verification email, and domains, verified by DNS (the _amazonses TXT record, or the Easy DKIM
// CNAMEs) or by an operator. Shared by the v1 and v2 APIs and by Cognito's DEVELOPER email.
//
// AWS's rules kept here (https://docs.aws.amazon.com/ses/latest/dg/creating-identities.html and the
// GetIdentityVerificationAttributes doc of the v1 model):
// - an email address is compared case-sensitively, a domain is not;
// - a verified domain lets any address in it or in its subdomains send;
// - an email link not followed within 24 hours, or DNS records not found within 72 hours, leave
//   the identity Failed; verifying again starts over.
import { randomBytes } from 'node:crypto';
import type { Db, Tx } from '../../store/store.js';
import type { SesIdentityRow } from '../../store/tables/ses.js';

export type IdentityKind = 'EMAIL_ADDRESS' | 'DOMAIN';
export type Status = 'PENDING' | 'SUCCESS' | 'FAILED' | 'TEMPORARY_FAILURE';

export const EMAIL_LINK_LIFETIME_MS = 24 * 3600_000;
export const DNS_LOOKUP_PERIOD_MS = 72 * 3600_000;

export type { Scope } from '../../kernel/caller.js';
import type { Scope } from '../../kernel/caller.js';

export interface Identity {
  name: string;
  kind: IdentityKind;
  status: Status;
  verificationToken: string | null;
  dkimTokens: string[] | null;
  dkimStatus: Status | 'NOT_STARTED';
  errorType: string | null;
  lastCheckedAt: number | null;
  verifiedAt: number | null;
  createdAt: number;
}

export const kindOf = (identity: string): IdentityKind => (identity.includes('@') ? 'EMAIL_ADDRESS' : 'DOMAIN');

/** The stored key: email addresses as given, domains lower-cased (SES compares domains without case). */
export const identityKey = (identity: string) => (kindOf(identity) === 'DOMAIN' ? identity.toLowerCase() : identity);

/** v1 spells statuses Pending, Success, Failed, TemporaryFailure, NotStarted. */
export const v1Status = (s: string) => s.toLowerCase().replace(/(^|_)([a-z])/g, (_m, _u, c: string) => c.toUpperCase());

/** A domain's TXT token: 32 random bytes in base64, as AWS's tokens look (44 characters). */
export const newDomainToken = () => randomBytes(32).toString('base64');
/** Easy DKIM selectors: 32 lower-case letters and digits each, three of them. */
export const newDkimTokens = () => [0, 1, 2].map(() => randomBytes(20).toString('hex').slice(0, 32));

function toIdentity(r: SesIdentityRow, now: number): Identity {
  let status = r.status as Status;
  // Verification that was not completed in time has failed (GetIdentityVerificationAttributes doc).
  if (
    status === 'PENDING' &&
    now - r.pending_since > (r.kind === 'EMAIL_ADDRESS' ? EMAIL_LINK_LIFETIME_MS : DNS_LOOKUP_PERIOD_MS)
  )
    status = 'FAILED';
  let dkimStatus = (r.dkim_status ?? 'NOT_STARTED') as Identity['dkimStatus'];
  if (dkimStatus === 'PENDING' && now - r.pending_since > DNS_LOOKUP_PERIOD_MS) dkimStatus = 'FAILED';
  return {
    name: r.identity,
    kind: r.kind,
    status,
    verificationToken: r.verification_token,
    dkimTokens: r.dkim_tokens ? (JSON.parse(r.dkim_tokens) as string[]) : null,
    dkimStatus,
    errorType: r.error_type,
    lastCheckedAt: r.last_checked_at,
    verifiedAt: r.verified_at,
    createdAt: r.created_at,
  };
}

/** A domain can send once either its TXT record or its DKIM records were found. */
export const isVerified = (i: Identity) => i.status === 'SUCCESS' || i.dkimStatus === 'SUCCESS';

export async function getIdentity(
  db: Db | Tx,
  scope: Scope,
  identity: string,
  now: number,
): Promise<Identity | undefined> {
  const row = await db
    .selectFrom('ses_identities')
    .selectAll()
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .where('identity', '=', identityKey(identity))
    .executeTakeFirst();
  return row && toIdentity(row, now);
}

export async function getIdentities(
  db: Db | Tx,
  scope: Scope,
  identities: string[],
  now: number,
): Promise<Map<string, Identity>> {
  const keys = [...new Set(identities.map(identityKey))];
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom('ses_identities')
    .selectAll()
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .where('identity', 'in', keys)
    .execute();
  return new Map(rows.map((r) => [r.identity, toIdentity(r, now)]));
}

/** Identities in name order, after `after` (keyset pages), at most `limit`. */
export async function listIdentities(
  db: Db,
  scope: Scope,
  opts: { kind?: IdentityKind; after?: string; limit: number },
  now: number,
): Promise<Identity[]> {
  let q = db
    .selectFrom('ses_identities')
    .selectAll()
    .where('account', '=', scope.account)
    .where('region', '=', scope.region);
  if (opts.kind) q = q.where('kind', '=', opts.kind);
  if (opts.after !== undefined) q = q.where('identity', '>', opts.after);
  const rows = await q.orderBy('identity').limit(opts.limit).execute();
  return rows.map((r) => toIdentity(r, now));
}

export interface NewIdentity {
  name: string;
  linkHash?: string | null;
  verificationToken?: string | null;
  dkimTokens?: string[] | null;
}

/**
 * Creates the identity, or starts its verification over when it exists and is not verified.
 * Returns false (and changes nothing) when it exists and `restart` is false, or is already verified.
 */
export async function putIdentity(
  trx: Tx,
  scope: Scope,
  id: NewIdentity,
  now: number,
  restart: boolean,
): Promise<boolean> {
  const name = identityKey(id.name);
  const current = await getIdentity(trx, scope, name, now);
  if (current && (!restart || current.status === 'SUCCESS')) return false;
  const values = {
    status: 'PENDING',
    link_hash: id.linkHash ?? null,
    verification_token: id.verificationToken ?? current?.verificationToken ?? null,
    dkim_tokens: id.dkimTokens
      ? JSON.stringify(id.dkimTokens)
      : current?.dkimTokens
        ? JSON.stringify(current.dkimTokens)
        : null,
    dkim_status: id.dkimTokens || current?.dkimTokens ? 'PENDING' : null,
    error_type: null,
    pending_since: now,
    updated_at: now,
  };
  if (current) {
    await trx
      .updateTable('ses_identities')
      .set(values)
      .where('account', '=', scope.account)
      .where('region', '=', scope.region)
      .where('identity', '=', name)
      .execute();
  } else {
    await trx
      .insertInto('ses_identities')
      .values({
        account: scope.account,
        region: scope.region,
        identity: name,
        kind: kindOf(name),
        ...values,
        last_checked_at: null,
        verified_at: null,
        created_at: now,
      })
      .execute();
  }
  return true;
}

/** Adds Easy DKIM tokens to a domain identity (creating it), keeping the ones it has. */
export async function ensureDkim(trx: Tx, scope: Scope, domain: string, now: number): Promise<string[]> {
  const current = await getIdentity(trx, scope, domain, now);
  if (current?.dkimTokens) return current.dkimTokens;
  const tokens = newDkimTokens();
  if (!current) {
    await putIdentity(
      trx,
      scope,
      { name: domain, verificationToken: newDomainToken(), dkimTokens: tokens },
      now,
      false,
    );
  } else {
    await trx
      .updateTable('ses_identities')
      .set({ dkim_tokens: JSON.stringify(tokens), dkim_status: 'PENDING', updated_at: now })
      .where('account', '=', scope.account)
      .where('region', '=', scope.region)
      .where('identity', '=', identityKey(domain))
      .execute();
  }
  return tokens;
}

export interface StatusChange {
  status?: Status;
  dkimStatus?: Status;
  errorType?: string | null;
}

export async function setStatus(
  db: Db | Tx,
  scope: Scope,
  identity: string,
  change: StatusChange,
  now: number,
): Promise<void> {
  const verified = change.status === 'SUCCESS' || change.dkimStatus === 'SUCCESS';
  await db
    .updateTable('ses_identities')
    .set({
      ...(change.status ? { status: change.status } : {}),
      ...(change.dkimStatus ? { dkim_status: change.dkimStatus } : {}),
      ...(change.errorType !== undefined ? { error_type: change.errorType } : {}),
      ...(verified ? { verified_at: now, link_hash: null } : {}),
      // A check that failed for good ends this attempt's window; a later success needs a new request.
      last_checked_at: now,
      updated_at: now,
    })
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .where('identity', '=', identityKey(identity))
    .execute();
}

export async function linkHashOf(db: Db, scope: Scope, email: string): Promise<string | null> {
  const row = await db
    .selectFrom('ses_identities')
    .select('link_hash')
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .where('identity', '=', email)
    .executeTakeFirst();
  return row?.link_hash ?? null;
}

export async function deleteIdentity(db: Db, scope: Scope, identity: string): Promise<boolean> {
  const r = await db
    .deleteFrom('ses_identities')
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .where('identity', '=', identityKey(identity))
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The bare address of `Name <a@b>` or `a@b`. */
export function bareAddress(address: string): string {
  const m = /<([^<>]*)>\s*$/.exec(address);
  return (m ? m[1] : address).trim();
}

/** The domain of an address, and each parent domain (a verified parent covers its subdomains). */
function domainsOf(address: string): string[] {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  const labels = domain.split('.');
  return labels.map((_, i) => labels.slice(i).join('.')).filter((d) => d.includes('.') || d === domain);
}

/**
 * Which of these addresses no verified identity covers: neither the address itself (exact case)
 * nor its domain or a parent domain is verified in this account and Region.
 */
export async function unverifiedAddresses(
  db: Db | Tx,
  scope: Scope,
  addresses: string[],
  now: number,
): Promise<string[]> {
  const bare = addresses.map(bareAddress);
  const names = new Set<string>();
  for (const a of bare) {
    names.add(a);
    for (const d of domainsOf(a)) names.add(d);
  }
  const found = await getIdentities(db, scope, [...names], now);
  const ok = (name: string) => {
    const i = found.get(identityKey(name));
    return !!i && isVerified(i);
  };
  return addresses.filter((_, i) => !ok(bare[i]) && !domainsOf(bare[i]).some(ok));
}

/** The Amazon SES mailbox simulator's addresses may always receive, in the sandbox too. */
export const isSimulator = (address: string) => /@simulator\.amazonses\.com$/i.test(bareAddress(address));
