import type { DeleteSMSSandboxPhoneNumberInput, DeleteSMSSandboxPhoneNumberResult } from '@aws-sdk/client-sns';
import type { Operation } from '../../context.js';
import {
  InvalidParameterException,
  ResourceNotFoundException,
  UserErrorException,
} from '../../../generated/sns/errors.js';
import { e164 } from '../phone.js';
import { DAY_MS, deleteNumber, sandboxNumber } from '../sandbox.js';
import { scopeOf } from '../service.js';

/**
 * A number can be deleted only 24 hours after its verification or last verification attempt
 * (developer guide). AWS's texts are not on record (docs/reference/aws-recorded.md §2.5): cognate's words.
 */
const DeleteSMSSandboxPhoneNumber: Operation<
  DeleteSMSSandboxPhoneNumberInput,
  DeleteSMSSandboxPhoneNumberResult
> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const number = e164(input.PhoneNumber);
  if (!number)
    throw new InvalidParameterException(
      `Invalid parameter: PhoneNumber Reason: ${input.PhoneNumber} is not a valid phone number`,
    );
  const row = await sandboxNumber(deps.store.db, scope, number);
  if (!row)
    throw new ResourceNotFoundException(`Phone number ${number} is not in the SMS sandbox of this account and Region`);
  if (deps.now() - row.last_attempt_at < DAY_MS) {
    throw new UserErrorException(
      'You can delete a destination phone number only 24 hours after its verification or last verification attempt.',
    );
  }
  await deleteNumber(deps.store.db, scope, number);
  return {};
};
export default DeleteSMSSandboxPhoneNumber;
