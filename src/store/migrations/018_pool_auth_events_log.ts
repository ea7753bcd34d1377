// The CloudWatch Logs group a pool exports its user activity to (log delivery, event source
// userAuthEvents), kept on the pool's row beside the configuration so a request that records an
// auth event knows from the pool it already read whether to write a log event too: nothing is read
// for a pool without it. user_pool_log_configurations stays the record Get/SetLogDeliveryConfiguration
// answer from; SetLogDeliveryConfiguration keeps this copy in step and raises the pool's version.
import { sql, type Kysely } from '../kysely.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('user_pools').addColumn('auth_events_log', 'text').execute();
  await sql`update user_pools set auth_events_log = (
    select log_group_arn from user_pool_log_configurations c
    where c.pool_id = user_pools.id and c.event_source = 'userAuthEvents'
  )`.execute(db);
}
