import type {
  UpdateUserPoolDomainRequest,
  UpdateUserPoolDomainResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { ownedDomain } from '../domains/owned.js';
import { checkCertificate, checkManagedLoginVersion } from '../domains/rules.js';
import { domainVersion } from '../domains/store.js';

/**
 * Changes a custom domain's certificate, or either domain's ManagedLoginVersion ("Amazon Cognito
 * can't update a prefix domain to a custom domain", API reference); what is not sent stays. The
 * domain stays ACTIVE throughout (AWS shows UPDATING while CloudFront deploys: simulated away).
 */
const UpdateUserPoolDomain: Operation<UpdateUserPoolDomainRequest, UpdateUserPoolDomainResponse> = async (
  deps,
  ctx,
  input,
) => {
  const caller = callerOf(ctx);
  const pool = await getPool(deps.store.db, caller, input.UserPoolId);
  const row = await ownedDomain(deps.store.db, caller, pool.id, input.Domain);
  const custom = input.CustomDomainConfig;
  if (custom) {
    // AWS's text for a certificate sent for a prefix domain is not on record: cognate's words.
    if (row.kind !== 'custom') {
      throw new InvalidParameterException(`${row.domain} is a prefix domain: it takes no CustomDomainConfig.`);
    }
    checkCertificate(custom, caller);
  }
  const managedLoginVersion = input.ManagedLoginVersion ?? row.managed_login_version;
  checkManagedLoginVersion(managedLoginVersion, pool);
  const now = deps.now();
  await deps.store.db
    .updateTable('user_pool_domains')
    .set({
      ...(custom
        ? {
            certificate_arn: custom.CertificateArn ?? null,
            security_policy: custom.SecurityPolicy ?? row.security_policy,
          }
        : {}),
      managed_login_version: managedLoginVersion,
      version: domainVersion(now),
      updated_at: now,
    })
    .where('host', '=', row.host)
    .execute();
  return {
    ManagedLoginVersion: managedLoginVersion,
    ...(row.kind === 'custom' ? { CloudFrontDomain: row.cloudfront } : {}),
  };
};
export default UpdateUserPoolDomain;
