// IAM as a Query service (global: the region of the signature is ignored); its dispatch table is
// the operations/ folder. Failed model constraints are IAM's ValidationError.
import { model } from '../../generated/iam/model.js';
import { AwsError } from '../../kernel/errors.js';
import type { Service } from '../context.js';
import { operationsIn } from '../operations.js';

export function iamService(): Service {
  return {
    model,
    operations: operationsIn(new URL('./operations/', import.meta.url), model),
    validationError: (m) => new AwsError('ValidationError', m),
  };
}
