import type { VerifyDomainDkimRequest, VerifyDomainDkimResponse } from '@aws-sdk/client-ses';
import type { Operation } from '../../context.js';
import { checkIdentityName } from '../addresses.js';
import { ensureDkim } from '../identities.js';
import { scopeOf } from '../service.js';

/** Easy DKIM: three tokens, each published as `<token>._domainkey.<domain>` CNAME `<token>.dkim.amazonses.com` (API_VerifyDomainDkim). */
const VerifyDomainDkim: Operation<VerifyDomainDkimRequest, VerifyDomainDkimResponse> = async (deps, ctx, input) => {
  checkIdentityName(input.Domain, 'v1');
  const tokens = await deps.store.tx((trx) => ensureDkim(trx, scopeOf(ctx), input.Domain, deps.now()));
  return { DkimTokens: tokens };
};
export default VerifyDomainDkim;
