// Table types for the query builder: the `Database` Kysely checks every query against, naming
// every table, and the store's own tables. The other tables' rows are declared by owner in
// tables/ (beside the migrations that create them, not beside the modules that query them), so
// the whole schema is read here and no module has to be loaded for its tables to be known.
// Times are epoch milliseconds; flags are 0/1 integers, so rows read alike on SQLite and PostgreSQL.
import type {
  AttemptCounterRow,
  GroupMemberRow,
  GroupRow,
  RefreshTokenRow,
  SigningKeyRow,
  SpentSessionRow,
  UserCodeRow,
  UserPoolClientRow,
  UserPoolRow,
  UserRow,
} from './tables/cognito-idp.js';
import type { UserImportChunkRow, UserImportErrorRow, UserImportJobRow } from './tables/cognito-idp-import.js';
import type { IdentityProviderIdentifierRow, IdentityProviderRow, ProviderLinkRow } from './tables/cognito-idp-idp.js';
import type { ManagedLoginBrandingRow, TermsRow, UiCustomizationRow } from './tables/cognito-idp-branding.js';
import type {
  PoolLogConfigurationRow,
  PoolReplicaRow,
  PoolSamlCertificateRow,
  ProvisionedLimitRow,
} from './tables/cognito-idp-logs.js';
import type { LogEventRow, LogGroupRow, LogStreamRow } from './tables/logs.js';
import type { RequestRateRow } from './tables/cognito-idp-rates.js';
import type { AuthEventRow, RiskConfigurationRow } from './tables/cognito-idp-risk.js';
import type { DeviceRow } from './tables/cognito-idp-devices.js';
import type { ClientSecretsColumn, ResourceServerRow, UserPoolDomainRow } from './tables/cognito-idp-domains.js';
import type { WebAuthnCredentialRow, WebAuthnRegistrationRow } from './tables/cognito-idp-passwordless.js';
import type { LoginSessionRow, OAuthCodeRow, RefreshTokenScopeColumn } from './tables/cognito-idp-oauth.js';
import type { MailboxRow, MessageAttemptRow, MessageRow } from './tables/messaging.js';
import type { AttachmentRow, PolicyRow, RolePolicyRow, RoleRow } from './tables/iam.js';
import type { StsSessionRow } from './tables/sts.js';
import type { KmsKeyRow } from './tables/kms.js';
import type { LambdaAliasRow, LambdaFunctionRow, LambdaPolicyRow, TriggerInvocationRow } from './tables/lambda.js';
import type { SesAccountRow, SesIdentityRow, SesSendRow } from './tables/ses.js';
import type {
  SnsOptOutRow,
  SnsOriginationNumberRow,
  SnsSandboxNumberRow,
  SnsSmsAccountRow,
  SnsSmsSpendRow,
} from './tables/sns.js';

/** One shard of a quota counter (src/store/quota.ts). */
export interface QuotaCounterRow {
  /** what is counted and for whom, e.g. cognito-default-email/<account>/<region> */
  scope: string;
  /** the window the count belongs to, e.g. a UTC day YYYY-MM-DD */
  window: string;
  shard: number;
  count: number;
}

export interface SecretRow {
  name: string;
  value: string;
}

export interface Database {
  quota_counters: QuotaCounterRow;
  secrets: SecretRow;
  // Cognito
  user_pools: UserPoolRow;
  user_pool_clients: UserPoolClientRow & ClientSecretsColumn;
  users: UserRow;
  user_codes: UserCodeRow;
  groups: GroupRow;
  group_members: GroupMemberRow;
  signing_keys: SigningKeyRow;
  refresh_tokens: RefreshTokenRow & RefreshTokenScopeColumn;
  spent_sessions: SpentSessionRow;
  attempt_counters: AttemptCounterRow;
  user_import_jobs: UserImportJobRow;
  user_import_chunks: UserImportChunkRow;
  user_import_errors: UserImportErrorRow;
  identity_providers: IdentityProviderRow;
  identity_provider_identifiers: IdentityProviderIdentifierRow;
  provider_links: ProviderLinkRow;
  ui_customizations: UiCustomizationRow;
  managed_login_brandings: ManagedLoginBrandingRow;
  terms: TermsRow;
  user_pool_log_configurations: PoolLogConfigurationRow;
  user_pool_replicas: PoolReplicaRow;
  user_pool_saml_certificates: PoolSamlCertificateRow;
  provisioned_limits: ProvisionedLimitRow;
  request_rates: RequestRateRow;
  risk_configurations: RiskConfigurationRow;
  auth_events: AuthEventRow;
  devices: DeviceRow;
  user_pool_domains: UserPoolDomainRow;
  resource_servers: ResourceServerRow;
  webauthn_credentials: WebAuthnCredentialRow;
  webauthn_registrations: WebAuthnRegistrationRow;
  oauth_codes: OAuthCodeRow;
  login_sessions: LoginSessionRow;
  trigger_invocations: TriggerInvocationRow;
  // messaging
  messages: MessageRow;
  message_attempts: MessageAttemptRow;
  mailbox: MailboxRow;
  // IAM and STS
  iam_roles: RoleRow;
  iam_role_policies: RolePolicyRow;
  iam_policies: PolicyRow;
  iam_role_attachments: AttachmentRow;
  sts_sessions: StsSessionRow;
  // SES
  ses_identities: SesIdentityRow;
  ses_accounts: SesAccountRow;
  ses_sends: SesSendRow;
  // SNS
  sns_sms_accounts: SnsSmsAccountRow;
  sns_sandbox_numbers: SnsSandboxNumberRow;
  sns_opt_outs: SnsOptOutRow;
  sns_sms_spend: SnsSmsSpendRow;
  sns_origination_numbers: SnsOriginationNumberRow;
  // CloudWatch Logs
  log_groups: LogGroupRow;
  log_streams: LogStreamRow;
  log_events: LogEventRow;
  // Lambda
  kms_keys: KmsKeyRow;
  lambda_functions: LambdaFunctionRow;
  lambda_aliases: LambdaAliasRow;
  lambda_policies: LambdaPolicyRow;
}
