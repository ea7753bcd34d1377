// Log groups and streams as CloudWatch Logs shows them, per account and Region. AWS's texts
// below were recorded from AWS (responses of 2017 kept in a public repository, found by code
// search): "The specified log group already exists", "The specified log group does not exist.",
// and "The specified log stream does not exist." (moto's tests and clients' checks compare it).
import type { LogGroup, LogStream } from '@aws-sdk/client-cloudwatch-logs';
import { InvalidParameterException, ResourceNotFoundException } from '../../generated/logs/errors.js';
import type { Scope } from '../../kernel/caller.js';
import type { Db, Tx } from '../../store/store.js';
import type { LogGroupRow, LogStreamRow } from '../../store/tables/logs.js';
import { findLogGroup, logGroupArn, parseLogGroupArn } from '../../store/log-events.js';
import { pagePosition as sharedPosition, pageToken } from '../page-token.js';

export const noSuchGroup = () => new ResourceNotFoundException('The specified log group does not exist.');
export const noSuchStream = () => new ResourceNotFoundException('The specified log stream does not exist.');

export const findGroup = (db: Db | Tx, scope: Scope, name: string): Promise<LogGroupRow | undefined> =>
  findLogGroup(db, { account: scope.account, region: scope.region, group: name });

export async function requireGroup(db: Db | Tx, scope: Scope, name: string): Promise<LogGroupRow> {
  const g = await findGroup(db, scope, name);
  if (!g) throw noSuchGroup();
  return g;
}

/**
 * The group an operation names by `logGroupName` or `logGroupIdentifier` (a name or an ARN of this
 * account); exactly one of them. AWS's text when both or neither are given is not on record:
 * cognate's words.
 */
export function groupNameOf(scope: Scope, input: { logGroupName?: string; logGroupIdentifier?: string }): string {
  const { logGroupName, logGroupIdentifier } = input;
  if ((logGroupName === undefined) === (logGroupIdentifier === undefined))
    throw new InvalidParameterException('Specify exactly one of logGroupName and logGroupIdentifier.');
  if (logGroupName !== undefined) return logGroupName;
  const id = logGroupIdentifier as string;
  if (!id.startsWith('arn:')) return id;
  const arn = parseLogGroupArn(id);
  if (!arn || arn.account !== scope.account || arn.region !== scope.region) throw noSuchGroup();
  return arn.group;
}

export function groupView(g: LogGroupRow): LogGroup {
  const arn = logGroupArn({ account: g.account, region: g.region, group: g.name });
  return {
    logGroupName: g.name,
    creationTime: g.created_at,
    ...(g.retention_days !== null ? { retentionInDays: g.retention_days } : {}),
    metricFilterCount: 0,
    arn: `${arn}:*`,
    storedBytes: 0,
    ...(g.kms_key_id ? { kmsKeyId: g.kms_key_id } : {}),
    logGroupClass: g.log_group_class as LogGroup['logGroupClass'],
    logGroupArn: arn,
    deletionProtectionEnabled: g.deletion_protection === 1,
  };
}

export function streamView(s: LogStreamRow): LogStream {
  return {
    logStreamName: s.name,
    creationTime: s.created_at,
    ...(s.first_event_at !== null ? { firstEventTimestamp: s.first_event_at } : {}),
    ...(s.last_event_at !== null ? { lastEventTimestamp: s.last_event_at } : {}),
    ...(s.last_ingestion_at !== null ? { lastIngestionTime: s.last_ingestion_at } : {}),
    arn: `${logGroupArn({ account: s.account, region: s.region, group: s.group_name })}:log-stream:${s.name}`,
    // AWS reports 0 here since 2019 ("storedBytes ... is deprecated", API reference)
    storedBytes: 0,
  };
}

export { pageToken };
/** CloudWatch Logs' page tokens: opaque, bound to the list; a foreign one is refused (cognate's words). */
export const pagePosition = (token: string | undefined, list: string, width: number) =>
  sharedPosition(token, list, width, () => new InvalidParameterException('The specified nextToken is invalid.'));
