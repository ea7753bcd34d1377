// KMS as a JSON 1.1 service (target prefix TrentService), the subset a custom sender's keys need:
// symmetric keys, their policies, Encrypt, Decrypt, GenerateDataKey (what the AWS Encryption SDK's
// KMS keyring calls). Its dispatch table is the operations/ folder; a constraint failure is KMS's
// ValidationException ("1 validation error detected: ...", as every JSON service words it).
import { model } from '../../generated/kms/model.js';
import { AwsError } from '../../kernel/errors.js';
import type { Service } from '../context.js';
import { operationsIn } from '../operations.js';

export function kmsService(): Service {
  return {
    model,
    operations: operationsIn(new URL('./operations/', import.meta.url), model),
    validationError: (m) => new AwsError('ValidationException', m),
  };
}
