import type { CreateSMSSandboxPhoneNumberInput, CreateSMSSandboxPhoneNumberResult } from '@aws-sdk/client-sns';
import type { Operation } from '../../context.js';
import {
  InvalidParameterException,
  OptedOutException,
  ThrottledException,
  UserErrorException,
} from '../../../generated/sns/errors.js';
import { e164 } from '../phone.js';
import { publishSms } from '../publish.js';
import { issueOtp, MAX_SANDBOX_NUMBERS } from '../sandbox.js';
import { isOptedOut } from '../store.js';
import { scopeOf } from '../service.js';
import { otpMessage } from '../otp-text.js';

/**
 * Adds a destination number to the sandbox (Pending) and sends it a one-time password through the
 * messaging plane's SMS channel. Calling it again for a pending number sends a new password, at
 * most five a day (developer guide). AWS's texts for these refusals are not on record
 * (docs/reference/aws-recorded.md §2.5): cognate's words, with the model's exceptions.
 */
const CreateSMSSandboxPhoneNumber: Operation<
  CreateSMSSandboxPhoneNumberInput,
  CreateSMSSandboxPhoneNumberResult
> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const number = e164(input.PhoneNumber);
  if (!number)
    throw new InvalidParameterException(
      `Invalid parameter: PhoneNumber Reason: ${input.PhoneNumber} is not a valid phone number`,
    );
  if (await isOptedOut(deps.store.db, scope, number))
    throw new OptedOutException(`Phone number ${number} is opted out of receiving SMS messages from this account`);
  const now = deps.now();
  const sent = await deps.store.tx(async (trx) => {
    const outcome = await issueOtp(trx, deps.serverKey, scope, number, now);
    if ('refused' in outcome) return outcome;
    await publishSms(
      trx,
      {
        scope,
        destination: number,
        message: otpMessage(input.LanguageCode, outcome.otp),
        activity: 'sns_sandbox_otp',
        sandboxOtp: true,
      },
      now,
    );
    return outcome;
  });
  if ('refused' in sent) {
    if (sent.refused === 'limit')
      throw new UserErrorException(
        `You can have up to ${MAX_SANDBOX_NUMBERS} destination phone numbers in the SMS sandbox. Delete one to add another.`,
      );
    if (sent.refused === 'throttled')
      throw new ThrottledException(
        'You can send the one-time password to a destination phone number up to five times every 24 hours.',
      );
    throw new InvalidParameterException(`Invalid parameter: PhoneNumber Reason: ${number} is already verified`);
  }
  return {};
};
export default CreateSMSSandboxPhoneNumber;
