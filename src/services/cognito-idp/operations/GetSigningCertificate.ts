import type {
  GetSigningCertificateRequest,
  GetSigningCertificateResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { poolSigningKey } from '../idps/saml-keys.js';

/**
 * The pool's SAML signing certificate (base64 DER), made on the first request and kept: every call
 * and every instance answers the same one, and the same key signs the pool's AuthnRequests and
 * LogoutRequests. Its subject, `CN=<pool id>`, is cognate's; AWS renews its certificate yearly,
 * cognate keeps one for its 10 years.
 */
const GetSigningCertificate: Operation<GetSigningCertificateRequest, GetSigningCertificateResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  return { Certificate: (await poolSigningKey(deps, pool.id)).certificate };
};
export default GetSigningCertificate;
