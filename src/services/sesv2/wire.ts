// How SES v2 shows an identity (recorded from real AWS: docs/reference/aws-recorded.md §1.3, §6 facts 10-12).
import type { DkimAttributes, GetEmailIdentityResponse } from '@aws-sdk/client-sesv2';
import { NotFoundException } from '../../generated/sesv2/errors.js';
import { isVerified, type Identity } from '../ses/identities.js';

export { scopeOf } from '../../kernel/operation.js';

/** floci-io/floci#723 (checked against the live API): `Email identity <id> does not exist.` */
export const notFound = (identity: string) => new NotFoundException(`Email identity ${identity} does not exist.`);

/**
 * An email identity has DKIM NOT_STARTED with 1024-bit keys (recorded); a domain gets Easy DKIM
 * at once, three tokens, 2048-bit keys (the console's default: creating-identities.html).
 */
export function dkimAttributes(i: Identity): DkimAttributes {
  if (!i.dkimTokens)
    return {
      SigningEnabled: false,
      Status: 'NOT_STARTED',
      SigningAttributesOrigin: 'AWS_SES',
      NextSigningKeyLength: 'RSA_1024_BIT',
    };
  return {
    SigningEnabled: true,
    Status: i.dkimStatus,
    Tokens: i.dkimTokens,
    SigningAttributesOrigin: 'AWS_SES',
    NextSigningKeyLength: 'RSA_2048_BIT',
    CurrentSigningKeyLength: 'RSA_2048_BIT',
    LastKeyGenerationTimestamp: new Date(i.createdAt),
  };
}

export function describeIdentity(i: Identity): GetEmailIdentityResponse {
  return {
    IdentityType: i.kind,
    FeedbackForwardingStatus: true,
    VerifiedForSendingStatus: isVerified(i),
    DkimAttributes: dkimAttributes(i),
    // AWS leaves out MailFromDomain and MailFromDomainStatus although the model requires them (recorded).
    MailFromAttributes: { BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' } as GetEmailIdentityResponse['MailFromAttributes'],
    Policies: {},
    Tags: [],
    VerificationStatus: isVerified(i) ? 'SUCCESS' : i.status,
    VerificationInfo:
      i.kind === 'DOMAIN' && i.lastCheckedAt
        ? {
            LastCheckedTimestamp: new Date(i.lastCheckedAt),
            ...(i.verifiedAt ? { LastSuccessTimestamp: new Date(i.verifiedAt) } : {}),
            ...(i.errorType ? { ErrorType: i.errorType as never } : {}),
          }
        : {},
  };
}
