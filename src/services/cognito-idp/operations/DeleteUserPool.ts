import type { DeleteUserPoolRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { forgetKeys } from '../tokens/keys.js';

const DeleteUserPool: Operation<DeleteUserPoolRequest, void> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  // AWS's text, as the AWS CLI prints it (users' notes of `terraform destroy` and CLI runs, found by code search).
  if (pool.config.DeletionProtection === 'ACTIVE') {
    throw new InvalidParameterException(
      'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.',
    );
  }
  // the trace rows waiting to be written go first, so none is written after the pool is gone
  await deps.store.writtenBehind();
  await deps.store.tx(async (trx) => {
    for (const table of [
      'group_members',
      'groups',
      'user_codes',
      'attempt_counters',
      'auth_events',
      'devices',
      'risk_configurations',
      'refresh_tokens',
      'webauthn_credentials',
      'webauthn_registrations',
      'oauth_codes',
      'login_sessions',
      'users',
      'user_pool_clients',
      'signing_keys',
      'user_import_chunks',
      'user_import_errors',
      'user_import_jobs',
      'provider_links',
      'identity_provider_identifiers',
      'identity_providers',
      'ui_customizations',
      'managed_login_brandings',
      'terms',
      'user_pool_log_configurations',
      'user_pool_replicas',
      'user_pool_saml_certificates',
      'user_pool_domains',
      'resource_servers',
      'trigger_invocations',
    ] as const) {
      await trx.deleteFrom(table).where('pool_id', '=', pool.id).execute();
    }
    await trx.deleteFrom('user_pools').where('id', '=', pool.id).execute();
  });
  forgetKeys(pool.id);
};
export default DeleteUserPool;
