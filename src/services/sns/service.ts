// SNS as a Query service (signing name `sns`); its dispatch table is the operations/ folder.
// Only the SMS side is built; topic and platform operations answer "not implemented".
import { model } from '../../generated/sns/model.js';
import { AwsError } from '../../kernel/errors.js';
import type { Service } from '../context.js';
import { operationsIn } from '../operations.js';

// A failed model constraint: SNS's framework answers `ValidationError` with the usual
// "1 validation error detected: ..." text (recorded: docs/reference/aws-recorded.md §2.6).
export function snsService(): Service {
  return {
    model,
    operations: operationsIn(new URL('./operations/', import.meta.url), model),
    validationError: (m) => new AwsError('ValidationError', m),
  };
}

export { scopeOf } from '../../kernel/operation.js';
