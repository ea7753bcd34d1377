// STS as a Query service; its dispatch table is the operations/ folder.
import { model } from '../../generated/sts/model.js';
import { AwsError } from '../../kernel/errors.js';
import type { Service } from '../context.js';
import { operationsIn } from '../operations.js';

export function stsService(): Service {
  return {
    model,
    operations: operationsIn(new URL('./operations/', import.meta.url), model),
    validationError: (m) => new AwsError('ValidationError', m),
  };
}
