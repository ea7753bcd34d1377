import type {
  VerifySoftwareTokenRequest,
  VerifySoftwareTokenResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import { authenticate } from '../tokens/verify.js';
import { proveAssociation } from '../auth/software-token.js';
import { register, verifyInSignIn } from '../auth/mfa-setup.js';

const VerifySoftwareToken: Operation<VerifySoftwareTokenRequest, VerifySoftwareTokenResponse> = async (
  deps,
  _ctx,
  input,
) => {
  if (input.AccessToken !== undefined) {
    const { pool, user } = await authenticate(deps, input.AccessToken);
    const step = proveAssociation(deps, user.totpPendingSecret, input.UserCode);
    await register(deps, pool, user, user.totpPendingSecret!, step, false);
    return { Status: 'SUCCESS' };
  }
  // Neither given: AWS's text is not on record, cognate's words.
  if (input.Session === undefined)
    throw new InvalidParameterException('Either AccessToken or Session must be provided.');
  return { Status: 'SUCCESS', Session: await verifyInSignIn(deps, input.Session, input.UserCode) };
};
export default VerifySoftwareToken;
