import type {
  CreateUserPoolReplicaRequest,
  CreateUserPoolReplicaResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import { normalizeDbError, UniqueViolation } from '../../../store/errors.js';
import { callerOf } from '../caller.js';
import { checkRegionName, replicaView } from '../pools/replicas.js';
import { getPool } from '../pools/store.js';
import { checkTagCount } from '../pools/tags.js';

const CreateUserPoolReplica: Operation<CreateUserPoolReplicaRequest, CreateUserPoolReplicaResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  checkRegionName(input.RegionName);
  // The refusals' texts are cognate's (replicas.ts).
  if (input.RegionName === pool.region)
    throw new InvalidParameterException(`${input.RegionName} is the primary Region of user pool ${pool.id}.`);
  checkTagCount(input.UserPoolTags ?? {});
  const exists = () =>
    new InvalidParameterException(`User pool ${pool.id} already has a replica in ${input.RegionName}.`);
  try {
    await deps.store.db
      .insertInto('user_pool_replicas')
      .values({
        pool_id: pool.id,
        region: input.RegionName,
        status: 'ACTIVE',
        tags: JSON.stringify(input.UserPoolTags ?? {}),
        created_at: deps.now(),
      })
      .execute();
  } catch (e) {
    if (normalizeDbError(e) instanceof UniqueViolation) throw exists();
    throw e;
  }
  return { UserPoolReplica: replicaView(pool, { region: input.RegionName, status: 'CREATING' }) };
};
export default CreateUserPoolReplica;
