import type {
  GetSigningCertificateRequest,
  GetSigningCertificateResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { makeSigningCertificate } from '../../../crypto/saml-certificate.js';
import { seal } from '../../../crypto/seal.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';

/**
 * The pool's SAML signing certificate (base64 DER), made on the first request and kept: every call
 * and every instance answers the same one. Its subject, `CN=<pool id>`, is cognate's; AWS renews
 * its certificate yearly, cognate keeps one for its 10 years.
 */
const GetSigningCertificate: Operation<GetSigningCertificateRequest, GetSigningCertificateResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const read = () =>
    deps.store.db
      .selectFrom('user_pool_saml_certificates')
      .select('certificate')
      .where('pool_id', '=', pool.id)
      .executeTakeFirst();
  const kept = await read();
  if (kept) return { Certificate: kept.certificate };
  const now = deps.now();
  const made = await makeSigningCertificate(pool.id, new Date(now));
  // Two first requests at once may each make one: the first stored is everyone's.
  await deps.store.db
    .insertInto('user_pool_saml_certificates')
    .values({
      pool_id: pool.id,
      certificate: made.certificate,
      private_key: seal(deps.serverKey, 'saml-signing-key', made.privateKeyPem),
      created_at: now,
    })
    .onConflict((oc) => oc.column('pool_id').doNothing())
    .execute();
  return { Certificate: (await read())?.certificate ?? made.certificate };
};
export default GetSigningCertificate;
