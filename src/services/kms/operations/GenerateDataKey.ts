import { randomBytes } from 'node:crypto';
import type { GenerateDataKeyRequest, GenerateDataKeyResponse } from '@aws-sdk/client-kms';
import type { Operation } from '../../context.js';
import { AwsError } from '../../../kernel/errors.js';
import { scopeOf } from '../../../kernel/operation.js';
import { encryptWith, findKey, keyArn, requireAllowed, requireUsable } from '../keys.js';
import { callerArn } from '../wire.js';

/** The size of a data key: NumberOfBytes, or KeySpec AES_128 / AES_256; exactly one. */
export function dataKeyBytes(input: Pick<GenerateDataKeyRequest, 'NumberOfBytes' | 'KeySpec'>): number {
  // KMS's text for both or neither (as moto and LocalStack answer it; found by code search).
  if ((input.NumberOfBytes === undefined) === (input.KeySpec === undefined))
    throw new AwsError('ValidationException', 'Please specify either number of bytes or key spec.');
  return input.NumberOfBytes ?? (input.KeySpec === 'AES_128' ? 16 : 32);
}

const GenerateDataKey: Operation<GenerateDataKeyRequest, GenerateDataKeyResponse> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const size = dataKeyBytes(input);
  const row = await findKey(deps.store.db, scope, input.KeyId);
  requireAllowed(scope, row, callerArn(ctx), 'kms:GenerateDataKey');
  requireUsable(scope, row);
  const plaintext = randomBytes(size);
  return {
    CiphertextBlob: encryptWith(deps.serverKey, row, plaintext, input.EncryptionContext),
    Plaintext: plaintext,
    KeyId: keyArn(scope, row.key_id),
  };
};
export default GenerateDataKey;
