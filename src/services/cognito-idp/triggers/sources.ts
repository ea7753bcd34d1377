// Every trigger of a user pool's LambdaConfig, with the trigger sources Cognito sends it and where
// cognate invokes it. The ones marked `next` are configured and echoed back but not invoked yet:
// each names the module that will hold it, beside the ones built here.
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
    ],
    module: 'pre-token-generation.ts',
    built: true,
  },
  CustomEmailSender: {
    sources: ['CustomEmailSender_SignUp', 'CustomEmailSender_ForgotPassword', 'CustomEmailSender_AdminCreateUser'],
    module: 'custom-sender.ts',
    built: false,
  },
  CustomSMSSender: {
    sources: ['CustomSMSSender_SignUp', 'CustomSMSSender_ForgotPassword', 'CustomSMSSender_Authentication'],
    module: 'custom-sender.ts',
    built: false,
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
