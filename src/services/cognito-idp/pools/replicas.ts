// A user pool's replicas in other Regions (Create/Update/Delete/ListUserPoolReplicas). Simulated
// (docs/simulated.md): cognate stores and lists them with their Regions and status; nothing is
// copied anywhere, and requests keep being served from the pool's own Region. A new replica answers
// CREATING and is ACTIVE from then on (AWS's takes minutes); a replica can be deleted only while
// INACTIVE (DeleteUserPoolReplica, API reference). Refusal texts here are cognate's: AWS's are not
// on record.
import type { UserPoolReplicaType } from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException, ResourceNotFoundException } from '../../../generated/cognito-idp/errors.js';
import type { Db, Tx } from '../../../store/store.js';
import type { PoolReplicaRow } from '../../../store/tables/cognito-idp-logs.js';
import { type Pool, poolArn } from './store.js';

/** A Region's name as AWS spells them: us-east-1, ap-southeast-2, us-gov-west-1, eu-central-2. */
export function checkRegionName(region: string): void {
  if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region))
    throw new InvalidParameterException(`${region} is not a valid Region name.`);
}

export const primaryView = (pool: Pool): UserPoolReplicaType => ({
  RegionName: pool.region,
  Status: 'ACTIVE',
  Role: 'PRIMARY',
  UserPoolArn: poolArn(pool),
});

export const replicaView = (pool: Pool, r: Pick<PoolReplicaRow, 'region' | 'status'>): UserPoolReplicaType => ({
  RegionName: r.region,
  Status: r.status as UserPoolReplicaType['Status'],
  Role: 'SECONDARY',
  UserPoolArn: poolArn({ ...pool, region: r.region }),
});

export async function requireReplica(db: Db | Tx, pool: Pool, region: string): Promise<PoolReplicaRow> {
  checkRegionName(region);
  if (region === pool.region)
    throw new InvalidParameterException(`${region} is the primary Region of user pool ${pool.id}.`);
  const r = await db
    .selectFrom('user_pool_replicas')
    .selectAll()
    .where('pool_id', '=', pool.id)
    .where('region', '=', region)
    .executeTakeFirst();
  if (!r) throw new ResourceNotFoundException(`User pool ${pool.id} has no replica in ${region}.`);
  return r;
}
