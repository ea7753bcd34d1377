import type {
  GetIdentityVerificationAttributesRequest,
  GetIdentityVerificationAttributesResponse,
} from '@aws-sdk/client-ses';
import type { Operation } from '../../context.js';
import { getIdentities, identityKey, isVerified, v1Status } from '../identities.js';
import { scopeOf } from '../service.js';
import { recheckPendingDomains } from '../domain-check.js';

/**
 * A map from each known identity to its status; a domain also shows its TXT token, an email
 * address never does (recorded layout, docs/reference/aws-recorded.md §1.2). Unknown identities are
 * left out of the map. Pending domains are looked up again in the background (domain-check.ts).
 */
const GetIdentityVerificationAttributes: Operation<
  GetIdentityVerificationAttributesRequest,
  GetIdentityVerificationAttributesResponse
> = async (deps, ctx, input) => {
  const found = await getIdentities(deps.store.db, scopeOf(ctx), input.Identities, deps.now());
  recheckPendingDomains(deps, scopeOf(ctx), [...found.values()]);
  const out: GetIdentityVerificationAttributesResponse['VerificationAttributes'] = {};
  for (const asked of input.Identities) {
    const i = found.get(identityKey(asked));
    if (!i) continue;
    out[asked] = {
      VerificationStatus: v1Status(isVerified(i) ? 'SUCCESS' : i.status) as never,
      ...(i.kind === 'DOMAIN' && i.verificationToken ? { VerificationToken: i.verificationToken } : {}),
    };
  }
  return { VerificationAttributes: out };
};
export default GetIdentityVerificationAttributes;
