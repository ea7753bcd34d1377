import type { GetKeyRotationStatusRequest, GetKeyRotationStatusResponse } from '@aws-sdk/client-kms';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { findKey, keyArn, requireAllowed } from '../keys.js';
import { callerArn } from '../wire.js';

/** cognate's KMS does not rotate keys (EnableKeyRotation is not served), so rotation is off for every key. */
const GetKeyRotationStatus: Operation<GetKeyRotationStatusRequest, GetKeyRotationStatusResponse> = async (
  deps,
  ctx,
  input,
) => {
  const scope = scopeOf(ctx);
  const row = await findKey(deps.store.db, scope, input.KeyId);
  requireAllowed(scope, row, callerArn(ctx), 'kms:GetKeyRotationStatus');
  return { KeyRotationEnabled: false, KeyId: keyArn(scope, row.key_id) };
};
export default GetKeyRotationStatus;
