import type { VerifyEmailAddressRequest } from '@aws-sdk/client-ses';
import type { Operation } from '../../context.js';
import VerifyEmailIdentity from './VerifyEmailIdentity.js';

/** The deprecated form of VerifyEmailIdentity; it answers with no result element at all. */
const VerifyEmailAddress: Operation<VerifyEmailAddressRequest, void> = async (deps, ctx, input) => {
  await VerifyEmailIdentity(deps, ctx, input);
};
export default VerifyEmailAddress;
