// `cognate doctor sms --pool <id>`: why a user pool's users do or do not get SMS. An AWS client
// (the AWS SDK) of cognate or AWS; the report is sms-report.ts's, also served as JSON at
// GET /_cognate/doctor/sms?pool=<id>&account=<account>.
import type { SmsReport } from '../../doctor/sms-report.js';
import type { StatementTrace } from '../../policy/evaluate.js';
import { ACCESS_HELP } from '../access.js';
import { closing, runPoolDoctor } from './pool.js';

const USAGE = `usage: cognate doctor sms --pool <user pool id> [--endpoint URL] [--profile P] [--region R] [--json]

Why didn't my user get the SMS? Checks the pool's SmsConfiguration, the role Cognito assumes (its
trust policy condition by condition, sns:Publish), the SNS Region, sandbox, spend limit and
origination numbers, and the last SMS that failed, and says what to change. Exits 0 when SMS can
reach users, 1 when not.

${ACCESS_HELP}
`;

export const run = (argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> =>
  runPoolDoctor('sms', USAGE, argv, out, async () => (await import('../../doctor/sms-report.js')).diagnoseSms, render);

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
  return closing(lines, r);
}
