// CustomEmailSender: Cognito hands over the code (or temporary password) encrypted for the pool's
// KMS key with the AWS Encryption SDK; the function decrypts it and sends its own email through
// Amazon SES. Environment: KEY_ARN (the pool's KMSKeyID), SENDER (a verified SES identity).
// On AWS Lambda, package @aws-crypto/client-node with the function; the runtime does not include it.
import { buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
const keyring = new KmsKeyringNode({ keyIds: [process.env.KEY_ARN] });
const ses = new SESv2Client({});

const SUBJECTS = {
  CustomEmailSender_SignUp: 'Confirm your account',
  CustomEmailSender_ResendCode: 'Confirm your account',
  CustomEmailSender_ForgotPassword: 'Reset your password',
  CustomEmailSender_UpdateUserAttribute: 'Confirm your new email address',
  CustomEmailSender_VerifyUserAttribute: 'Confirm your email address',
  CustomEmailSender_AdminCreateUser: 'Your new account',
  CustomEmailSender_Authentication: 'Your sign-in code',
};

export const handler = async (event) => {
  const { plaintext } = await decrypt(keyring, Buffer.from(event.request.code, 'base64'));
  const code = plaintext.toString('utf8');
  const email = event.request.userAttributes.email;
  if (!email) return event;
  const text =
    event.triggerSource === 'CustomEmailSender_AdminCreateUser'
      ? `Sign in as ${event.userName} with the temporary password ${code}`
      : `Your code is ${code}`;
  await ses.send(
    new SendEmailCommand({
      FromEmailAddress: process.env.SENDER,
      Destination: { ToAddresses: [email] },
      Content: {
        Simple: {
          Subject: { Data: SUBJECTS[event.triggerSource] ?? 'Your code' },
          Body: { Text: { Data: text } },
        },
      },
    }),
  );
  return event;
};
