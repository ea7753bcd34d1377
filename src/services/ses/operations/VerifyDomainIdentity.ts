import type { VerifyDomainIdentityRequest, VerifyDomainIdentityResponse } from '@aws-sdk/client-ses';
import type { Operation } from '../../context.js';
import { checkIdentityName } from '../addresses.js';
import { getIdentity, newDomainToken, putIdentity } from '../identities.js';
import { scopeOf } from '../service.js';

/**
 * The token to publish as a TXT record at `_amazonses.<domain>`. Asked again, the same token comes
 * back; a domain whose 72 hours ran out starts over (GetIdentityVerificationAttributes doc).
 */
const VerifyDomainIdentity: Operation<VerifyDomainIdentityRequest, VerifyDomainIdentityResponse> = async (
  deps,
  ctx,
  input,
) => {
  const domain = input.Domain;
  checkIdentityName(domain, 'v1');
  const scope = scopeOf(ctx);
  const token = await deps.store.tx(async (trx) => {
    const now = deps.now();
    const current = await getIdentity(trx, scope, domain, now);
    const token = current?.verificationToken ?? newDomainToken();
    await putIdentity(
      trx,
      scope,
      { name: domain, verificationToken: token },
      now,
      !current || current.status === 'FAILED' || !current.verificationToken,
    );
    return token;
  });
  return { VerificationToken: token };
};
export default VerifyDomainIdentity;
