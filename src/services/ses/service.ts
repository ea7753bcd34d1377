// SES v1 as a Query service (signing name `ses`, the same as v2, which the REST paths tell apart);
// its dispatch table is the operations/ folder. Malformed input is InvalidParameterValue, as SES says it.
import { model } from '../../generated/ses/model.js';
import { AwsError } from '../../kernel/errors.js';
import type { Service } from '../context.js';
import { operationsIn } from '../operations.js';

export function sesService(): Service {
  return {
    model,
    operations: operationsIn(new URL('./operations/', import.meta.url), model),
    validationError: (m) => new AwsError('InvalidParameterValue', m),
  };
}

export { scopeOf } from '../../kernel/operation.js';

/** Query floats as SES writes them: `200.0`, not `200` (recorded GetSendQuota, docs/reference/aws-recorded.md §1.1). */
export const double = (n: number) => (Number.isInteger(n) ? n.toFixed(1) : String(n)) as unknown as number;
