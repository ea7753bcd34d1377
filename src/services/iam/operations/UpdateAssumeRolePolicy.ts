import type { UpdateAssumeRolePolicyRequest } from '@aws-sdk/client-iam';
import type { Operation } from '../../context.js';
import { getRole, setTrustPolicy } from '../store.js';
import { checkDocument } from '../wire.js';
import { checkTrustSize } from '../quotas.js';

const UpdateAssumeRolePolicy: Operation<UpdateAssumeRolePolicyRequest, void> = async (deps, ctx, input) => {
  const { account } = ctx.caller!;
  await deps.store.tx(async (trx) => {
    await getRole(trx, account, input.RoleName); // an unknown role is NoSuchEntity before the document is judged
    await checkDocument(trx, input.PolicyDocument, 'trust');
    checkTrustSize(input.PolicyDocument);
    await setTrustPolicy(trx, account, input.RoleName, input.PolicyDocument);
  });
};
export default UpdateAssumeRolePolicy;
