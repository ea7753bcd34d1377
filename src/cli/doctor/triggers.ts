// `cognate doctor triggers --pool <id>`: why a user pool's Lambda triggers do or do not run. An AWS
// client (the AWS SDK) of cognate or AWS; the report is triggers-report.ts's, also served as JSON at
// GET /_cognate/doctor/triggers?pool=<id>&account=<account>.
import type { TriggersReport } from '../../doctor/triggers-report.js';
import { ACCESS_HELP } from '../access.js';
import { closing, runPoolDoctor } from './pool.js';

const USAGE = `usage: cognate doctor triggers --pool <user pool id> [--endpoint URL] [--profile P] [--region R] [--json]

Why doesn't my trigger run? For each function the pool's LambdaConfig names: does it exist, and
does its resource policy let cognito-idp.amazonaws.com invoke it for this pool (statement by
statement, SourceArn and SourceAccount), and, on cognate, the last invocations with their errors.
Exits 0 when every trigger can run, 1 when not.

${ACCESS_HELP}
`;

export const run = (argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> =>
  runPoolDoctor(
    'triggers',
    USAGE,
    argv,
    out,
    async () => (await import('../../doctor/triggers-report.js')).diagnoseTriggers,
    render,
  );

const mark = (ok: boolean | undefined) => (ok === undefined ? '?' : ok ? 'ok' : 'NO');

export function render(r: TriggersReport): string {
  const lines = [
    `Lambda triggers of user pool ${r.pool.id} (${r.pool.region}, account ${r.pool.account}): ${
      r.triggers.length === 0 ? 'none configured' : r.ok ? 'every trigger can run' : 'some triggers cannot run'
    }`,
  ];
  for (const t of r.triggers) {
    lines.push(`  ${t.trigger}: ${t.functionArn}${t.invokedByCognate ? '' : ' (not invoked by cognate yet)'}`);
    lines.push(
      `    function: ${mark(t.function.found)}${t.function.found ? ` ${t.function.runtime}, timeout ${t.function.timeout} s (Cognito waits 5 s)` : ` ${t.function.error}`}`,
    );
    lines.push(
      `    invoke permission for cognito-idp.amazonaws.com: ${mark(t.permission.allowed)} ${t.permission.summary}`,
    );
    if (t.permission.error) lines.push(`      ${t.permission.error}`);
    for (const st of t.permission.decision?.statements ?? []) {
      lines.push(
        `      statement ${st.index + 1}${st.sid ? ` (${st.sid})` : ''} ${st.effect}: ${st.applies ? 'applies' : 'does not apply'}`,
      );
      if (st.principal) lines.push(`        principal: ${mark(st.principal.matched)} ${st.principal.why}`);
      lines.push(`        action: ${mark(st.action.matched)} ${st.action.why}`);
      if (st.resource) lines.push(`        resource: ${mark(st.resource.matched)} ${st.resource.why}`);
      for (const c of st.conditions) lines.push(`        ${c.operator} ${c.key}: ${mark(c.held)} ${c.why}`);
    }
  }
  if (r.invocations?.length) {
    lines.push('  last invocations:');
    for (const i of r.invocations)
      lines.push(`    ${i.at} ${i.source} ${i.durationMs} ms ${i.result}${i.error ? `: ${i.error}` : ''}`);
  }
  return closing(lines, r);
}
