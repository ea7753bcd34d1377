// What CreateUserPoolDomain and UpdateUserPoolDomain accept. A domain without CustomDomainConfig is
// a prefix domain, <prefix>.auth.<region>.amazoncognito.com; with it, a custom domain the customer
// owns, which AWS serves through a CloudFront distribution with the given ACM certificate.
//
// AWS checks the model's pattern of Domain (`^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$`) only for
// prefix domains, in its own words: custom domains have dots (terraform-linters/tflint-ruleset-aws#156,
// where the rule built from the model refused them, and AWS does not). So the validator skips the
// pattern (cognito-idp/service.ts) and these rules apply it.
import type { CustomDomainConfigType } from '@aws-sdk/client-cognito-identity-provider';
import { FeatureUnavailableInTierException, InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import type { Caller } from '../../../kernel/caller.js';
import type { Pool } from '../pools/store.js';

export const PREFIX_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Recorded: `The domain name contains an invalid character. Domain names can only contain lower-case
 * letters, numbers, and hyphens. Please enter a different name that follows this format: ...`
 * (mineiros-io/terraform-aws-cognito-user-pool#69, 2023, a prefix with dots and no certificate).
 */
const invalidPrefix = () =>
  new InvalidParameterException(
    'The domain name contains an invalid character. Domain names can only contain lower-case letters, numbers, and hyphens. Please enter a different name that follows this format: ^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$',
  );

/**
 * "You can't use the text aws, amazon, or cognito in the name of an Amazon Cognito prefix domain"
 * (developer guide, cognito-user-pools-assign-domain). Recorded: `Domain cannot contain reserved
 * word: aws` (aws-solutions/content-analysis-on-aws#8, from CloudTrail) and `...: cognito`
 * (aws-amplify/amplify-cli#3854).
 */
const RESERVED = ['aws', 'amazon', 'cognito'];

/** A prefix of the model's pattern without AWS's reserved words. */
export function checkPrefix(prefix: string): void {
  if (!PREFIX_PATTERN.test(prefix)) throw invalidPrefix();
  const word = RESERVED.find((w) => prefix.includes(w));
  if (word) throw new InvalidParameterException(`Domain cannot contain reserved word: ${word}`);
}

// A DNS name of at least two labels, each as a prefix is.
const HOST = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** A custom domain: a lower-case DNS name below a domain the customer owns. */
export function checkCustomDomain(domain: string): void {
  // AWS's text for a custom domain that is no DNS name is not on record: cognate's words.
  if (!HOST.test(domain)) throw new InvalidParameterException(`${domain} is not a valid custom domain name.`);
}

const ACM_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):(\d{12}):certificate\/[\w-]+$/;

/**
 * CloudFront takes only ACM certificates of us-east-1 in the distribution's account ("The ACM
 * certificate must be in US East (N. Virginia)", developer guide). A certificate it cannot use is
 * refused in CloudFront's words, which Cognito passes on as InvalidParameterException (recorded:
 * aws-amplify/amplify-hosting#2278, 2021; Cognito appends CloudFront's service and request id,
 * left out here). cognate has no ACM: any certificate ARN of that form in the caller's account is
 * taken as issued and valid.
 */
export function checkCertificate(config: CustomDomainConfigType, caller: Caller): void {
  const m = ACM_ARN.exec(config.CertificateArn ?? '');
  if (m?.[1] !== 'us-east-1' || m[2] !== caller.account) {
    throw new InvalidParameterException(
      "The specified SSL certificate doesn't exist, isn't in us-east-1 region, isn't valid, or doesn't include a valid certificate chain.",
    );
  }
}

/**
 * ManagedLoginVersion: 1 is the classic hosted UI, 2 managed login, which "requires that your user
 * pool be configured for any feature plan other than Lite" (API reference, DomainDescriptionType).
 * AWS's texts for another number and for version 2 on a Lite pool are not on record: cognate's words.
 */
export function checkManagedLoginVersion(version: number, pool: Pool): void {
  if (version !== 1 && version !== 2) {
    throw new InvalidParameterException(`ManagedLoginVersion ${version} is not valid: use 1 or 2.`);
  }
  if (version === 2 && pool.config.UserPoolTier === 'LITE') {
    throw new FeatureUnavailableInTierException(
      'Managed login (ManagedLoginVersion 2) is not available in the Lite feature plan.',
    );
  }
}
