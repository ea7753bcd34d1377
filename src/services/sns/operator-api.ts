// What an operator does that AWS does through support cases and consoles, over HTTP (the
// `cognate sns ...` commands call these):
//
//   GET    /_cognate/sns/sms?account=&region=                     the Region's SMS state: sandbox, limit, spend, numbers
//   POST   /_cognate/sns/sandbox {account, region, inSandbox}     move the Region out of (or back into) the SMS sandbox
//   POST   /_cognate/sns/spend-quota {account, region, usd}       the most MonthlySpendLimit may be (1 USD for new accounts)
//   POST   /_cognate/sns/origination-numbers {account, region, phoneNumber, type, routeType?}
//   DELETE /_cognate/sns/origination-numbers?account=&region=&phoneNumber=
//   POST   /_aws/sns/phone-opt-outs {phoneNumber, accountId?, region?}   a recipient replied STOP (LocalStack's hook)
//
// account defaults to cognate's default account, region to us-east-1 (as /_aws/sns/sms-messages).
import { OperatorError, sendJson, type Route } from '../../kernel/route.js';
import type { Deps } from '../context.js';
import { countryOf, e164 } from './phone.js';
import {
  addOriginationNumber,
  monthlyLimitUsd,
  optOut,
  originationNumbers,
  removeOriginationNumber,
  setSandbox,
  setSpendQuota,
  smsAccount,
  spendThisMonth,
  type Scope,
} from './store.js';
import { numbersPage } from './sandbox.js';
import type { OriginationType } from '../../store/tables/sns.js';

const TYPES: Record<string, OriginationType> = {
  'short-code': 'SHORT_CODE',
  '10dlc': 'TEN_DLC',
  'toll-free': 'TOLL_FREE',
};
const TYPE_NAMES = Object.fromEntries(Object.entries(TYPES).map(([k, v]) => [v, k]));

const badRequest = (message: string) => new OperatorError(400, 'bad_request', message);

function readJson(body: Buffer): Record<string, unknown> {
  try {
    const v = JSON.parse(body.toString('utf8') || '{}');
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v;
  } catch {
    // falls through
  }
  throw badRequest('the body must be a JSON object');
}

function scopeFrom(deps: Deps, account: unknown, region: unknown): Scope {
  const a = account === undefined || account === null ? deps.config.defaultAccount : String(account);
  const r = region === undefined || region === null ? 'us-east-1' : String(region);
  if (!/^\d{12}$/.test(a)) throw badRequest('account must be 12 digits');
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(r)) throw badRequest(`'${r}' is not a Region name`);
  return { account: a, region: r };
}

/** The Region's SMS state as the operator and `cognate doctor sms` read it. */
export async function smsStatus(deps: Deps, scope: Scope) {
  const now = deps.now();
  const account = await smsAccount(deps.store.db, scope);
  const spend = await spendThisMonth(deps.store.db, scope, now);
  return {
    ...scope,
    /** how this server sends user pools' SMS (--cognito-sms) */
    cognitoSms: deps.config.cognitoSms,
    inSandbox: account.inSandbox,
    attributes: { MonthlySpendLimit: String(account.spendQuotaUsd), ...account.attributes },
    spendQuotaUsd: account.spendQuotaUsd,
    month: new Date(now).toISOString().slice(0, 7),
    monthToDateSpentUsd: spend.microUsd / 1_000_000,
    monthlySpendLimitUsd: monthlyLimitUsd(account),
    messagesThisMonth: spend.messages,
    originationNumbers: (await originationNumbers(deps.store.db, scope)).map((n) => ({
      phoneNumber: n.phone_number,
      type: TYPE_NAMES[n.number_type],
      country: n.iso2_country,
      routeType: n.route_type,
    })),
    sandboxNumbers: (await numbersPage(deps.store.db, scope, undefined, 100)).map((n) => ({
      phoneNumber: n.phone_number,
      status: n.status,
    })),
  };
}

function route(
  method: string,
  path: string,
  fn: (deps: Deps, url: URL, body: Buffer) => Promise<unknown>,
  deps: Deps,
): Route {
  return {
    method,
    path,
    async handle(_req, res, url, body) {
      sendJson(res, 200, await fn(deps, url, body));
    },
  };
}

export function snsOperatorRoutes(deps: Deps): Route[] {
  return [
    route(
      'GET',
      '/_cognate/sns/sms',
      async (d, url) =>
        smsStatus(
          d,
          scopeFrom(d, url.searchParams.get('account') ?? undefined, url.searchParams.get('region') ?? undefined),
        ),
      deps,
    ),
    route(
      'POST',
      '/_cognate/sns/sandbox',
      async (d, _url, body) => {
        const b = readJson(body);
        if (typeof b.inSandbox !== 'boolean') throw badRequest('inSandbox must be true or false');
        const scope = scopeFrom(d, b.account, b.region);
        await setSandbox(d.store, scope, b.inSandbox, d.now());
        return smsStatus(d, scope);
      },
      deps,
    ),
    route(
      'POST',
      '/_cognate/sns/spend-quota',
      async (d, _url, body) => {
        const b = readJson(body);
        if (!Number.isInteger(b.usd) || (b.usd as number) < 0)
          throw badRequest('usd must be a whole number of US dollars');
        const scope = scopeFrom(d, b.account, b.region);
        await setSpendQuota(d.store, scope, b.usd as number, d.now());
        return smsStatus(d, scope);
      },
      deps,
    ),
    route(
      'POST',
      '/_cognate/sns/origination-numbers',
      async (d, _url, body) => {
        const b = readJson(body);
        const scope = scopeFrom(d, b.account, b.region);
        const type = TYPES[String(b.type)];
        if (!type) throw badRequest(`type must be one of ${Object.keys(TYPES).join(', ')}`);
        const raw = String(b.phoneNumber ?? '');
        // Short codes are 5 or 6 digits (US); the others are E.164 numbers.
        const number = type === 'SHORT_CODE' ? (/^\d{5,6}$/.test(raw) ? raw : undefined) : e164(raw);
        if (!number)
          throw badRequest(
            type === 'SHORT_CODE' ? 'a short code is 5 or 6 digits' : 'phoneNumber must be an E.164 number',
          );
        const country =
          type === 'SHORT_CODE' ? String(b.country ?? 'US') : (countryOf(number) ?? String(b.country ?? ''));
        const routeType = String(b.routeType ?? 'Transactional');
        if (!['Transactional', 'Promotional', 'Premium'].includes(routeType))
          throw badRequest('routeType must be Transactional, Promotional or Premium');
        await addOriginationNumber(d.store.db, {
          ...scope,
          phone_number: number,
          number_type: type,
          iso2_country: country,
          route_type: routeType,
          created_at: d.now(),
        });
        return smsStatus(d, scope);
      },
      deps,
    ),
    route(
      'DELETE',
      '/_cognate/sns/origination-numbers',
      async (d, url) => {
        const scope = scopeFrom(
          d,
          url.searchParams.get('account') ?? undefined,
          url.searchParams.get('region') ?? undefined,
        );
        if (!(await removeOriginationNumber(d.store.db, scope, url.searchParams.get('phoneNumber') ?? '')))
          throw new OperatorError(404, 'not_found', 'no such origination number');
        return smsStatus(d, scope);
      },
      deps,
    ),
    route(
      'POST',
      '/_aws/sns/phone-opt-outs',
      async (d, _url, body) => {
        const b = readJson(body);
        const number = e164(String(b.phoneNumber ?? ''));
        if (!number) throw badRequest('phoneNumber must be an E.164 number');
        await optOut(d.store.db, scopeFrom(d, b.accountId, b.region), number, d.now());
        return {};
      },
      deps,
    ),
  ];
}
