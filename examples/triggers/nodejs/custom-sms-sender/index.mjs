// CustomSMSSender: Cognito hands over the code (or temporary password) encrypted for the pool's
// KMS key with the AWS Encryption SDK; the function decrypts it and sends its own text message
// through Amazon SNS. Environment: KEY_ARN (the pool's KMSKeyID).
// On AWS Lambda, package @aws-crypto/client-node with the function; the runtime does not include it.
import { buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';

const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
const keyring = new KmsKeyringNode({ keyIds: [process.env.KEY_ARN] });
const sns = new SNSClient({});

export const handler = async (event) => {
  const { plaintext } = await decrypt(keyring, Buffer.from(event.request.code, 'base64'));
  const code = plaintext.toString('utf8');
  const phone = event.request.userAttributes.phone_number;
  if (!phone) return event;
  const text =
    event.triggerSource === 'CustomSMSSender_AdminCreateUser'
      ? `Example Corp: user ${event.userName}, temporary password ${code}`
      : `Example Corp code: ${code}`;
  await sns.send(
    new PublishCommand({
      PhoneNumber: phone,
      Message: text,
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
    }),
  );
  return event;
};
