import type { EncryptRequest, EncryptResponse } from '@aws-sdk/client-kms';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { encryptWith, findKey, keyArn, requireAllowed, requireUsable } from '../keys.js';
import { bytesOf, callerArn } from '../wire.js';

const Encrypt: Operation<EncryptRequest, EncryptResponse> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const row = await findKey(deps.store.db, scope, input.KeyId);
  requireAllowed(scope, row, callerArn(ctx), 'kms:Encrypt');
  requireUsable(scope, row);
  const blob = encryptWith(deps.serverKey, row, bytesOf(input.Plaintext), input.EncryptionContext);
  return { CiphertextBlob: blob, KeyId: keyArn(scope, row.key_id), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
};
export default Encrypt;
