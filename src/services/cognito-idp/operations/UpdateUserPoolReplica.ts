import type {
  UpdateUserPoolReplicaRequest,
  UpdateUserPoolReplicaResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { replicaView, requireReplica } from '../pools/replicas.js';
import { getPool } from '../pools/store.js';

/** Activates or deactivates a replica. */
const UpdateUserPoolReplica: Operation<UpdateUserPoolReplicaRequest, UpdateUserPoolReplicaResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  await requireReplica(deps.store.db, pool, input.RegionName);
  await deps.store.db
    .updateTable('user_pool_replicas')
    .set({ status: input.Status })
    .where('pool_id', '=', pool.id)
    .where('region', '=', input.RegionName)
    .execute();
  return { UserPoolReplica: replicaView(pool, { region: input.RegionName, status: input.Status }) };
};
export default UpdateUserPoolReplica;
