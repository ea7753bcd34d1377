import type { SetSMSAttributesInput, SetSMSAttributesResponse } from '@aws-sdk/client-sns';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/sns/errors.js';
import { setAttributes, smsAccount } from '../store.js';
import { scopeOf } from '../service.js';

// The keys SetSMSAttributes takes and what each value must be (SNS API reference, SetSMSAttributes).
const RULES: Record<string, (v: string) => boolean> = {
  MonthlySpendLimit: (v) => /^\d+$/.test(v),
  DeliveryStatusIAMRole: (v) => v === '' || /^arn:aws[\w-]*:iam::\d{12}:role\/.+$/.test(v),
  DeliveryStatusSuccessSamplingRate: (v) => /^\d+$/.test(v) && Number(v) <= 100,
  DefaultSenderID: (v) => /^[A-Za-z0-9]{1,11}$/.test(v) && /[A-Za-z]/.test(v),
  DefaultSMSType: (v) => v === 'Promotional' || v === 'Transactional',
  UsageReportS3Bucket: (v) => v === '' || /^[a-z0-9.-]{3,63}$/.test(v),
};

/**
 * Recorded refusals (docs/reference/aws-recorded.md §2.3): an unknown key is `<key> is not a valid attribute`, a
 * bad DefaultSMSType `DefaultSMSType is invalid`, with no "Invalid parameter:" prefix; the other
 * keys' bad values are worded the same way.
 */
const SetSMSAttributes: Operation<SetSMSAttributesInput, SetSMSAttributesResponse> = async (deps, ctx, input) => {
  const attributes = input.attributes ?? {};
  for (const [key, value] of Object.entries(attributes)) {
    if (!Object.hasOwn(RULES, key)) throw new InvalidParameterException(`${key} is not a valid attribute`);
    if (!RULES[key](String(value ?? ''))) throw new InvalidParameterException(`${key} is invalid`);
  }
  const scope = scopeOf(ctx);
  if (attributes.MonthlySpendLimit !== undefined) {
    // The limit cannot pass the account's spend quota; raising that takes an AWS Support case
    // (developer guide, "Requesting increases to your monthly SMS spending quota"). AWS's text for
    // this refusal is not on record: cognate's words.
    const { spendQuotaUsd } = await smsAccount(deps.store.db, scope);
    if (Number(attributes.MonthlySpendLimit) > spendQuotaUsd) {
      throw new InvalidParameterException(
        `MonthlySpendLimit exceeds the account's monthly SMS spend quota of ${spendQuotaUsd} USD in this Region`,
      );
    }
  }
  await setAttributes(deps.store, scope, attributes as Record<string, string>, deps.now());
  return {};
};
export default SetSMSAttributes;
