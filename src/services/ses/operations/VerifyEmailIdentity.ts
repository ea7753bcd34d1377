import type { VerifyEmailIdentityRequest, VerifyEmailIdentityResponse } from '@aws-sdk/client-ses';
import type { Operation } from '../../context.js';
import { checkAddresses } from '../addresses.js';
import { requestEmailVerification } from '../verify-email.js';
import { scopeOf } from '../service.js';

/** Sends the verification email; asked again for an address still pending (or failed), it sends a new link. Empty result. */
const VerifyEmailIdentity: Operation<VerifyEmailIdentityRequest, VerifyEmailIdentityResponse> = async (
  deps,
  ctx,
  input,
) => {
  checkAddresses([input.EmailAddress], 'v1');
  await deps.store.tx((trx) => requestEmailVerification(trx, deps, scopeOf(ctx), input.EmailAddress, true));
  return {};
};
export default VerifyEmailIdentity;
