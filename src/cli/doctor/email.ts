// `cognate doctor email --pool <id>`: an AWS client (the AWS SDK, doctor/email-source.ts) of
// cognate or AWS that asks what a person would ask (STS GetCallerIdentity, Cognito DescribeUserPool,
// SES v2 GetEmailIdentity and GetAccount; on cognate also its delivery log) and walks the
// troubleshooting path of email-report.ts.
import { reachCognate } from '../../doctor/cognate-facts.js';
import { emailReport, formatReport, type EmailReport } from '../../doctor/email-report.js';
import { errorText } from '../../doctor/sdk-errors.js';
import { ACCESS_HELP, readPoolCommand } from '../access.js';

const USAGE = `usage: cognate doctor email --pool <user pool id> [--recipient ADDRESS]... [--endpoint URL] [--profile P] [--region R] [--json]

Why didn't my user get the email? Checks the pool's EmailConfiguration, its SES identity (account,
Region, verification, From), the SES sandbox and the recipients, the quotas, and the last delivery
failures, and says what to change. --json prints the report as JSON (the same as
GET /_cognate/doctor/email?pool=<id>). Exits 0 when nothing is wrong, 1 when something is.

--recipient A    check that this address may receive in the SES sandbox (repeatable; default: the
                 recipients of the pool's last emails, where the endpoint is cognate)
${ACCESS_HELP}
`;

export async function run(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const args = readPoolCommand('doctor email', argv, { recipient: { type: 'string', multiple: true } });
  if (!args) {
    out(USAGE);
    return 0;
  }
  let report: EmailReport;
  try {
    const { sdkEmailSource } = await import('../../doctor/email-source.js');
    const source = await sdkEmailSource(args.access, args.region, await reachCognate(args.access.endpoint));
    report = await emailReport(source, args.pool, { recipients: args.values.recipient });
  } catch (e) {
    out(`cognate doctor email: ${errorText(e)}\n`);
    return 2;
  }
  out(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.verdict === 'ok' ? 0 : 1;
}
