import type { PutKeyPolicyRequest } from '@aws-sdk/client-kms';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { findKey, requireAllowed } from '../keys.js';
import { callerArn } from '../wire.js';
import { checkPolicy } from './CreateKey.js';

const PutKeyPolicy: Operation<PutKeyPolicyRequest, void> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const row = await findKey(deps.store.db, scope, input.KeyId);
  requireAllowed(scope, row, callerArn(ctx), 'kms:PutKeyPolicy');
  checkPolicy(input.Policy);
  await deps.store.db
    .updateTable('kms_keys')
    .set({ policy: input.Policy })
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .where('key_id', '=', row.key_id)
    .execute();
};
export default PutKeyPolicy;
