import type { DescribeKeyRequest, DescribeKeyResponse } from '@aws-sdk/client-kms';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { findKey, keyMetadata, requireAllowed } from '../keys.js';
import { callerArn } from '../wire.js';

const DescribeKey: Operation<DescribeKeyRequest, DescribeKeyResponse> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const row = await findKey(deps.store.db, scope, input.KeyId);
  requireAllowed(scope, row, callerArn(ctx), 'kms:DescribeKey');
  return { KeyMetadata: keyMetadata(scope, row) as DescribeKeyResponse['KeyMetadata'] };
};
export default DescribeKey;
