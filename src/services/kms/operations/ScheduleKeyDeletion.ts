import type { ScheduleKeyDeletionRequest, ScheduleKeyDeletionResponse } from '@aws-sdk/client-kms';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { findKey, keyArn, requireAllowed } from '../keys.js';
import { callerArn } from '../wire.js';

/** The key stops working now (PendingDeletion); cognate never removes the row by itself. */
const ScheduleKeyDeletion: Operation<ScheduleKeyDeletionRequest, ScheduleKeyDeletionResponse> = async (
  deps,
  ctx,
  input,
) => {
  const scope = scopeOf(ctx);
  const row = await findKey(deps.store.db, scope, input.KeyId);
  requireAllowed(scope, row, callerArn(ctx), 'kms:ScheduleKeyDeletion');
  const days = input.PendingWindowInDays ?? 30;
  const at = deps.now() + days * 86_400_000;
  await deps.store.db
    .updateTable('kms_keys')
    .set({ key_state: 'PendingDeletion', deletion_date: at })
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .where('key_id', '=', row.key_id)
    .execute();
  return {
    KeyId: keyArn(scope, row.key_id),
    DeletionDate: new Date(at),
    KeyState: 'PendingDeletion',
    PendingWindowInDays: days,
  };
};
export default ScheduleKeyDeletion;
