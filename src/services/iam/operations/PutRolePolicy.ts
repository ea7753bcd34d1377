import type { PutRolePolicyRequest } from '@aws-sdk/client-iam';
import type { Operation } from '../../context.js';
import { putRolePolicy } from '../store.js';
import { checkDocument } from '../wire.js';

/** Creates or replaces the role's inline policy of that name. */
const PutRolePolicy: Operation<PutRolePolicyRequest, void> = async (deps, ctx, input) => {
  await deps.store.tx(async (trx) => {
    await checkDocument(trx, input.PolicyDocument, 'identity');
    await putRolePolicy(trx, ctx.caller!.account, input.RoleName, input.PolicyName, input.PolicyDocument);
  });
};
export default PutRolePolicy;
