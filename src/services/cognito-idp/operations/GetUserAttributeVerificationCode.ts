import type {
  GetUserAttributeVerificationCodeRequest,
  GetUserAttributeVerificationCodeResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { customMessage } from '../triggers/custom-message.js';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import { authenticate } from '../tokens/verify.js';
import { CODE_LIFETIME_MS, issueCode } from '../users/codes.js';
import { queueMessage, queueOptions } from '../messages/queue.js';
import { deliveryDetails } from '../messages/channels.js';
import { contactChannel } from '../users/verification.js';

/** Cognito's quota page: GetUserAttributeVerificationCode 5 per user per hour. */
const LIMIT = { max: 5, windowMs: 3600_000 };

/**
 * Sends a code that verifies the user's email or phone number; where a new value waits for
 * verification (AttributesRequireVerificationBeforeUpdate), the code goes to the waiting value.
 */
const GetUserAttributeVerificationCode: Operation<
  GetUserAttributeVerificationCodeRequest,
  GetUserAttributeVerificationCodeResponse
> = async (deps, _ctx, input) => {
  const { pool, user } = await authenticate(deps, input.AccessToken);
  const attr = input.AttributeName;
  // AWS's texts for an attribute that cannot be verified and for one the user lacks are not on
  // record: cognate's words.
  if (attr !== 'email' && attr !== 'phone_number')
    throw new InvalidParameterException(`Invalid attribute name: ${attr} cannot be verified.`);
  const purpose = `verify:${attr}`;
  const waiting = await deps.store.db
    .selectFrom('user_codes')
    .select('pending_value')
    .where('pool_id', '=', pool.id)
    .where('sub', '=', user.sub)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  const address = waiting?.pending_value ?? user.attributes[attr];
  if (!address) throw new InvalidParameterException(`No ${attr} attribute is present for the user.`);
  const channel = contactChannel(attr, address);
  const custom = await customMessage(deps, pool, 'CustomMessage_VerifyUserAttribute', user, {
    ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
  });
  const now = deps.now();
  await deps.store.tx(async (trx) => {
    const code = await issueCode(trx, deps.serverKey, pool.id, user.sub, purpose, CODE_LIFETIME_MS.verify, now, {
      limit: LIMIT,
      pendingValue: waiting?.pending_value ?? undefined,
    });
    await queueMessage(trx, pool, user, channel, 'verify_attribute', { code, custom }, now, queueOptions(deps));
  });
  return { CodeDeliveryDetails: deliveryDetails(channel) };
};
export default GetUserAttributeVerificationCode;
