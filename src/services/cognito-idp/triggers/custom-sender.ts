// CustomEmailSender and CustomSMSSender (developer guide, "Custom sender Lambda triggers"): where a
// pool names one for a channel, Cognito sends nothing itself on it; the function gets the code
// (or temporary password) encrypted for the pool's KMSKeyID with the AWS Encryption SDK, base64 in
// `request.code`, and delivers it. The message is built here with the Encryption SDK itself
// (@aws-crypto/client-node's KMS keyring), against cognate's KMS in process, so a handler decrypts
// it with the same SDK's KMS keyring through cognate's KMS API (AWS_ENDPOINT_URL).
// Called after the transaction that issued the code has committed (messages/queue.ts registers it
// with the after-commit hook), never inside it, and without holding up the operation's answer: a
// failure is traced (trace.ts) and logged, and the change that made the code stands.
import { randomBytes } from 'node:crypto';
import { buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node';
import type { Deps } from '../../context.js';
import type { Pool } from '../pools/store.js';
import type { User } from '../users/store.js';
import type { Activity } from '../messages/templates.js';
import { encryptWith, findKey, keyArn, keyPolicyAllows, requireUsable } from '../../kms/keys.js';
import { attributesOf } from './authentication.js';
import { runTrigger } from './invoke.js';
import { clientMetadataOf } from './client-metadata.js';

export type SenderTrigger = 'CustomEmailSender' | 'CustomSMSSender';

/** The sender a pool names for a medium, if any. */
export function customSenderFor(pool: Pool, medium: 'EMAIL' | 'SMS'): SenderTrigger | undefined {
  const c = pool.config.LambdaConfig;
  if (medium === 'EMAIL') return c?.CustomEmailSender?.LambdaArn ? 'CustomEmailSender' : undefined;
  return c?.CustomSMSSender?.LambdaArn ? 'CustomSMSSender' : undefined;
}

const SOURCES: Record<Activity, string> = {
  signup: 'SignUp',
  resend: 'ResendCode',
  forgot_password: 'ForgotPassword',
  verify_attribute: 'UpdateUserAttribute',
  invitation: 'AdminCreateUser',
  mfa: 'Authentication',
};

export interface CustomSend {
  pool: Pool;
  user: User;
  sender: SenderTrigger;
  activity: Activity;
  code: string;
}

const esdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);

/**
 * `code` as an Encryption SDK message for the pool's KMS key, base64. The key must be usable and
 * its policy must let the pool's account (whose service Cognito acts as) or cognito-idp.amazonaws.com
 * encrypt with it.
 */
export async function encryptCode(deps: Deps, pool: Pool, code: string): Promise<string> {
  const keyId = pool.config.LambdaConfig?.KMSKeyID;
  // Not AWS's text (which checks KMSKeyID when the pool is saved): cognate's words.
  if (!keyId) throw new Error('the pool has a custom sender but no LambdaConfig.KMSKeyID');
  const scope = { account: pool.account, region: pool.region };
  const row = await findKey(deps.store.db, scope, keyId);
  requireUsable(scope, row);
  const context = {
    'aws:SourceAccount': pool.account,
    'aws:SourceArn': `arn:aws:cognito-idp:${pool.region}:${pool.account}:userpool/${pool.id}`,
  };
  const allowed =
    keyPolicyAllows(scope, row, { type: 'Service', id: 'cognito-idp.amazonaws.com' }, 'kms:Encrypt', context) ||
    keyPolicyAllows(
      scope,
      row,
      { type: 'AWS', arn: `arn:aws:iam::${pool.account}:root`, account: pool.account },
      'kms:Encrypt',
    );
  if (!allowed) throw new Error(`the key policy of ${keyArn(scope, row.key_id)} does not let Cognito encrypt with it`);
  const arn = keyArn(scope, row.key_id);
  // The keyring's KMS client, answered in process by cognate's KMS.
  const kms = {
    generateDataKey: async (input: { NumberOfBytes?: number; EncryptionContext?: Record<string, string> }) => {
      const plaintext = randomBytes(input.NumberOfBytes ?? 32);
      return {
        KeyId: arn,
        Plaintext: plaintext,
        CiphertextBlob: encryptWith(deps.serverKey, row, plaintext, input.EncryptionContext),
      };
    },
    encrypt: async (input: { Plaintext: Uint8Array; EncryptionContext?: Record<string, string> }) => ({
      KeyId: arn,
      CiphertextBlob: encryptWith(deps.serverKey, row, input.Plaintext, input.EncryptionContext),
    }),
    decrypt: async () => {
      throw new Error('cognate never decrypts a custom sender code');
    },
  };
  const keyring = new KmsKeyringNode({
    generatorKeyId: arn,
    clientProvider: (() => kms) as unknown as NonNullable<
      ConstructorParameters<typeof KmsKeyringNode>[0]
    >['clientProvider'],
  });
  const { result } = await esdk.encrypt(keyring, Buffer.from(code, 'utf8'));
  return Buffer.from(result).toString('base64');
}

/** Encrypts the code and runs the pool's sender with Cognito's event. Throws what the call threw. */
export async function sendThroughCustomSender(deps: Deps, call: CustomSend): Promise<void> {
  const { pool, user, sender } = call;
  const code = await encryptCode(deps, pool, call.code);
  await runTrigger(deps, pool, sender, {
    source: `${sender}_${SOURCES[call.activity]}`,
    userName: user.username,
    request: {
      type: sender === 'CustomEmailSender' ? 'customEmailSenderRequestV1' : 'customSMSSenderRequestV1',
      code,
      userAttributes: attributesOf(user),
      ...clientMetadataOf(deps),
    },
  });
}
