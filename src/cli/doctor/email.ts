// `cognate doctor email --pool <id>`: an AWS client of the endpoint (cognate by default) that asks
// what a person would ask (DescribeUserPool, SES v2 GetEmailIdentity and GetAccount, and cognate's
// /_cognate/messages for the last failures) and walks the troubleshooting path of
// src/doctor/email-report.ts. It uses the AWS SDK for JavaScript (the development dependencies of
// this repository), so credentials come as for any AWS client: --profile, the environment, or,
// with none, cognate's default account.
import { parseArgs } from 'node:util';
import { emailReport, formatReport, type EmailDoctorSource, type MessageView } from './email-report.js';

const USAGE = `usage: cognate doctor email --pool <user pool id> [--endpoint URL] [--region R] [--profile P] [--recipient ADDRESS]... [--json]

Why didn't my user get the email? Checks the pool's EmailConfiguration, its SES identity (account,
Region, verification, From), the SES sandbox and the recipients, the quotas, and the last delivery
failures, and says what to change. --json prints the report as JSON (the same as
GET /_cognate/doctor/email?pool=<id>).

--endpoint defaults to COGNATE_ENDPOINT or http://127.0.0.1:4569; --region to the pool id's Region.
`;

async function sdkSource(endpoint: string, region: string, profile: string | undefined): Promise<EmailDoctorSource> {
  const [{ CognitoIdentityProviderClient, DescribeUserPoolCommand }, { SESv2Client, GetEmailIdentityCommand, GetAccountCommand }, { STSClient, GetCallerIdentityCommand }] = await Promise.all([
    import('@aws-sdk/client-cognito-identity-provider'), import('@aws-sdk/client-sesv2'), import('@aws-sdk/client-sts'),
  ]);
  // Without a profile or keys in the environment, cognate's default account (it does not check signatures).
  const credentials = profile || process.env.AWS_ACCESS_KEY_ID || process.env.AWS_PROFILE ? undefined : { accessKeyId: 'test', secretAccessKey: 'test' };
  const options = (r: string) => ({ endpoint, region: r, maxAttempts: 1, ...(profile ? { profile } : {}), ...(credentials ? { credentials } : {}) });
  const sesBy = new Map<string, InstanceType<typeof SESv2Client>>();
  const ses = (r: string) => sesBy.get(r) ?? sesBy.set(r, new SESv2Client(options(r))).get(r)!;
  const cognito = new CognitoIdentityProviderClient(options(region));
  let callerAccount: string | undefined;
  try {
    callerAccount = (await new STSClient(options(region)).send(new GetCallerIdentityCommand({}))).Account;
  } catch {
    // an endpoint without STS: the identity's account is not compared with the caller's
  }
  const missing = (e: unknown) => ['ResourceNotFoundException', 'NotFoundException'].includes((e as Error).name);
  return {
    callerAccount,
    async describeUserPool(poolId) {
      try {
        return (await cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool;
      } catch (e) {
        if (missing(e)) return undefined;
        throw e;
      }
    },
    async getEmailIdentity(_account, r, identity) {
      try {
        return await ses(r).send(new GetEmailIdentityCommand({ EmailIdentity: identity }));
      } catch (e) {
        if (missing(e)) return undefined;
        throw e;
      }
    },
    getAccount: (_account, r) => ses(r).send(new GetAccountCommand({})),
    async messages(poolId, opts) {
      const q = new URLSearchParams({ pool: poolId, limit: String(opts.limit), ...(opts.status ? { status: opts.status } : {}), ...(opts.channel ? { channel: opts.channel } : {}) });
      try {
        const res = await fetch(`${endpoint}/_cognate/messages?${q}`);
        if (!res.ok) return [];
        return ((await res.json()) as { messages: MessageView[] }).messages;
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
      pool: { type: 'string' }, endpoint: { type: 'string' }, region: { type: 'string' }, profile: { type: 'string' },
      recipient: { type: 'string', multiple: true }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.pool) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  const endpoint = (values.endpoint ?? process.env.COGNATE_ENDPOINT ?? 'http://127.0.0.1:4569').replace(/\/+$/, '');
  const region = values.region ?? values.pool.split('_')[0];
  const report = await emailReport(await sdkSource(endpoint, region, values.profile), values.pool, { recipients: values.recipient });
  out(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.verdict === 'ok' ? 0 : 1;
}
