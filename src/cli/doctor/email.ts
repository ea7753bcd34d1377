// `cognate doctor email --pool <id>`: an AWS client of the endpoint (cognate by default) that asks
// what a person would ask (Cognito DescribeUserPool, SES v2 GetEmailIdentity and GetAccount, STS
// GetCallerIdentity, and cognate's /_cognate/messages for the last failures) and walks the
// troubleshooting path of email-report.ts. Requests are signed with Signature Version 4
// (sms-client.ts: no SDK at run time), with --profile's keys from ~/.aws/credentials, else
// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, else cognate's default account.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import type { GetAccountResponse, GetEmailIdentityResponse } from '@aws-sdk/client-sesv2';
import { AwsClient, ApiError, tag, type Credentials } from '../../doctor/aws-client.js';
import {
  emailReport,
  formatReport,
  type EmailDoctorSource,
  type EmailReport,
  type MessageView,
} from '../../doctor/email-report.js';
import { cognateEndpoint } from '../endpoint.js';

const USAGE = `usage: cognate doctor email --pool <user pool id> [--endpoint URL] [--region R] [--profile P] [--recipient ADDRESS]... [--json]

Why didn't my user get the email? Checks the pool's EmailConfiguration, its SES identity (account,
Region, verification, From), the SES sandbox and the recipients, the quotas, and the last delivery
failures, and says what to change. --json prints the report as JSON (the same as
GET /_cognate/doctor/email?pool=<id>). Exits 0 when nothing is wrong, 1 when something is.

--endpoint defaults to COGNATE_ENDPOINT or http://127.0.0.1:4569; --region to the pool id's Region.
`;

/** A profile's keys from the shared credentials file (AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials). */
function profileCredentials(profile: string): Credentials {
  const file = process.env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials');
  let section: string | undefined;
  const keys: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const head = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (head) section = head[1].trim();
    else if (section === profile) {
      const kv = /^\s*([\w]+)\s*=\s*(.*?)\s*$/.exec(line);
      if (kv) keys[kv[1]] = kv[2];
    }
  }
  if (!keys.aws_access_key_id || !keys.aws_secret_access_key)
    throw new Error(`profile ${profile} has no keys in ${file}`);
  return {
    accessKeyId: keys.aws_access_key_id,
    secretAccessKey: keys.aws_secret_access_key,
    ...(keys.aws_session_token ? { sessionToken: keys.aws_session_token } : {}),
  };
}

function credentials(profile: string | undefined): Credentials {
  if (profile) return profileCredentials(profile);
  return {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'test',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
    ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}),
  };
}

async function clientSource(client: AwsClient, region: string): Promise<EmailDoctorSource> {
  const missing = (e: unknown) =>
    e instanceof ApiError &&
    (e.status === 404 || e.code === 'ResourceNotFoundException' || e.code === 'NotFoundException');
  let callerAccount: string | undefined;
  try {
    callerAccount = tag(await client.query('sts', region, '2011-06-15', 'GetCallerIdentity'), 'Account');
  } catch {
    // an endpoint without STS: the identity's account is not compared with the caller's
  }
  return {
    callerAccount,
    async describeUserPool(poolId) {
      try {
        return (
          await client.json<{ UserPool: UserPoolType }>(
            'cognito-idp',
            'AWSCognitoIdentityProviderService.DescribeUserPool',
            region,
            { UserPoolId: poolId },
          )
        ).UserPool;
      } catch (e) {
        if (missing(e)) return undefined;
        throw e;
      }
    },
    async getEmailIdentity(_account, r, identity) {
      try {
        return await client.rest<GetEmailIdentityResponse>(
          'ses',
          r,
          'GET',
          `/v2/email/identities/${encodeURIComponent(identity)}`,
        );
      } catch (e) {
        if (missing(e)) return undefined;
        throw e;
      }
    },
    getAccount: (_account, r) => client.rest<GetAccountResponse>('ses', r, 'GET', '/v2/email/account'),
    async defaultEmailQuota(account, r) {
      try {
        return await client.cognate<{ used: number; limit: number }>(
          `/_cognate/quotas/cognito-default-email?${new URLSearchParams({ account, region: r })}`,
        );
      } catch {
        return undefined; // not a cognate endpoint: AWS shows no such count
      }
    },
    async messages(poolId, opts) {
      const q = new URLSearchParams({
        pool: poolId,
        limit: String(opts.limit),
        ...(opts.status ? { status: opts.status } : {}),
        ...(opts.channel ? { channel: opts.channel } : {}),
      });
      try {
        return (await client.cognate<{ messages: MessageView[] }>(`/_cognate/messages?${q}`)).messages;
      } catch {
        return []; // not a cognate endpoint: no delivery log to read
      }
    },
  };
}

export async function run(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      pool: { type: 'string' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
      profile: { type: 'string' },
      recipient: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.pool) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  const endpoint = cognateEndpoint(values.endpoint);
  const region = values.region ?? values.pool.split('_')[0];
  let report: EmailReport;
  try {
    const client = new AwsClient(endpoint, credentials(values.profile));
    report = await emailReport(await clientSource(client, region), values.pool, { recipients: values.recipient });
  } catch (e) {
    out(
      `cognate doctor email: ${e instanceof ApiError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e)}\n`,
    );
    return 2;
  }
  out(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.verdict === 'ok' ? 0 : 1;
}
