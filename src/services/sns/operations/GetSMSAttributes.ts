import type { GetSMSAttributesInput, GetSMSAttributesResponse } from '@aws-sdk/client-sns';
import type { Operation } from '../../context.js';
import { smsAccount } from '../store.js';
import { scopeOf } from '../service.js';

/**
 * A Region never configured reports only `MonthlySpendLimit: "1"` (recorded, docs/reference/aws-recorded.md §2.3):
 * the limit defaults to the account's spend quota. Names asked for filter.
 */
const GetSMSAttributes: Operation<GetSMSAttributesInput, GetSMSAttributesResponse> = async (deps, ctx, input) => {
  const { attributes, spendQuotaUsd } = await smsAccount(deps.store.db, scopeOf(ctx));
  const all: Record<string, string> = { MonthlySpendLimit: String(spendQuotaUsd), ...attributes };
  const asked = input.attributes?.length ? input.attributes : Object.keys(all);
  return { attributes: Object.fromEntries(asked.filter((k) => Object.hasOwn(all, k)).map((k) => [k, all[k]])) };
};
export default GetSMSAttributes;
