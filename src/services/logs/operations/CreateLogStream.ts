import type { CreateLogStreamRequest } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../../context.js';
import { ResourceAlreadyExistsException } from '../../../generated/logs/errors.js';
import { scopeOf } from '../../../kernel/operation.js';
import { normalizeDbError, UniqueViolation } from '../../../store/errors.js';
import { requireGroup } from '../groups.js';

const CreateLogStream: Operation<CreateLogStreamRequest, void> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  // AWS's words (as AWS's clients report them; the group's counterpart is recorded, see groups.ts).
  const exists = () => new ResourceAlreadyExistsException('The specified log stream already exists');
  try {
    await deps.store.tx(async (trx) => {
      await requireGroup(trx, scope, input.logGroupName);
      await trx
        .insertInto('log_streams')
        .values({
          account: scope.account,
          region: scope.region,
          group_name: input.logGroupName,
          name: input.logStreamName,
          created_at: deps.now(),
          first_event_at: null,
          last_event_at: null,
          last_ingestion_at: null,
          stored_bytes: 0,
        })
        .execute();
    });
  } catch (e) {
    if (normalizeDbError(e) instanceof UniqueViolation) throw exists();
    throw e;
  }
};
export default CreateLogStream;
