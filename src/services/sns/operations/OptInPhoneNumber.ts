import type { OptInPhoneNumberInput, OptInPhoneNumberResponse } from '@aws-sdk/client-sns';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/sns/errors.js';
import { optIn, optOutRow } from '../store.js';
import { scopeOf } from '../service.js';
import { phoneParameter } from '../phone-parameter.js';

const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * A number that was never opted out answers 200 too (recorded, docs/reference/aws-recorded.md §2.4). "You can opt
 * in a phone number only once every 30 days" (API reference); AWS's text for the refusal is not
 * on record: cognate's words.
 */
const OptInPhoneNumber: Operation<OptInPhoneNumberInput, OptInPhoneNumberResponse> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const number = phoneParameter(input.phoneNumber);
  const now = deps.now();
  const row = await optOutRow(deps.store.db, scope, number);
  if (!row?.opted_out) return {};
  if (row.opted_in_at !== null && now - row.opted_in_at < THIRTY_DAYS_MS) {
    throw new InvalidParameterException(
      'Invalid parameter: PhoneNumber Reason: a phone number can be opted in only once every 30 days',
    );
  }
  await optIn(deps.store.db, scope, number, now);
  return {};
};
export default OptInPhoneNumber;
