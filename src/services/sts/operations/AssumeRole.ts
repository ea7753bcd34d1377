import { randomBytes } from 'node:crypto';
import type { AssumeRoleRequest, AssumeRoleResponse } from '@aws-sdk/client-sts';
import type { Operation } from '../../context.js';
import { AwsError } from '../../../kernel/errors.js';
import type { RequestPrincipal } from '../../../policy/evaluate.js';
import { findRoleByArn, trustDecision } from '../../iam/access.js';
import { markRoleUsed, newIamId } from '../../iam/store.js';
import { findSession, saveSession } from '../sessions.js';

const PARTITION_ARN =
  /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/;

/**
 * Temporary credentials for a role whose trust policy lets the caller assume it. The caller is
 * its account's root, or the role session an earlier AssumeRole issued its key to. A role that is
 * missing or does not trust the caller is the same AccessDenied, worded as AWS words it
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_roles.html); a malformed RoleArn
 * is `<arn> is invalid` (docs/reference/aws-recorded.md §3.6). The evaluator's reasons go to the log,
 * never to the caller, as AWS tells nothing more.
 */
const AssumeRole: Operation<AssumeRoleRequest, unknown> = async (deps, ctx, input) => {
  const caller = ctx.caller!;
  const roleArn = input.RoleArn;
  if (!PARTITION_ARN.test(roleArn)) throw new AwsError('ValidationError', `${roleArn} is invalid`);
  const now = deps.now();
  const session = await findSession(deps.store.db, caller.accessKey, now);
  const principal: RequestPrincipal = session
    ? { type: 'AWS', arn: session.arn, account: session.account }
    : { type: 'AWS', arn: `arn:aws:iam::${caller.account}:root`, account: caller.account };

  const role = await findRoleByArn(deps.store.db, roleArn);
  const decision =
    role &&
    trustDecision(role, principal, {
      'sts:ExternalId': input.ExternalId,
      'aws:PrincipalAccount': principal.account,
      'aws:PrincipalArn': principal.arn,
      'sts:RoleSessionName': input.RoleSessionName,
      'sts:SourceIdentity': input.SourceIdentity,
    });
  if (!role || !decision!.allowed) {
    ctx.log.info(
      { roleArn, principal: principal.arn, reason: decision?.summary ?? 'no such role' },
      'AssumeRole denied',
    );
    throw new AwsError(
      'AccessDenied',
      `User: ${principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      403,
    );
  }
  const duration = input.DurationSeconds ?? 3600;
  // A session assuming a role (role chaining) gets at most an hour, whatever the role allows
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining).
  // Both texts below are AWS's (ValidationError, 400), quoted from CLI and SDK errors found by code search.
  if (session && duration > 3600) {
    throw new AwsError(
      'ValidationError',
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  }
  if (duration > role.maxSessionDuration) {
    throw new AwsError(
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }

  const sessionName = input.RoleSessionName;
  const accessKey = newIamId('ASIA', 16);
  const expiresAt = Math.floor(now / 1000) * 1000 + duration * 1000;
  const arn = `arn:aws:sts::${role.account}:assumed-role/${role.name}/${sessionName}`;
  const userId = `${role.roleId}:${sessionName}`;
  await deps.store.tx(async (trx) => {
    await saveSession(trx, { accessKey, account: role.account, arn, userId, expiresAt }, now);
    await markRoleUsed(trx, role.account, role.name, Math.floor(now / 1000) * 1000, caller.region);
  });
  return {
    Credentials: {
      AccessKeyId: accessKey,
      SecretAccessKey: randomBytes(30).toString('base64'),
      SessionToken: randomBytes(192).toString('base64'),
      Expiration: expiresAt,
    },
    AssumedRoleUser: { AssumedRoleId: userId, Arn: arn },
    ...(input.SourceIdentity !== undefined ? { SourceIdentity: input.SourceIdentity } : {}),
  } satisfies Partial<Record<keyof AssumeRoleResponse, unknown>>;
};
export default AssumeRole;
