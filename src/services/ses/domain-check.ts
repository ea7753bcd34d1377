// Domain verification by DNS, through a resolver cognate is told about (`--dns-server`, else the
// system's): the TXT record `_amazonses.<domain>` holding the verification token, or the three
// Easy DKIM CNAMEs `<token>._domainkey.<domain>` → `<token>.dkim.amazonses.com`; either one
// verifies the domain (API_VerifyDomainDkim: once DKIM is found the domain may send without the
// TXT record). What a lookup found becomes v2's VerificationInfo.ErrorType (HOST_NOT_FOUND,
// TYPE_NOT_FOUND, INVALID_VALUE, DNS_SERVER_ERROR); a DNS server that fails to answer makes the
// status TemporaryFailure, a record that is not there leaves it Pending until its 72 hours end.
import { Resolver } from 'node:dns/promises';
import type { Deps } from '../context.js';
import { getIdentity, isVerified, setStatus, v1Status, type Identity, type Scope, type Status } from './identities.js';

export interface DomainCheck {
  found: boolean;
  domain: string;
  status?: string;
  dkimStatus?: string;
  errorType?: string | null;
  checked?: string[];
}

type Lookup = { ok: true } | { ok: false; error: string; temporary: boolean };

function failure(e: unknown): Lookup {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'ENOTFOUND') return { ok: false, error: 'HOST_NOT_FOUND', temporary: false };
  if (code === 'ENODATA') return { ok: false, error: 'TYPE_NOT_FOUND', temporary: false };
  // SERVFAIL, timeouts, refusals and anything else the resolver could not get an answer for.
  return { ok: false, error: 'DNS_SERVER_ERROR', temporary: true };
}

function resolver(deps: Deps): Resolver {
  const r = new Resolver({ timeout: 3000, tries: 2 });
  if (deps.config.dnsServers?.length) r.setServers(deps.config.dnsServers);
  return r;
}

async function lookTxt(r: Resolver, domain: string, token: string): Promise<Lookup> {
  try {
    const records = (await r.resolveTxt(`_amazonses.${domain}`)).map((chunks) => chunks.join(''));
    return records.includes(token) ? { ok: true } : { ok: false, error: 'INVALID_VALUE', temporary: false };
  } catch (e) {
    return failure(e);
  }
}

async function lookDkim(r: Resolver, domain: string, tokens: string[]): Promise<Lookup> {
  for (const t of tokens) {
    try {
      const targets = (await r.resolveCname(`${t}._domainkey.${domain}`)).map((c) =>
        c.toLowerCase().replace(/\.$/, ''),
      );
      if (!targets.includes(`${t}.dkim.amazonses.com`)) return { ok: false, error: 'INVALID_VALUE', temporary: false };
    } catch (e) {
      return failure(e);
    }
  }
  return { ok: true };
}

const report = (domain: string, i: Identity, checked: string[]): DomainCheck => ({
  found: true,
  domain,
  status: v1Status(isVerified(i) ? 'SUCCESS' : i.status),
  dkimStatus: v1Status(i.dkimStatus),
  errorType: i.errorType,
  checked,
});

/** Looks the domain's records up now and records what was found. */
export async function checkDomain(deps: Deps, scope: Scope, domain: string): Promise<DomainCheck> {
  const before = await getIdentity(deps.store.db, scope, domain, deps.now());
  if (before?.kind !== 'DOMAIN') return { found: false, domain };
  const r = resolver(deps);
  const checked: string[] = [];
  let txt: Lookup | undefined;
  let dkim: Lookup | undefined;
  if (before.verificationToken) {
    checked.push(`TXT _amazonses.${before.name}`);
    txt = await lookTxt(r, before.name, before.verificationToken);
  }
  if (before.dkimTokens) {
    checked.push(...before.dkimTokens.map((t) => `CNAME ${t}._domainkey.${before.name}`));
    dkim = await lookDkim(r, before.name, before.dkimTokens);
  }
  const settle = (l: Lookup | undefined, current: Status | 'NOT_STARTED'): Status | undefined => {
    if (!l || current === 'SUCCESS') return undefined;
    if (l.ok) return 'SUCCESS';
    return l.temporary ? 'TEMPORARY_FAILURE' : current === 'TEMPORARY_FAILURE' ? 'PENDING' : undefined;
  };
  const txtStatus = settle(txt, before.status);
  const dkimStatus = settle(dkim, before.dkimStatus);
  // The identity's status follows its TXT record; DKIM found verifies it too, and a domain with
  // DKIM only (created through v2) follows DKIM.
  const status = dkimStatus === 'SUCCESS' ? 'SUCCESS' : txt ? txtStatus : dkimStatus;
  const misses = [txt, dkim].filter((l): l is Extract<Lookup, { ok: false }> => !!l && !l.ok);
  const miss = misses.find((l) => l.temporary) ?? misses[0];
  await setStatus(
    deps.store.db,
    scope,
    before.name,
    { status, dkimStatus, errorType: txt?.ok || dkim?.ok ? null : (miss?.error ?? null) },
    deps.now(),
  );
  return report(domain, (await getIdentity(deps.store.db, scope, domain, deps.now()))!, checked);
}

const STATUSES: Record<string, Status> = {
  success: 'SUCCESS',
  failed: 'FAILED',
  temporaryfailure: 'TEMPORARY_FAILURE',
  temporary_failure: 'TEMPORARY_FAILURE',
  pending: 'PENDING',
};

/** The operator's word instead of DNS: Success, Failed, TemporaryFailure or Pending (v1 or v2 spelling). */
export async function setDomainStatus(deps: Deps, scope: Scope, domain: string, given: string): Promise<DomainCheck> {
  const status = STATUSES[given.toLowerCase()];
  const before = await getIdentity(deps.store.db, scope, domain, deps.now());
  if (before?.kind !== 'DOMAIN' || !status)
    return { found: false, domain, ...(status ? {} : { errorType: `unknown status ${given}` }) };
  await setStatus(
    deps.store.db,
    scope,
    before.name,
    { status, ...(before.dkimTokens ? { dkimStatus: status } : {}), errorType: null },
    deps.now(),
  );
  return report(domain, (await getIdentity(deps.store.db, scope, domain, deps.now()))!, []);
}

/** How often SES looks a pending domain's records up again while someone is asking about it. */
export const RECHECK_AFTER_MS = 30_000;

/**
 * SES keeps looking for a pending domain's records (for 72 hours); cognate looks when someone asks
 * about the domain (GetIdentityVerificationAttributes, GetEmailIdentity), at most every 30 seconds,
 * in the background: the answer in hand shows the state before the lookup, the next one after it.
 */
export function recheckPendingDomains(deps: Deps, scope: Scope, identities: Identity[]): void {
  const now = deps.now();
  for (const i of identities) {
    if (
      i.kind !== 'DOMAIN' ||
      isVerified(i) ||
      i.status === 'FAILED' ||
      now - (i.lastCheckedAt ?? 0) < RECHECK_AFTER_MS
    )
      continue;
    checkDomain(deps, scope, i.name).catch((err: unknown) =>
      deps.log.warn({ err, domain: i.name }, 'SES domain lookup failed'),
    );
  }
}
