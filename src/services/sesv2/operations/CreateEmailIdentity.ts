import type { CreateEmailIdentityRequest, CreateEmailIdentityResponse } from '@aws-sdk/client-sesv2';
import type { Operation } from '../../context.js';
import { AlreadyExistsException } from '../../../generated/sesv2/errors.js';
import { getIdentity, kindOf, newDkimTokens, newDomainToken, putIdentity } from '../../ses/identities.js';
import { checkIdentityName } from '../../ses/addresses.js';
import { requestEmailVerification } from '../../ses/verify-email.js';
import { dkimAttributes, scopeOf } from '../wire.js';

/**
 * An email address gets a verification email; a domain gets Easy DKIM tokens to publish as CNAMEs.
 * Recorded answers: `{"IdentityType":"EMAIL_ADDRESS","VerifiedForSendingStatus":false}` with no
 * DkimAttributes for an email; a second create is `AlreadyExistsException` "... already exist." (sic).
 */
const CreateEmailIdentity: Operation<CreateEmailIdentityRequest, CreateEmailIdentityResponse> = async (
  deps,
  ctx,
  input,
) => {
  const scope = scopeOf(ctx);
  const name = input.EmailIdentity;
  checkIdentityName(name, 'v2');
  const created = await deps.store.tx(async (trx) => {
    if (kindOf(name) === 'EMAIL_ADDRESS') return requestEmailVerification(trx, deps, scope, name, false);
    return putIdentity(
      trx,
      scope,
      { name, verificationToken: newDomainToken(), dkimTokens: newDkimTokens() },
      deps.now(),
      false,
    );
  });
  if (!created) throw new AlreadyExistsException(`Email identity ${name} already exist.`);
  if (kindOf(name) === 'EMAIL_ADDRESS') {
    return { IdentityType: 'EMAIL_ADDRESS', VerifiedForSendingStatus: false };
  }
  const identity = (await getIdentity(deps.store.db, scope, name, deps.now()))!;
  return { IdentityType: 'DOMAIN', VerifiedForSendingStatus: false, DkimAttributes: dkimAttributes(identity) };
};
export default CreateEmailIdentity;
