import type { DeleteLogGroupRequest } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../../context.js';
import { ValidationException } from '../../../generated/logs/errors.js';
import { scopeOf } from '../../../kernel/operation.js';
import { requireGroup } from '../groups.js';

/** Deletes a log group with its streams and events. */
const DeleteLogGroup: Operation<DeleteLogGroupRequest, void> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  await deps.store.tx(async (trx) => {
    const g = await requireGroup(trx, scope, input.logGroupName);
    // A protected group is refused (API reference: DeleteLogGroup lists ValidationException, and
    // deletionProtectionEnabled "prevents deletion"); the text is cognate's.
    if (g.deletion_protection === 1)
      throw new ValidationException('The log group has deletion protection enabled and cannot be deleted.');
    for (const table of ['log_events', 'log_streams'] as const)
      await trx
        .deleteFrom(table)
        .where('account', '=', scope.account)
        .where('region', '=', scope.region)
        .where('group_name', '=', g.name)
        .execute();
    await trx
      .deleteFrom('log_groups')
      .where('account', '=', scope.account)
      .where('region', '=', scope.region)
      .where('name', '=', g.name)
      .execute();
  });
};
export default DeleteLogGroup;
