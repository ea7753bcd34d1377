import type { DecryptRequest, DecryptResponse } from '@aws-sdk/client-kms';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { decryptWith, keyArn, keyForBlob, requireAllowed, requireUsable } from '../keys.js';
import { bytesOf, callerArn } from '../wire.js';

const Decrypt: Operation<DecryptRequest, DecryptResponse> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const blob = bytesOf(input.CiphertextBlob);
  const row = await keyForBlob(deps.store.db, scope, blob, input.KeyId);
  requireAllowed(scope, row, callerArn(ctx), 'kms:Decrypt');
  requireUsable(scope, row);
  const plaintext = decryptWith(deps.serverKey, row, blob, input.EncryptionContext);
  return { Plaintext: plaintext, KeyId: keyArn(scope, row.key_id), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
};
export default Decrypt;
