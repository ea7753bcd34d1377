import type {
  CreateUserPoolDomainRequest,
  CreateUserPoolDomainResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import { UniqueViolation } from '../../../store/errors.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { checkCertificate, checkCustomDomain, checkManagedLoginVersion, checkPrefix } from '../domains/rules.js';
import { domainVersion, hostOf, newCloudFrontHost } from '../domains/store.js';

/**
 * A prefix domain (no CustomDomainConfig) or a custom domain for a pool; a pool may have one of
 * each ("You can set up a user pool with both a custom domain and a prefix domain", developer
 * guide, cognito-user-pools-assign-domain).
 */
const CreateUserPoolDomain: Operation<CreateUserPoolDomainRequest, CreateUserPoolDomainResponse> = async (
  deps,
  ctx,
  input,
) => {
  const caller = callerOf(ctx);
  const pool = await getPool(deps.store.db, caller, input.UserPoolId);
  const custom = input.CustomDomainConfig;
  if (custom) {
    checkCustomDomain(input.Domain);
    checkCertificate(custom, caller);
  } else {
    checkPrefix(input.Domain);
  }
  const managedLoginVersion = input.ManagedLoginVersion ?? 1;
  checkManagedLoginVersion(managedLoginVersion, pool);
  const now = deps.now();
  const cloudfront = newCloudFrontHost();
  try {
    await deps.store.tx((trx) =>
      trx
        .insertInto('user_pool_domains')
        .values({
          host: hostOf(input.Domain, caller.region),
          domain: input.Domain,
          pool_id: pool.id,
          account: pool.account,
          region: pool.region,
          kind: custom ? 'custom' : 'prefix',
          certificate_arn: custom?.CertificateArn ?? null,
          security_policy: custom?.SecurityPolicy ?? null,
          managed_login_version: managedLoginVersion,
          cloudfront,
          version: domainVersion(now),
          created_at: now,
          updated_at: now,
        })
        .execute(),
    );
  } catch (e) {
    if (!(e instanceof UniqueViolation)) throw e;
    // Recorded: `User pool already has a domain configured.` (CloudFormation's report of the
    // InvalidParameterException, aws/aws-cdk#10062 and the samples that cite it) and `Domain
    // already associated with another user pool.` (aws-samples/aws-cdk-examples#402, 2021).
    throw new InvalidParameterException(
      e.columns.includes('kind')
        ? 'User pool already has a domain configured.'
        : 'Domain already associated with another user pool.',
    );
  }
  return { ManagedLoginVersion: managedLoginVersion, ...(custom ? { CloudFrontDomain: cloudfront } : {}) };
};
export default CreateUserPoolDomain;
