import type { GetSMSSandboxAccountStatusInput, GetSMSSandboxAccountStatusResult } from '@aws-sdk/client-sns';
import type { Operation } from '../../context.js';
import { smsAccount } from '../store.js';
import { scopeOf } from '../service.js';

/** New accounts are in the SMS sandbox in every Region until moved out (`cognate sns leave-sandbox`). */
const GetSMSSandboxAccountStatus: Operation<GetSMSSandboxAccountStatusInput, GetSMSSandboxAccountStatusResult> = async (
  deps,
  ctx,
) => {
  return { IsInSandbox: (await smsAccount(deps.store.db, scopeOf(ctx))).inSandbox };
};
export default GetSMSSandboxAccountStatus;
