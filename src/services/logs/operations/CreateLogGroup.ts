import type { CreateLogGroupRequest } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../../context.js';
import { InvalidParameterException, ResourceAlreadyExistsException } from '../../../generated/logs/errors.js';
import { scopeOf } from '../../../kernel/operation.js';
import { normalizeDbError, UniqueViolation } from '../../../store/errors.js';
import { findGroup } from '../groups.js';

const CreateLogGroup: Operation<CreateLogGroupRequest, void> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  // AWS refuses the aws: prefix in tag keys (tagging rules of every service); the text is cognate's.
  for (const key of Object.keys(input.tags ?? {}))
    if (key.toLowerCase().startsWith('aws:')) throw new InvalidParameterException('Tag keys cannot start with aws:');
  const exists = () => new ResourceAlreadyExistsException('The specified log group already exists');
  if (await findGroup(deps.store.db, scope, input.logGroupName)) throw exists();
  try {
    await deps.store.db
      .insertInto('log_groups')
      .values({
        account: scope.account,
        region: scope.region,
        name: input.logGroupName,
        created_at: deps.now(),
        retention_days: null,
        log_group_class: input.logGroupClass ?? 'STANDARD',
        kms_key_id: input.kmsKeyId ?? null,
        deletion_protection: input.deletionProtectionEnabled ? 1 : 0,
        tags: JSON.stringify(input.tags ?? {}),
      })
      .execute();
  } catch (e) {
    if (normalizeDbError(e) instanceof UniqueViolation) throw exists();
    throw e;
  }
};
export default CreateLogGroup;
