// Condition operators (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html)
// and their multi-valued forms (.../reference_policies_condition-single-vs-multi-valued-context-keys.html).
// Every evaluation says why it held or not, in words an operator can act on: `cognate doctor sms`
// and Cognito's choice of error print these.
import { BlockList, isIP } from 'node:net';
import type { Condition } from './document.js';
import { arnMatch, globMatch } from './wildcard.js';

type Test = (policyValue: string, requestValue: string) => boolean;

/** Positive base operators; each negated one is the negation of its positive twin. */
const POSITIVE: Record<string, Test> = {
  StringEquals: (p, r) => p === r,
  StringEqualsIgnoreCase: (p, r) => p.toLowerCase() === r.toLowerCase(),
  StringLike: (p, r) => globMatch(p, r),
  ArnEquals: arnMatch,
  ArnLike: arnMatch,
  NumericEquals: (p, r) => num(r) === num(p),
  NumericLessThan: (p, r) => num(r) < num(p),
  NumericLessThanEquals: (p, r) => num(r) <= num(p),
  NumericGreaterThan: (p, r) => num(r) > num(p),
  NumericGreaterThanEquals: (p, r) => num(r) >= num(p),
  DateEquals: (p, r) => date(r) === date(p),
  DateLessThan: (p, r) => date(r) < date(p),
  DateLessThanEquals: (p, r) => date(r) <= date(p),
  DateGreaterThan: (p, r) => date(r) > date(p),
  DateGreaterThanEquals: (p, r) => date(r) >= date(p),
  Bool: (p, r) => p.toLowerCase() === r.toLowerCase(),
  BinaryEquals: (p, r) => p === r,
  IpAddress: (p, r) => inRange(p, r),
};
const NEGATED: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
};
/** IpAddress: an address or CIDR block (IPv4 or IPv6) holding the request's address. */
function inRange(block: string, address: string): boolean {
  const [ip, bits] = block.split('/');
  const family = isIP(ip);
  if (family === 0 || isIP(address) !== family) return false;
  const max = family === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return false;
  const list = new BlockList();
  list.addSubnet(ip, prefix, family === 4 ? 'ipv4' : 'ipv6');
  return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const num = (s: string) => (s.trim() === '' ? NaN : Number(s));
/** Dates as ISO 8601 or epoch seconds, as IAM takes them. */
const date = (s: string) => (/^\d+$/.test(s) ? Number(s) * 1000 : Date.parse(s));

export interface Operator {
  base: string;
  set?: 'ForAnyValue' | 'ForAllValues';
  ifExists: boolean;
}

export function parseOperator(name: string): Operator | undefined {
  const m = /^(?:(ForAnyValue|ForAllValues):)?([A-Za-z]+?)(IfExists)?$/.exec(name);
  if (!m) return undefined;
  const [, set, base, ifExists] = m;
  if (base === 'Null') return ifExists || set ? undefined : { base, ifExists: false };
  // Own properties only: `constructor` or `toString` are no operators (Object.prototype's are inherited).
  if (!Object.hasOwn(POSITIVE, base) && !Object.hasOwn(NEGATED, base)) return undefined;
  return { base, set: set as Operator['set'], ifExists: ifExists !== undefined };
}

export interface ConditionResult {
  operator: string;
  key: string;
  /** the policy's values */
  values: string[];
  /** the request's values for the key; undefined when the request does not carry it */
  requestValues?: string[];
  held: boolean;
  why: string;
}

const quote = (vs: string[]) => vs.map((v) => JSON.stringify(v)).join(' or ');

/** One condition against the request's context keys (looked up without regard to case). */
export function evaluateCondition(c: Condition, context: ReadonlyMap<string, string[]>): ConditionResult {
  const op = parseOperator(c.operator)!;
  const found = context.get(c.key.toLowerCase());
  const present = found !== undefined && found.length > 0;
  const result = (held: boolean, why: string): ConditionResult => ({
    operator: c.operator,
    key: c.key,
    values: c.values,
    ...(present ? { requestValues: found } : {}),
    held,
    why,
  });

  if (op.base === 'Null') {
    const wantsAbsent = c.values.some((v) => v.toLowerCase() === 'true');
    return result(
      wantsAbsent !== present,
      `${c.key} is ${present ? 'present' : 'absent'} in the request; Null ${c.values.join(',')} ${wantsAbsent !== present ? 'holds' : 'does not hold'}`,
    );
  }

  const negated = Object.hasOwn(NEGATED, op.base);
  if (!present) {
    if (op.ifExists) return result(true, `the request has no ${c.key}, so ${c.operator} holds`);
    if (op.set === 'ForAllValues')
      return result(true, `the request has no ${c.key}; ForAllValues holds for an empty set`);
    if (negated && !op.set)
      return result(true, `the request has no ${c.key}; a negated operator holds when the key is absent`);
    return result(false, `the request has no ${c.key}; ${c.operator} needs ${quote(c.values)}`);
  }

  const test = POSITIVE[negated ? NEGATED[op.base] : op.base];
  const one = (r: string) => {
    const matched = c.values.some((p) => test(p, r));
    return negated ? !matched : matched;
  };
  const held = op.set === 'ForAllValues' ? found.every(one) : found.some(one);
  const relation = negated ? 'must match none of' : 'must match';
  return result(
    held,
    `the request has ${c.key} = ${quote(found)}, which ${relation} ${quote(c.values)} (${c.operator}): ${held ? 'holds' : 'does not hold'}`,
  );
}
