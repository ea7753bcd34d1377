import type {
  DeleteUserPoolReplicaRequest,
  DeleteUserPoolReplicaResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import { callerOf } from '../caller.js';
import { replicaView, requireReplica } from '../pools/replicas.js';
import { getPool } from '../pools/store.js';

/** Deletes an INACTIVE replica ("You can only delete replicas that are in the INACTIVE status", API reference). */
const DeleteUserPoolReplica: Operation<DeleteUserPoolReplicaRequest, DeleteUserPoolReplicaResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  await deps.store.tx(async (trx) => {
    const replica = await requireReplica(trx, pool, input.RegionName);
    // The text is cognate's.
    if (replica.status !== 'INACTIVE')
      throw new InvalidParameterException(
        `The replica in ${input.RegionName} is ${replica.status}: only an INACTIVE replica can be deleted.`,
      );
    await trx
      .deleteFrom('user_pool_replicas')
      .where('pool_id', '=', pool.id)
      .where('region', '=', input.RegionName)
      .execute();
  });
  return { UserPoolReplica: replicaView(pool, { region: input.RegionName, status: 'DELETING' }) };
};
export default DeleteUserPoolReplica;
