// A user pool's configuration: create-time defaults, UpdateUserPool's reset rules, and the
// checks AWS makes on the combination of settings (the model checks single members).
// Defaults follow a recorded DescribeUserPool (docs/reference/aws-recorded.md §4.3) plus the
// members AWS added since (DeletionProtection, UserPoolTier, SignInPolicy).
import type {
  CreateUserPoolRequest,
  UpdateUserPoolRequest,
  UserPoolType,
  SchemaAttributeType,
  PasswordPolicyType,
  VerificationMessageTemplateType,
  SoftwareTokenMfaConfigType,
  EmailMfaConfigType,
  WebAuthnConfigurationType,
} from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import { STANDARD_SCHEMA, customSchemaAttribute, standardSchemaAttribute } from './schema.js';
import type { Deps } from '../../context.js';
import type { Pool } from './store.js';
import { checkSmsConfiguration } from './sms-config.js';
import { checkEmailConfiguration } from './email-config.js';
import { checkTagCount } from './tags.js';

/**
 * What is stored for a pool: everything DescribeUserPool shows but the derived members, and the
 * MFA factors only SetUserPoolMfaConfig sets (GetUserPoolMfaConfig shows them, DescribeUserPool does not).
 */
export type PoolConfig = Omit<
  UserPoolType,
  'Id' | 'Name' | 'Arn' | 'CreationDate' | 'LastModifiedDate' | 'EstimatedNumberOfUsers' | 'Status'
> & {
  SoftwareTokenMfaConfiguration?: SoftwareTokenMfaConfigType;
  EmailMfaConfiguration?: EmailMfaConfigType;
  /** passkey settings (SetUserPoolMfaConfig), shown by GetUserPoolMfaConfig */
  WebAuthnConfiguration?: WebAuthnConfigurationType;
};

const DEFAULT_TEMPORARY_PASSWORD_DAYS = 7;

function passwordPolicy(given: PasswordPolicyType | undefined): PasswordPolicyType {
  if (!given) {
    return {
      MinimumLength: 8,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
      TemporaryPasswordValidityDays: DEFAULT_TEMPORARY_PASSWORD_DAYS,
    };
  }
  // A policy that is sent replaces the default whole: a rule left out is off.
  return {
    MinimumLength: given.MinimumLength ?? 8,
    RequireUppercase: given.RequireUppercase ?? false,
    RequireLowercase: given.RequireLowercase ?? false,
    RequireNumbers: given.RequireNumbers ?? false,
    RequireSymbols: given.RequireSymbols ?? false,
    ...(given.PasswordHistorySize !== undefined ? { PasswordHistorySize: given.PasswordHistorySize } : {}),
    TemporaryPasswordValidityDays: given.TemporaryPasswordValidityDays || DEFAULT_TEMPORARY_PASSWORD_DAYS,
  };
}

/** The template object and the legacy top-level fields describe the same messages; AWS keeps them in step. */
function messages(
  input: Partial<CreateUserPoolRequest>,
): Pick<
  PoolConfig,
  'VerificationMessageTemplate' | 'EmailVerificationMessage' | 'EmailVerificationSubject' | 'SmsVerificationMessage'
> {
  const t: VerificationMessageTemplateType = { ...input.VerificationMessageTemplate };
  t.EmailMessage ??= input.EmailVerificationMessage;
  t.EmailSubject ??= input.EmailVerificationSubject;
  t.SmsMessage ??= input.SmsVerificationMessage;
  t.DefaultEmailOption ??= 'CONFIRM_WITH_CODE';
  const template = Object.fromEntries(
    Object.entries(t).filter(([, v]) => v !== undefined),
  ) as VerificationMessageTemplateType;
  // The model's pattern lets `{####}` (the code placeholder) pass for a link; AWS then refuses the
  // template as such (aws/aws-cli#8280).
  if (
    template.DefaultEmailOption === 'CONFIRM_WITH_LINK' &&
    template.EmailMessageByLink !== undefined &&
    !/\{##[\s\S]*##\}/.test(template.EmailMessageByLink.replaceAll('{####}', ''))
  ) {
    throw new InvalidParameterException('The message is invalid.');
  }
  return {
    VerificationMessageTemplate: template,
    ...(template.EmailMessage !== undefined ? { EmailVerificationMessage: template.EmailMessage } : {}),
    ...(template.EmailSubject !== undefined ? { EmailVerificationSubject: template.EmailSubject } : {}),
    ...(template.SmsMessage !== undefined ? { SmsVerificationMessage: template.SmsMessage } : {}),
  };
}

/** The members both CreateUserPool and UpdateUserPool set; what is absent takes its default. */
function settable(input: Partial<CreateUserPoolRequest>, policies: PoolConfig['Policies']): PoolConfig {
  const temporaryDays = policies?.PasswordPolicy?.TemporaryPasswordValidityDays ?? DEFAULT_TEMPORARY_PASSWORD_DAYS;
  const admin = input.AdminCreateUserConfig;
  if (
    admin?.UnusedAccountValidityDays !== undefined &&
    input.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays !== undefined
  ) {
    throw new InvalidParameterException(
      'Please use TemporaryPasswordValidityDays in PasswordPolicy instead of UnusedAccountValidityDays',
    );
  }
  const autoVerified = input.AutoVerifiedAttributes ?? [];
  const requireVerification = input.UserAttributeUpdateSettings?.AttributesRequireVerificationBeforeUpdate ?? [];
  if (requireVerification.some((a) => !autoVerified.includes(a))) {
    throw new InvalidParameterException(
      'All attributes in AttributesRequireVerificationBeforeUpdate must exist in AutoVerifiedAttributes',
    );
  }
  const email = input.EmailConfiguration;
  // DEVELOPER sends through the SES identity SourceArn names (EmailConfigurationType doc), so it
  // cannot go without one. AWS's text for the refusal is not on record: cognate's words.
  if (email?.EmailSendingAccount === 'DEVELOPER' && !email.SourceArn) {
    throw new InvalidParameterException('SourceArn is required when EmailSendingAccount is DEVELOPER.');
  }
  if (input.UserPoolTags) checkTagCount(input.UserPoolTags);
  const recovery = input.AccountRecoverySetting?.RecoveryMechanisms;
  // admin_only cannot be combined with another mechanism (developer guide, how-to-recover-a-user-account;
  // docs/reference/cognito-messaging-facts.md §4.5). AWS's text for the refusal is not on record: cognate's words.
  if (recovery && recovery.length > 1 && recovery.some((m) => m.Name === 'admin_only')) {
    throw new InvalidParameterException('admin_only recovery mechanism cannot be combined with other mechanisms.');
  }
  return {
    Policies: policies,
    DeletionProtection: input.DeletionProtection ?? 'INACTIVE',
    LambdaConfig: input.LambdaConfig ?? {},
    ...(input.AutoVerifiedAttributes ? { AutoVerifiedAttributes: input.AutoVerifiedAttributes } : {}),
    ...messages(input),
    ...(input.SmsAuthenticationMessage !== undefined
      ? { SmsAuthenticationMessage: input.SmsAuthenticationMessage }
      : {}),
    UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: requireVerification },
    MfaConfiguration: input.MfaConfiguration ?? 'OFF',
    ...(input.DeviceConfiguration ? { DeviceConfiguration: input.DeviceConfiguration } : {}),
    EmailConfiguration: { ...email, EmailSendingAccount: email?.EmailSendingAccount ?? 'COGNITO_DEFAULT' },
    ...(input.SmsConfiguration ? { SmsConfiguration: input.SmsConfiguration } : {}),
    UserPoolTags: input.UserPoolTags ?? {},
    AdminCreateUserConfig: {
      AllowAdminCreateUserOnly: admin?.AllowAdminCreateUserOnly ?? false,
      // The legacy member mirrors the password policy's validity (recorded in 2023).
      UnusedAccountValidityDays: temporaryDays,
      ...(admin?.InviteMessageTemplate ? { InviteMessageTemplate: admin.InviteMessageTemplate } : {}),
    },
    ...(input.UserPoolAddOns ? { UserPoolAddOns: input.UserPoolAddOns } : {}),
    ...(input.AccountRecoverySetting ? { AccountRecoverySetting: input.AccountRecoverySetting } : {}),
    UserPoolTier: input.UserPoolTier ?? 'ESSENTIALS',
  };
}

/** The checks of the whole configuration, once its members are settled. */
function wholeCheck(config: PoolConfig): void {
  mfaCheck(config);
}

function mfaCheck(config: PoolConfig): void {
  const factor =
    !!config.SmsConfiguration || !!config.SoftwareTokenMfaConfiguration?.Enabled || !!config.EmailMfaConfiguration;
  if ((config.MfaConfiguration === 'ON' || config.MfaConfiguration === 'OPTIONAL') && !factor) {
    // Measured against AWS (cdkd): CreateUserPool cannot turn MFA on without SMS set up;
    // software-token MFA is enabled afterwards with SetUserPoolMfaConfig.
    throw new InvalidParameterException(
      'SMS configuration and Auto verification for phone_number are required when MFA is required/optional',
    );
  }
}

/**
 * The checks of a pool's messaging settings that need the store (the IAM role of SmsConfiguration,
 * SES identities), once the pure checks above have passed and the pool's id is known. Each
 * messaging setting adds its check here.
 */
export async function checkMessagingConfig(
  deps: Deps,
  pool: Pick<Pool, 'id' | 'account' | 'region'>,
  config: PoolConfig,
  previous?: PoolConfig,
): Promise<void> {
  await checkSmsConfiguration(deps, pool, config, previous);
  // SetUserPoolMfaConfig keeps the email settings as they are; Create/UpdateUserPool check them live.
  if (config.EmailConfiguration !== previous?.EmailConfiguration) await checkEmailConfiguration(deps, pool, config);
}

export function createConfig(input: CreateUserPoolRequest): PoolConfig {
  if (input.AliasAttributes?.length && input.UsernameAttributes?.length) {
    throw new InvalidParameterException(
      'Only one of the aliasAttributes or usernameAttributes can be set in a User pool.',
    );
  }
  if (
    input.AdminCreateUserConfig?.UnusedAccountValidityDays !== undefined &&
    !input.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays
  ) {
    input = {
      ...input,
      Policies: {
        ...input.Policies,
        PasswordPolicy: {
          ...(input.Policies?.PasswordPolicy ?? passwordPolicy(undefined)),
          TemporaryPasswordValidityDays: input.AdminCreateUserConfig.UnusedAccountValidityDays,
        },
      },
      AdminCreateUserConfig: { ...input.AdminCreateUserConfig, UnusedAccountValidityDays: undefined },
    };
  }
  const policies = {
    PasswordPolicy: passwordPolicy(input.Policies?.PasswordPolicy),
    SignInPolicy: input.Policies?.SignInPolicy ?? { AllowedFirstAuthFactors: ['PASSWORD' as const] },
  };
  const config: PoolConfig = {
    ...settable(input, policies),
    SchemaAttributes: schemaAttributes(input.Schema),
    ...(input.AliasAttributes?.length ? { AliasAttributes: input.AliasAttributes } : {}),
    ...(input.UsernameAttributes?.length ? { UsernameAttributes: input.UsernameAttributes } : {}),
    ...(input.UsernameConfiguration ? { UsernameConfiguration: input.UsernameConfiguration } : {}),
  };
  wholeCheck(config);
  return config;
}

/**
 * UpdateUserPool: what is not sent goes back to its default, except MfaConfiguration and Policies (measured,
 * docs/reference/cognito-messaging-facts.md §1.7) and UserPoolTags. Tags left out stay: AWS's API reference
 * says every member left out but UserPoolTier is reset (and a 2018 report, aws/aws-cli#3302, saw tags go), but
 * terraform-provider-aws 5.x updates a pool without UserPoolTags, changes tags with TagResource and
 * UntagResource only, and reads them back from DescribeUserPool: a reset would show every tagged pool changed
 * after any other change (user_pool.go, resourceUserPoolUpdate).
 */
export function updateConfig(current: PoolConfig, input: UpdateUserPoolRequest): PoolConfig {
  const policies = input.Policies
    ? {
        PasswordPolicy: input.Policies.PasswordPolicy
          ? passwordPolicy(input.Policies.PasswordPolicy)
          : current.Policies?.PasswordPolicy,
        SignInPolicy: input.Policies.SignInPolicy ?? current.Policies?.SignInPolicy,
      }
    : current.Policies;
  const config: PoolConfig = {
    ...settable(
      {
        ...input,
        MfaConfiguration: input.MfaConfiguration ?? current.MfaConfiguration,
        UserPoolTier: input.UserPoolTier ?? current.UserPoolTier,
        UserPoolTags: input.UserPoolTags ?? current.UserPoolTags,
      },
      policies,
    ),
    SchemaAttributes: current.SchemaAttributes,
    ...(current.AliasAttributes ? { AliasAttributes: current.AliasAttributes } : {}),
    ...(current.UsernameAttributes ? { UsernameAttributes: current.UsernameAttributes } : {}),
    ...(current.UsernameConfiguration ? { UsernameConfiguration: current.UsernameConfiguration } : {}),
    ...(current.SoftwareTokenMfaConfiguration
      ? { SoftwareTokenMfaConfiguration: current.SoftwareTokenMfaConfiguration }
      : {}),
    ...(current.EmailMfaConfiguration ? { EmailMfaConfiguration: current.EmailMfaConfiguration } : {}),
  };
  wholeCheck(config);
  return config;
}

function schemaAttributes(schema: SchemaAttributeType[] | undefined): SchemaAttributeType[] {
  const attributes = STANDARD_SCHEMA.map((a) => ({ ...a }));
  const custom: SchemaAttributeType[] = [];
  for (const given of schema ?? []) {
    const at = attributes.findIndex((a) => a.Name === given.Name);
    if (at >= 0) attributes[at] = standardSchemaAttribute(attributes[at], given);
    else custom.push(customSchemaAttribute(given));
  }
  return addCustomAttributes(attributes, custom);
}

export function addCustomAttributes(
  current: SchemaAttributeType[],
  added: SchemaAttributeType[],
): SchemaAttributeType[] {
  const all = [...current];
  for (const a of added) {
    // Recorded from AddCustomAttributes: `custom:custom:name: Existing attribute already has name
    // custom:custom:name.` (jmaleonard/serverless-cognito-add-custom-attributes#3, 2019); the part
    // before the colon is the custom: name without dev: (moto's reading for developer-only ones).
    if (all.some((x) => x.Name === a.Name))
      throw new InvalidParameterException(
        `${a.Name!.replace(/^dev:/, '')}: Existing attribute already has name ${a.Name}.`,
      );
    all.push(a);
  }
  if (all.filter((a) => a.Name?.includes('custom:')).length > 50) {
    // The limit is the developer guide's (50 custom attributes); AWS's text for it is not on record.
    throw new InvalidParameterException('User pool has reached the maximum number of custom attributes (50).');
  }
  return all;
}
