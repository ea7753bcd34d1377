import type { GetKeyPolicyRequest, GetKeyPolicyResponse } from '@aws-sdk/client-kms';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { findKey, requireAllowed } from '../keys.js';
import { callerArn } from '../wire.js';

const GetKeyPolicy: Operation<GetKeyPolicyRequest, GetKeyPolicyResponse> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const row = await findKey(deps.store.db, scope, input.KeyId);
  requireAllowed(scope, row, callerArn(ctx), 'kms:GetKeyPolicy');
  return { Policy: row.policy, PolicyName: 'default' };
};
export default GetKeyPolicy;
