// The AWS clients of cognate's own commands (doctor, setup): the AWS SDK's, with its standard
// credential chain and region resolution (--profile, the environment, ~/.aws/config and
// credentials, SSO, process credentials), sent to --endpoint when one is given and to AWS when
// not. So the same command runs against cognate and against a real account. Loaded by the
// commands and the doctor routes only: the server's start-up does not load the SDK.
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { defaultProvider } from '@aws-sdk/credential-provider-node';

type AwsCredentialIdentity = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
type AwsCredentialIdentityProvider = () => Promise<AwsCredentialIdentity>;

/** Where and as whom: the command line's --endpoint, --profile and --region. */
export interface AwsAccess {
  /** cognate's address, or any AWS-compatible endpoint; none: AWS itself */
  endpoint?: string;
  profile?: string;
  /** the Region asked for; undefined: the command decides (a pool id's Region, the SDK's default) */
  region?: string;
  /** keys that replace the chain (cognate's routes ask as a given account) */
  credentials?: AwsCredentialIdentity;
}

export interface AwsClients {
  region: string;
  cognito: CognitoIdentityProviderClient;
  iam: IAMClient;
  lambda: LambdaClient;
  sesv2: SESv2Client;
  sns: SNSClient;
  sts: STSClient;
}

/** The options every such command takes, for node:util's parseArgs. */
export const ACCESS_OPTIONS = {
  endpoint: { type: 'string' },
  profile: { type: 'string' },
  region: { type: 'string' },
} as const;

/**
 * The keys of the standard chain. Against an endpoint (cognate, which takes any key) a machine
 * with no AWS credentials at all still gets an answer: where the chain finds none, `test`.
 */
function credentialsFor(access: AwsAccess): AwsCredentialIdentity | AwsCredentialIdentityProvider {
  if (access.credentials) return access.credentials;
  const chain = defaultProvider(access.profile ? { profile: access.profile } : {});
  if (!access.endpoint || access.profile) return chain;
  return async () => {
    try {
      return await chain();
    } catch {
      return { accessKeyId: 'test', secretAccessKey: 'test' };
    }
  };
}

/** One client of each service the commands use, in `region`, all with the same keys. */
export function awsClients(access: AwsAccess, region: string): AwsClients {
  const config = {
    region,
    credentials: credentialsFor(access),
    ...(access.endpoint ? { endpoint: access.endpoint } : {}),
    ...(access.profile ? { profile: access.profile } : {}),
    // A command answers once: no retries that would hide a refusal behind a wait.
    maxAttempts: 1,
  };
  return {
    region,
    cognito: new CognitoIdentityProviderClient(config),
    iam: new IAMClient(config),
    lambda: new LambdaClient(config),
    sesv2: new SESv2Client(config),
    sns: new SNSClient(config),
    sts: new STSClient(config),
  };
}
