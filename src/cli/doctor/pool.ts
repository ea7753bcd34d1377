// What `cognate doctor sms` and `cognate doctor triggers` share: read `--pool` and the AWS access,
// make the report through the AWS SDK (its module loaded only now), print it as text or JSON, and
// exit 0 when all is well, 1 when not, 2 when the report could not be made.
import type { AwsAccess } from '../../doctor/clients.js';
import { reachCognate, type CognateReach } from '../../doctor/cognate-facts.js';
import { errorText } from '../../doctor/sdk-errors.js';
import { readPoolCommand } from '../access.js';

type Diagnose<R> = (access: AwsAccess, poolId: string, reach: CognateReach, region?: string) => Promise<R>;

export async function runPoolDoctor<R extends { ok: boolean }>(
  name: string,
  usage: string,
  argv: string[],
  out: (s: string) => void,
  load: () => Promise<Diagnose<R>>,
  render: (report: R) => string,
): Promise<number> {
  const args = readPoolCommand(`doctor ${name}`, argv, {});
  if (!args) {
    out(usage);
    return 0;
  }
  let report: R;
  try {
    const diagnose = await load();
    report = await diagnose(args.access, args.pool, await reachCognate(args.access.endpoint), args.region);
  } catch (e) {
    out(`cognate doctor ${name}: ${errorText(e)}\n`);
    return 2;
  }
  out(args.json ? `${JSON.stringify(report, null, 2)}\n` : render(report));
  return report.ok ? 0 : 1;
}

/** A pool doctor's text report ends with what to change and what it could not know. */
export function closing(lines: string[], r: { advice: string[]; unavailable?: string[] }): string {
  if (r.advice.length) {
    lines.push('  what to change:');
    for (const a of r.advice) lines.push(`    - ${a}`);
  }
  if (r.unavailable?.length) {
    lines.push('  not known here:');
    for (const u of r.unavailable) lines.push(`    - ${u}`);
  }
  return `${lines.join('\n')}\n`;
}
