// A user pool's log delivery (Set/GetLogDeliveryConfiguration; "Exporting user pool logs",
// developer guide). Two event sources, at most one configuration each:
// - userNotification: message-delivery errors, LogLevel ERROR, to a CloudWatch Logs group only
//   (LogConfigurationType.LogLevel, API reference). cognate really delivers them
//   (src/messaging/delivery-log.ts) into the log group it serves.
// - userAuthEvents: threat protection's user activity, LogLevel INFO, to CloudWatch Logs, S3 or
//   Firehose, on the Plus plan only (same page).
//   cognate really exports them to a CloudWatch Logs group (risk/export.ts).
// S3 and Firehose destinations are checked and stored, never delivered to (docs/simulated.md).
// The log group must be this account's (CloudWatchLogsConfigurationType, API reference) and, in
// cognate, one that exists in its CloudWatch Logs. Every refusal's text here is cognate's: AWS's
// are not on record.
import type { LogConfigurationType, LogDeliveryConfigurationType } from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import type { Db, Tx } from '../../../store/store.js';
import { findLogGroup, parseLogGroupArn } from '../../../store/log-events.js';
import type { Pool } from './store.js';
import { tierAtLeast, unavailableInTier, tierOf } from './tier.js';

const destinations = (c: LogConfigurationType) =>
  [c.CloudWatchLogsConfiguration?.LogGroupArn, c.S3Configuration?.BucketArn, c.FirehoseConfiguration?.StreamArn].filter(
    (d) => d !== undefined,
  ).length;

export async function checkLogConfigurations(db: Db, pool: Pool, configs: LogConfigurationType[]): Promise<void> {
  const seen = new Set<string>();
  for (const c of configs) {
    if (seen.has(c.EventSource as string))
      throw new InvalidParameterException(`Only one log configuration is allowed for event source ${c.EventSource}.`);
    seen.add(c.EventSource as string);
    if (destinations(c) !== 1)
      throw new InvalidParameterException(
        'Each log configuration needs exactly one of CloudWatchLogsConfiguration, S3Configuration and FirehoseConfiguration.',
      );
    if (c.EventSource === 'userNotification') {
      if (c.LogLevel !== 'ERROR')
        throw new InvalidParameterException('Event source userNotification supports only log level ERROR.');
      if (!c.CloudWatchLogsConfiguration)
        throw new InvalidParameterException('Event source userNotification can be delivered only to CloudWatch Logs.');
    } else {
      if (c.LogLevel !== 'INFO')
        throw new InvalidParameterException('Event source userAuthEvents supports only log level INFO.');
      if (!tierAtLeast(pool.config, 'PLUS')) throw unavailableInTier(tierOf(pool.config), ['User Activity Logging']);
    }
    const arn = c.CloudWatchLogsConfiguration?.LogGroupArn;
    if (arn !== undefined) {
      const group = parseLogGroupArn(arn);
      if (!group) throw new InvalidParameterException(`${arn} is not the ARN of a CloudWatch Logs log group.`);
      if (group.account !== pool.account)
        throw new InvalidParameterException('The log group must be in the same account as the user pool.');
      if (!(await findLogGroup(db, group))) throw new InvalidParameterException(`The log group ${arn} does not exist.`);
    }
    const bucket = c.S3Configuration?.BucketArn;
    if (bucket !== undefined && !/^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
      throw new InvalidParameterException(`${bucket} is not the ARN of an S3 bucket.`);
    const stream = c.FirehoseConfiguration?.StreamArn;
    if (
      stream !== undefined &&
      !/^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/[\w.-]{1,64}$/.test(stream)
    )
      throw new InvalidParameterException(`${stream} is not the ARN of a Firehose stream.`);
  }
}

export async function saveLogConfigurations(trx: Tx, poolId: string, configs: LogConfigurationType[]): Promise<void> {
  // The pool's row carries the userAuthEvents log group (migration 018), so recording an auth event
  // needs no read to know where to export it; raising the version makes every process see it.
  const authEvents = configs.find((c) => c.EventSource === 'userAuthEvents');
  await trx
    .updateTable('user_pools')
    .set((eb) => ({
      auth_events_log: authEvents?.CloudWatchLogsConfiguration?.LogGroupArn ?? null,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', poolId)
    .execute();
  await trx.deleteFrom('user_pool_log_configurations').where('pool_id', '=', poolId).execute();
  if (configs.length === 0) return;
  await trx
    .insertInto('user_pool_log_configurations')
    .values(
      configs.map((c, i) => ({
        pool_id: poolId,
        event_source: c.EventSource as string,
        log_level: c.LogLevel as string,
        log_group_arn: c.CloudWatchLogsConfiguration?.LogGroupArn ?? null,
        s3_bucket_arn: c.S3Configuration?.BucketArn ?? null,
        firehose_stream_arn: c.FirehoseConfiguration?.StreamArn ?? null,
        position: i,
      })),
    )
    .execute();
}

/**
 * The pool's configuration as AWS answers it. With none, LogConfigurations is left out (what
 * terraform-provider-aws's acceptance tests, run against AWS, find after the resource's delete, an
 * empty Set).
 */
export async function logDeliveryView(db: Db | Tx, poolId: string): Promise<LogDeliveryConfigurationType> {
  const rows = await db
    .selectFrom('user_pool_log_configurations')
    .selectAll()
    .where('pool_id', '=', poolId)
    .orderBy('position')
    .execute();
  const LogConfigurations: LogConfigurationType[] = rows.map((r) => ({
    LogLevel: r.log_level as LogConfigurationType['LogLevel'],
    EventSource: r.event_source as LogConfigurationType['EventSource'],
    ...(r.log_group_arn ? { CloudWatchLogsConfiguration: { LogGroupArn: r.log_group_arn } } : {}),
    ...(r.s3_bucket_arn ? { S3Configuration: { BucketArn: r.s3_bucket_arn } } : {}),
    ...(r.firehose_stream_arn ? { FirehoseConfiguration: { StreamArn: r.firehose_stream_arn } } : {}),
  }));
  return { UserPoolId: poolId, ...(rows.length ? { LogConfigurations } : {}) } as LogDeliveryConfigurationType;
}
