// `cognate doctor sms --pool <id> [--json]`: why a user pool's users do or do not get SMS. An AWS
// client of the running server (--endpoint), signed with AWS_ACCESS_KEY_ID / --access-key (on
// cognate a 12-digit key is that account); the report is sms-report.ts's, also served as JSON at
// GET /_cognate/doctor/sms?pool=<id>&account=<account>.
import { parseArgs } from 'node:util';
import type { StatementTrace } from '../../policy/evaluate.js';
import { AwsClient, ApiError } from '../../doctor/aws-client.js';
import { diagnoseSms, type SmsReport } from '../../doctor/sms-report.js';
import { cognateEndpoint } from '../endpoint.js';

const USAGE = `usage: cognate doctor sms --pool <user pool id> [--json] [--endpoint URL] [--access-key KEY]

--endpoint defaults to COGNATE_ENDPOINT or http://127.0.0.1:4569; the access key to AWS_ACCESS_KEY_ID
(a 12-digit key is that account on cognate). Exits 0 when SMS can reach users, 1 when not.
`;

export async function run(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      pool: { type: 'string' },
      json: { type: 'boolean' },
      endpoint: { type: 'string' },
      'access-key': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.pool) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  const endpoint = cognateEndpoint(values.endpoint);
  const client = new AwsClient(endpoint, {
    accessKeyId: values['access-key'] ?? process.env.AWS_ACCESS_KEY_ID ?? 'test',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
    ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}),
  });
  let report: SmsReport;
  try {
    report = await diagnoseSms(client, values.pool);
  } catch (e) {
    out(
      `cognate doctor sms: ${e instanceof ApiError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e)}\n`,
    );
    return 2;
  }
  out(values.json ? `${JSON.stringify(report, null, 2)}\n` : render(report));
  return report.ok ? 0 : 1;
}

const mark = (ok: boolean | undefined) => (ok === undefined ? '?' : ok ? 'ok' : 'NO');

function statements(lines: string[], statementsOf: StatementTrace[] | undefined): void {
  for (const st of statementsOf ?? []) {
    lines.push(
      `      statement ${st.index + 1}${st.sid ? ` (${st.sid})` : ''} ${st.effect}: ${st.applies ? 'applies' : 'does not apply'}`,
    );
    if (st.principal) lines.push(`        principal: ${mark(st.principal.matched)} ${st.principal.why}`);
    lines.push(`        action: ${mark(st.action.matched)} ${st.action.why}`);
    for (const c of st.conditions) lines.push(`        ${c.operator} ${c.key}: ${mark(c.held)} ${c.why}`);
  }
}

export function render(r: SmsReport): string {
  const lines = [
    `SMS for user pool ${r.pool.id} (${r.pool.region}, account ${r.pool.account}): ${r.ok ? 'SMS can reach users' : 'SMS will not reach (all) users'}`,
  ];
  if (r.serverMode) lines.push(`  server: --cognito-sms ${r.serverMode}`);
  lines.push(`  MFA: ${r.pool.mfa ?? 'OFF'}; auto-verified: ${(r.pool.autoVerified ?? []).join(', ') || 'none'}`);
  if (!r.smsConfiguration) lines.push('  SmsConfiguration: none');
  else
    lines.push(
      `  SmsConfiguration: SnsCallerArn ${r.smsConfiguration.SnsCallerArn}, ExternalId ${r.smsConfiguration.ExternalId ?? '(none)'}, SnsRegion ${r.smsConfiguration.SnsRegion ?? '(not set)'}`,
    );
  if (r.role) lines.push(`  role: ${mark(r.role.found)} ${r.role.arn}${r.role.error ? ` (${r.role.error})` : ''}`);
  if (r.trust) {
    lines.push(`  trust policy: ${mark(r.trust.allowed)} ${r.trust.summary}`);
    if (r.trust.externalIdRequiredForMfa)
      lines.push(`    ExternalId required for SMS MFA: ${mark(r.trust.externalIdEnforced)}`);
    statements(lines, r.trust.decision?.statements);
  }
  if (r.permission) {
    lines.push(
      `  sns:Publish: ${mark(r.permission.allowed)} ${r.permission.summary}${r.permission.simulated ? ` (IAM's simulation: ${r.permission.simulated})` : ''}`,
    );
    for (const p of r.permission.policies)
      lines.push(`    ${p.kind} policy ${p.name}${p.readable ? '' : ' (document not readable)'}`);
  }
  if (r.sns) {
    const s = r.sns;
    lines.push(
      `  SNS: account ${s.account}, Region ${s.region}${s.configuredRegion ? '' : ' (no SnsRegion: the default for pools in this Region)'}; allowed for ${r.pool.region}: ${s.allowedRegions.join(', ')} ${mark(s.regionOk)}`,
    );
    if (s.error) lines.push(`    could not read SNS: ${s.error}`);
    if (s.inSandbox !== undefined)
      lines.push(
        `    SMS sandbox: ${s.inSandbox ? 'yes' : 'no'}${s.inSandbox ? `; numbers: ${(s.sandboxNumbers ?? []).map((n) => `${n.phoneNumber} ${n.status}`).join(', ') || 'none'}` : ''}`,
      );
    if (s.monthlySpendLimitUsd !== undefined)
      lines.push(
        `    spend this month: ${s.monthToDateSpentUsd ?? '?'} of ${s.monthlySpendLimitUsd} USD (MonthlySpendLimit; quota ${s.spendQuotaUsd ?? '?'} USD) ${mark(s.spendOk)}`,
      );
    if (s.originationNumbers)
      lines.push(
        `    origination numbers: ${s.originationNumbers.map((o) => `${o.phoneNumber} ${o.type ?? ''}`.trim()).join(', ') || 'none'}; for US numbers: ${s.usOrigination ?? 'none'}`,
      );
  }
  if (r.lastFailures.length) {
    lines.push('  last SMS not delivered:');
    for (const f of r.lastFailures) lines.push(`    ${f.createdAt} ${f.activity} to ${f.destination}: ${f.reason}`);
  }
  if (r.advice.length) {
    lines.push('  what to change:');
    for (const a of r.advice) lines.push(`    - ${a}`);
  }
  return `${lines.join('\n')}\n`;
}
