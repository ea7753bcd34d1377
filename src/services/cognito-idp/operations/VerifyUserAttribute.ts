import type {
  VerifyUserAttributeRequest,
  VerifyUserAttributeResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import { authenticate } from '../tokens/verify.js';
import { checkCode, consumeCode } from '../users/codes.js';
import { requireUserForUpdate } from '../users/store.js';
import { queueOptions } from '../messages/queue.js';
import { changeAttributes } from '../users/verification.js';

/**
 * The code proves the address it went to: the attribute becomes verified (and a sign-in alias
 * where the pool has one), and a value that waited for verification takes effect.
 */
const VerifyUserAttribute: Operation<VerifyUserAttributeRequest, VerifyUserAttributeResponse> = async (
  deps,
  _ctx,
  input,
) => {
  const { pool, user } = await authenticate(deps, input.AccessToken);
  const attr = input.AttributeName;
  // Not on record: cognate's words (as GetUserAttributeVerificationCode's).
  if (attr !== 'email' && attr !== 'phone_number')
    throw new InvalidParameterException(`Invalid attribute name: ${attr} cannot be verified.`);
  const purpose = `verify:${attr}`;
  const now = deps.now();
  const codeHash = await checkCode(deps.store.db, deps.serverKey, pool.id, user.sub, purpose, input.Code, now);
  await deps.store.tx(async (trx) => {
    const { pendingValue } = await consumeCode(trx, pool.id, user.sub, purpose, codeHash);
    const locked = await requireUserForUpdate(trx, pool, user.username);
    const changes: Record<string, string> = { [`${attr}_verified`]: 'true' };
    if (pendingValue !== null) changes[attr] = pendingValue;
    await changeAttributes(trx, deps.serverKey, pool, locked, changes, now, queueOptions(deps));
  });
  return {};
};
export default VerifyUserAttribute;
