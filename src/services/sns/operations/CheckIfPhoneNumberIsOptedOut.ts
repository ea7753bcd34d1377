import type { CheckIfPhoneNumberIsOptedOutInput, CheckIfPhoneNumberIsOptedOutResponse } from '@aws-sdk/client-sns';
import type { Operation } from '../../context.js';
import { isOptedOut } from '../store.js';
import { scopeOf } from '../service.js';
import { phoneParameter } from '../phone-parameter.js';

const CheckIfPhoneNumberIsOptedOut: Operation<
  CheckIfPhoneNumberIsOptedOutInput,
  CheckIfPhoneNumberIsOptedOutResponse
> = async (deps, ctx, input) => {
  return { isOptedOut: await isOptedOut(deps.store.db, scopeOf(ctx), phoneParameter(input.phoneNumber)) };
};
export default CheckIfPhoneNumberIsOptedOut;
