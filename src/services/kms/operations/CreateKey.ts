import type { CreateKeyRequest, CreateKeyResponse } from '@aws-sdk/client-kms';
import type { Operation } from '../../context.js';
import { MalformedPolicyDocumentException, UnsupportedOperationException } from '../../../generated/kms/errors.js';
import { scopeOf } from '../../../kernel/operation.js';
import { parsePolicy, PolicyError } from '../../../policy/document.js';
import { keyMetadata, newKeyRow } from '../keys.js';

const CreateKey: Operation<CreateKeyRequest, CreateKeyResponse> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const spec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
  // Not AWS's limit: cognate keeps symmetric encryption keys only (cognate's words).
  if (spec !== 'SYMMETRIC_DEFAULT' || (input.KeyUsage ?? 'ENCRYPT_DECRYPT') !== 'ENCRYPT_DECRYPT')
    throw new UnsupportedOperationException(
      `cognate's KMS keeps SYMMETRIC_DEFAULT ENCRYPT_DECRYPT keys only, not ${spec}.`,
    );
  if (input.Policy !== undefined) checkPolicy(input.Policy);
  const row = newKeyRow(
    scope,
    deps.serverKey,
    {
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      ...(input.Policy !== undefined ? { policy: input.Policy } : {}),
      ...(input.Tags ? { tags: input.Tags } : {}),
    },
    deps.now(),
  );
  await deps.store.db.insertInto('kms_keys').values(row).execute();
  return { KeyMetadata: keyMetadata(scope, row) as CreateKeyResponse['KeyMetadata'] };
};
export default CreateKey;

/** A policy the IAM parser refuses: MalformedPolicyDocumentException, in the words KMS uses for a bad principal (not checked against AWS here). */
export function checkPolicy(text: string): void {
  try {
    parsePolicy(text, 'resource');
  } catch (e) {
    if (e instanceof PolicyError)
      throw new MalformedPolicyDocumentException(`Policy contains a statement with one or more invalid principals.`);
    throw e;
  }
}
