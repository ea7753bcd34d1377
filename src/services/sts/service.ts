// STS as a Query service; its dispatch table is the operations/ folder.
import { model } from '../../generated/sts/model.js';
import { AwsError } from '../../protocol/errors.js';
import type { QueryService } from '../../protocol/query.js';
import { operationsIn } from '../operations.js';

export function stsService(): QueryService {
  return { model, operations: operationsIn(new URL('./operations/', import.meta.url), model), validationError: (m) => new AwsError('ValidationError', m) };
}
