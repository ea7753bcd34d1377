// Lambda as a REST-JSON service (paths under /2015-03-31/functions, ...); its dispatch table is the
// operations/ folder. Lambda's errors carry a "Type" beside the message (`{"Type":"User","message":...}`,
// as Lambda answers; the SDKs read the x-amzn-ErrorType header), and its model constraint failures
// are ValidationException.
import { model } from '../../generated/lambda/model.js';
import { AwsError } from '../../kernel/errors.js';
import type { Service } from '../context.js';
import { operationsIn } from '../operations.js';

export function lambdaService(): Service {
  return {
    model,
    operations: operationsIn(new URL('./operations/', import.meta.url), model),
    validationError: (m) => new AwsError('ValidationException', m, 400),
    errorBody: (e) => ({ Type: e.status >= 500 ? 'Service' : 'User', message: e.message }),
  };
}
