// Every trigger of a user pool's LambdaConfig, with the trigger sources Cognito sends it and where
// cognate invokes it (the module named).
import type { Pool } from '../pools/store.js';

export type Trigger =
  | 'PreSignUp'
  | 'PostConfirmation'
  | 'PreAuthentication'
  | 'PostAuthentication'
  | 'CustomMessage'
  | 'UserMigration'
  | 'DefineAuthChallenge'
  | 'CreateAuthChallenge'
  | 'VerifyAuthChallengeResponse'
  | 'PreTokenGeneration'
  | 'CustomEmailSender'
  | 'CustomSMSSender';

export const TRIGGERS: Record<Trigger, { sources: string[]; module: string; built: boolean }> = {
  PreSignUp: {
    sources: ['PreSignUp_SignUp', 'PreSignUp_AdminCreateUser', 'PreSignUp_ExternalProvider'],
    module: 'pre-sign-up.ts',
    built: true,
  },
  PostConfirmation: {
    sources: ['PostConfirmation_ConfirmSignUp', 'PostConfirmation_ConfirmForgotPassword'],
    module: 'post-confirmation.ts',
    built: true,
  },
  PreAuthentication: { sources: ['PreAuthentication_Authentication'], module: 'authentication.ts', built: true },
  PostAuthentication: { sources: ['PostAuthentication_Authentication'], module: 'authentication.ts', built: true },
  CustomMessage: {
    sources: [
      'CustomMessage_SignUp',
      'CustomMessage_AdminCreateUser',
      'CustomMessage_ResendCode',
      'CustomMessage_ForgotPassword',
      'CustomMessage_UpdateUserAttribute',
      'CustomMessage_VerifyUserAttribute',
      'CustomMessage_Authentication',
    ],
    module: 'custom-message.ts',
    built: true,
  },
  UserMigration: {
    sources: ['UserMigration_Authentication', 'UserMigration_ForgotPassword'],
    module: 'user-migration.ts',
    built: true,
  },
  DefineAuthChallenge: { sources: ['DefineAuthChallenge_Authentication'], module: 'auth-challenge.ts', built: true },
  CreateAuthChallenge: { sources: ['CreateAuthChallenge_Authentication'], module: 'auth-challenge.ts', built: true },
  VerifyAuthChallengeResponse: {
    sources: ['VerifyAuthChallengeResponse_Authentication'],
    module: 'auth-challenge.ts',
    built: true,
  },
  PreTokenGeneration: {
    sources: [
      'TokenGeneration_HostedAuth',
      'TokenGeneration_Authentication',
      'TokenGeneration_NewPasswordChallenge',
      'TokenGeneration_AuthenticateDevice',
      'TokenGeneration_RefreshTokens',
      'TokenGeneration_ClientCredentials',
    ],
    module: 'pre-token-generation.ts',
    built: true,
  },
  CustomEmailSender: {
    sources: [
      'CustomEmailSender_SignUp',
      'CustomEmailSender_ResendCode',
      'CustomEmailSender_ForgotPassword',
      'CustomEmailSender_UpdateUserAttribute',
      'CustomEmailSender_VerifyUserAttribute',
      'CustomEmailSender_AdminCreateUser',
      'CustomEmailSender_Authentication',
      'CustomEmailSender_AccountTakeOverNotification',
    ],
    module: 'custom-sender.ts',
    built: true,
  },
  CustomSMSSender: {
    sources: [
      'CustomSMSSender_SignUp',
      'CustomSMSSender_ResendCode',
      'CustomSMSSender_ForgotPassword',
      'CustomSMSSender_UpdateUserAttribute',
      'CustomSMSSender_VerifyUserAttribute',
      'CustomSMSSender_AdminCreateUser',
      'CustomSMSSender_Authentication',
    ],
    module: 'custom-sender.ts',
    built: true,
  },
};

/** The function ARN a pool's LambdaConfig names for `trigger`, if any. */
export function triggerArn(pool: Pool, trigger: Trigger): string | undefined {
  const c = pool.config.LambdaConfig;
  if (!c) return undefined;
  switch (trigger) {
    case 'PreTokenGeneration':
      return c.PreTokenGenerationConfig?.LambdaArn ?? c.PreTokenGeneration;
    case 'CustomEmailSender':
      return c.CustomEmailSender?.LambdaArn;
    case 'CustomSMSSender':
      return c.CustomSMSSender?.LambdaArn;
    default:
      return c[trigger];
  }
}
