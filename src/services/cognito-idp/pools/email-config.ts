// The checks Cognito makes when a pool's EmailConfiguration names an SES identity (CreateUserPool,
// UpdateUserPool): Create/UpdateUserPool check SES live (docs/reference/cognito-messaging-facts.md §1.5).
// - SourceArn must name an SES identity of the pool's own account: cross-account use is not
//   supported (the mission's document, docs/reference/seeds/000), and AWS refuses it, or an ARN without the
//   identity's name, with NotAuthorizedException `Email arn does not belong to your account.`
//   (aws/aws-cdk#25115);
// - its Region must be one the pool's Region may use (pools/email-regions.ts). AWS's words for
//   this refusal are not on record (docs/reference/cognito-messaging-facts.md §8.1): cognate's say what is wrong;
// - the identity must exist and be verified in that Region, matched literally (an address under
//   a verified domain is not its domain: aws-amplify/amplify-backend#3134): otherwise
//   InvalidParameterException `Cognito received the following error from Amazon SES when
//   attempting to send email: Email address is not verified. The following identities failed
//   the check in region US-EAST-1: <the ARN>` (aws/aws-cdk#18964, #19787);
// - From must belong to the identity: the address itself, or an address in the verified domain
//   or a subdomain. SES's check of the sender gives the same error naming From (inferred: no
//   recording of this case).
// `--cognito-email direct` skips all of this, as LocalStack does.
import { InvalidParameterException, NotAuthorizedException } from '../../../generated/cognito-idp/errors.js';
import type { Db } from '../../../store/store.js';
import type { Deps } from '../../context.js';
import { bareAddress, getIdentity, isVerified, kindOf } from '../../ses/identities.js';
import { notVerifiedMessage } from '../../ses/sending.js';
import type { Pool } from './store.js';
import type { PoolConfig } from './config.js';
import { allowedSesRegions } from './email-regions.js';

export const SES_ERROR_PREFIX = 'Cognito received the following error from Amazon SES when attempting to send email: ';
export const FOREIGN_ARN_MESSAGE = 'Email arn does not belong to your account.';

export interface SesIdentityArn {
  region: string;
  account: string;
  identity: string;
}

/** arn:aws:ses:<region>:<account>:identity/<email or domain> */
export function parseSesIdentityArn(arn: string): SesIdentityArn | undefined {
  const m = /^arn:aws[a-z-]*:ses:([a-z0-9-]+):(\d{12}):identity\/(.+)$/.exec(arn);
  return m ? { region: m[1], account: m[2], identity: m[3] } : undefined;
}

/** Whether an address may send as this identity: it is the address, or in the domain or a subdomain of it. */
export function fromBelongsTo(from: string, identity: string): boolean {
  const address = bareAddress(from);
  if (kindOf(identity) === 'EMAIL_ADDRESS') return address === identity;
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  const d = identity.toLowerCase();
  return domain === d || domain.endsWith(`.${d}`);
}

export type EmailConfigProblem = { kind: 'foreign' | 'region' | 'unverified' | 'from'; message: string };

/** What is wrong with the pool's SES identity, if anything (the doctor reports the same findings). */
export async function emailConfigProblem(
  db: Db,
  pool: Pick<Pool, 'account' | 'region'>,
  config: PoolConfig,
  now: number,
): Promise<EmailConfigProblem | null> {
  const email = config.EmailConfiguration;
  if (!email?.SourceArn) return null;
  const arn = parseSesIdentityArn(email.SourceArn);
  if (!arn || arn.account !== pool.account) return { kind: 'foreign', message: FOREIGN_ARN_MESSAGE };
  const allowed = allowedSesRegions(pool.region);
  if (!allowed.includes(arn.region)) {
    return {
      kind: 'region',
      message: `The SES identity's Region ${arn.region} cannot be used by a user pool in ${pool.region}; use an identity in ${allowed.join(', ')}.`,
    };
  }
  const identity = await getIdentity(db, { account: arn.account, region: arn.region }, arn.identity, now);
  if (
    !identity ||
    !isVerified(identity) ||
    identity.name !== (kindOf(arn.identity) === 'DOMAIN' ? arn.identity.toLowerCase() : arn.identity)
  ) {
    return { kind: 'unverified', message: SES_ERROR_PREFIX + notVerifiedMessage(arn.region, [email.SourceArn]) };
  }
  if (email.From && !fromBelongsTo(email.From, arn.identity)) {
    return { kind: 'from', message: SES_ERROR_PREFIX + notVerifiedMessage(arn.region, [email.From]) };
  }
  return null;
}

export async function checkEmailConfiguration(
  deps: Deps,
  pool: Pick<Pool, 'account' | 'region'>,
  config: PoolConfig,
): Promise<void> {
  if (deps.config.cognitoEmail === 'direct') return;
  const problem = await emailConfigProblem(deps.store.db, pool, config, deps.now());
  if (!problem) return;
  if (problem.kind === 'foreign') throw new NotAuthorizedException(problem.message);
  throw new InvalidParameterException(problem.message);
}
