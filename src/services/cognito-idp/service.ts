// Cognito user pools as a JSON 1.1 service; its dispatch table is the operations/ folder.
import { model } from '../../generated/cognito-idp/model.js';
import { InvalidParameterException } from '../../generated/cognito-idp/errors.js';
import type { Service } from '../context.js';
import { operationsIn } from '../operations.js';

export function cognitoService(): Service {
  return {
    model,
    operations: operationsIn(new URL('./operations/', import.meta.url), model),
    validationError: (m) => new InvalidParameterException(m),
  };
}
