// The results as Markdown tables (printed, and pasted into docs/benchmarks.md).

const int = (n) => Math.round(n).toLocaleString('en-US');
const ms = (n) =>
  n === undefined || Number.isNaN(n) ? '–' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0);
const mb = (b) => (b ? `${(b / 1e6).toFixed(0)} MB` : '–');
const users = (n) => (n >= 1000 ? `${n / 1000}k` : String(n));

function cell(w, connections) {
  if (!w) return '–';
  if (w.unavailable) return `n/a (${w.unavailable})`;
  const errs = w.bad ? ` ⚠ ${w.bad} errors` : '';
  const conns =
    connections && w.connections && w.connections !== 1 && w.connections !== connections
      ? ` (${w.connections} conn.)`
      : '';
  const rate = w.rps < 10 ? w.rps.toFixed(1) : int(w.rps);
  return `${rate}/s · ${ms(w.p50)} · ${ms(w.p99)}${errs}${conns}`;
}

function ratio(a, b) {
  if (!a || !b || a.unavailable || b.unavailable || !b.rps) return '–';
  const r = a.rps / b.rps;
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}×`;
}

const rows = (kdf) => [
  ['getByName', 'AdminGetUser by username', 'mid'],
  ['getByEmail', 'AdminGetUser by email alias', 'mid'],
  ['listMid', 'ListUsers `email = "…"`, 1 connection', 'mid'],
  ['getByNameLarge', 'AdminGetUser by username', 'large'],
  ['listLarge', 'ListUsers `email = "…"`, 1 connection', 'large'],
  ['createSmall', `AdminCreateUser SUPPRESS (cognate at --kdf ${kdf})`, 'small'],
  ['createLarge', `AdminCreateUser SUPPRESS (cognate at --kdf ${kdf})`, 'large'],
  ['signUpSmall', `SignUp (cognate at --kdf ${kdf})`, 'small'],
  ['signUpLarge', `SignUp (cognate at --kdf ${kdf})`, 'large'],
  [
    'signUpDefaultKdf',
    'SignUp, cognate at its default KDF (cognito-local: its SignUp; it keeps passwords in plain text)',
    'large',
  ],
];

export function markdown(run) {
  const { targets, ceiling, options: o } = run;
  const cl = targets.find((t) => t.key === 'cognito-local');
  const cognates = targets.filter((t) => t.key !== 'cognito-local');
  const size = { small: o.sizes[0], mid: o.sizes[1], large: o.sizes[2] };
  const out = [];
  out.push(
    `Each cell: throughput · p50 ms · p99 ms (${o.connections} keep-alive connections unless noted; reads ${o.seconds} s, writes ${o.writeSeconds} s).`,
  );
  if (ceiling)
    out.push(`Ceiling, a bare node:http server answering a fixed JSON body, same generator: ${cell(ceiling)}.`);
  out.push('');
  const head = [
    'workload',
    'users',
    ...(cl ? ['cognito-local'] : []),
    ...cognates.flatMap((t) => [t.label, ...(cl ? ['vs cognito-local'] : [])]),
  ];
  out.push(`| ${head.join(' | ')} |`);
  out.push(`|${head.map(() => '---').join('|')}|`);
  for (const [key, label, at] of rows(o.lowKdf)) {
    if (!targets.some((t) => t.result.workloads[key])) continue;
    const clw = cl && (key === 'signUpDefaultKdf' ? cl.result.workloads.signUpLarge : cl.result.workloads[key]);
    const cells = cognates.flatMap((t) => [
      cell(t.result.workloads[key], o.connections),
      ...(cl ? [ratio(t.result.workloads[key], clw)] : []),
    ]);
    out.push(`| ${label} | ${users(size[at])} | ${[...(cl ? [cell(clw)] : []), ...cells].join(' | ')} |`);
  }
  out.push('');
  out.push(`| start-up and memory | ${targets.map((t) => t.label).join(' | ')} |`);
  out.push(`|---|${targets.map(() => '---').join('|')}|`);
  out.push(
    `| start to first answered AdminGetUser, ${users(size.large)} users (median of ${o.startupRuns}) | ${targets.map((t) => `${ms(t.result.startup.medianMs)} ms`).join(' | ')} |`,
  );
  out.push(
    `| peak RSS (VmHWM) at first answer | ${targets.map((t) => mb(t.result.startup.peakRssAtStart)).join(' | ')} |`,
  );
  out.push(
    `| peak RSS (VmHWM) after the ${users(size.small)} writes and ${users(size.mid)} reads | ${targets.map((t) => mb(t.result.memory.afterMid)).join(' | ')} |`,
  );
  out.push(
    `| peak RSS (VmHWM) after the ${users(size.large)} reads and writes | ${targets.map((t) => mb(t.result.memory.afterLarge)).join(' | ')} |`,
  );
  out.push(
    `| peak RSS (VmHWM) after SignUp at the default KDF (cognate) | ${targets.map((t) => mb(t.result.memory.afterDefaultKdf)).join(' | ')} |`,
  );
  out.push('');
  out.push(`| crash test (writers at full load, SIGKILL, restart) | ${targets.map((t) => t.label).join(' | ')} |`);
  out.push(`|---|${targets.map(() => '---').join('|')}|`);
  const c = (f) => targets.map((t) => f(t.result.crash)).join(' | ');
  out.push(`| acknowledged before the kill | ${c((x) => int(x.acknowledged ?? 0))} |`);
  if (targets.some((t) => t.result.crash.afterKill))
    out.push(`| storage right after the kill | ${c((x) => x.afterKill ?? '–')} |`);
  out.push(`| restart | ${c((x) => (x.restart === 'ok' ? `ok (${ms(x.restartMs)} ms)` : (x.restart ?? '–')))} |`);
  out.push(`| acknowledged users missing after restart | ${c((x) => String(x.missing ?? '–'))} |`);
  out.push(
    `| pre-existing users missing (of a sample) | ${c((x) => (x.preexistingChecked ? `${x.preexistingMissing} of ${x.preexistingChecked}` : '–'))} |`,
  );
  out.push(
    `| users before → after | ${c((x) => (x.usersAfter === undefined ? '–' : `${int(x.usersBefore)} → ${int(x.usersAfter)}`))} |`,
  );
  out.push(`| users lost | ${c((x) => String(x.usersLost ?? '–'))} |`);
  out.push(`| unacknowledged writes kept (in flight at the kill) | ${c((x) => String(x.unacknowledgedKept ?? '–'))} |`);
  out.push(`| storage check | ${c((x) => x.integrity ?? '–')} |`);
  const notes = targets.flatMap((t) => t.result.notes.map((n) => `- ${t.label}: ${n}`));
  if (notes.length) out.push('', 'Notes:', ...notes);
  if (cognates.length === 0) return out.join('\n');
  out.push('');
  out.push(`| target (cognate) | ${cognates.map((t) => t.label).join(' | ')} |`);
  out.push(`|---|${cognates.map(() => '---').join('|')}|`);
  for (const [label, f] of targets_(run)) out.push(`| ${label} | ${cognates.map((t) => f(t.result)).join(' | ')} |`);
  return out.join('\n');
}

const verdict = (ok, text) => `${ok ? 'PASS' : 'FAIL'} ${text}`;

function targets_(run) {
  const { ceiling, options: o } = run;
  const L = users(o.sizes[2]);
  const S = users(o.sizes[0]);
  const within = (a, b) => {
    if (!a || !b || a.unavailable || b.unavailable) return 'n/a';
    // "Writes do not slow down as the pool grows": a large pool may be faster (a warmer process), not 20% slower.
    const d = (b.rps - a.rps) / a.rps;
    return verdict(d >= -0.2, `${d >= 0 ? '+' : ''}${(d * 100).toFixed(1)}%`);
  };
  return [
    [
      `AdminGetUser by username ≥ ½ of the ceiling`,
      (r) => {
        const w = r.workloads.getByName;
        if (!w || w.unavailable || !ceiling) return 'n/a';
        const share = w.rps / ceiling.rps;
        return verdict(share >= 0.5, `${(share * 100).toFixed(0)}% of ceiling`);
      },
    ],
    [
      `ListUsers by email p50 < 2 ms at ${L}`,
      (r) => {
        const w = r.workloads.listLarge;
        return !w || w.unavailable ? 'n/a' : verdict(w.p50 < 2, `${ms(w.p50)} ms`);
      },
    ],
    [
      `AdminCreateUser at ${L} no more than 20% slower than at ${S}`,
      (r) => within(r.workloads.createSmall, r.workloads.createLarge),
    ],
    [
      `SignUp at ${L} no more than 20% slower than at ${S}`,
      (r) => within(r.workloads.signUpSmall, r.workloads.signUpLarge),
    ],
    [
      `start to first answer < 300 ms at ${L}`,
      (r) => verdict(r.startup.medianMs < 300, `${ms(r.startup.medianMs)} ms`),
    ],
    [
      'peak RSS < 150 MB (store-path workloads)',
      (r) => {
        const peak = Math.max(r.memory.afterLarge ?? 0, r.memory.afterMid ?? 0, r.startup.peakRssAtStart ?? 0);
        return verdict(peak < 150e6, `${(peak / 1e6).toFixed(0)} MB`);
      },
    ],
    [
      'peak RSS < 150 MB (SignUp at the default KDF)',
      (r) =>
        r.memory.afterDefaultKdf
          ? verdict(r.memory.afterDefaultKdf < 150e6, `${(r.memory.afterDefaultKdf / 1e6).toFixed(0)} MB`)
          : 'n/a',
    ],
    [
      'zero corruption after SIGKILL',
      (r) => {
        const c = r.crash;
        const ok =
          c.restart === 'ok' &&
          c.missing === 0 &&
          c.usersLost === 0 &&
          c.preexistingMissing === 0 &&
          /^(ok|n\/a)/.test(c.integrity);
        return verdict(ok, `${c.missing} of ${c.acknowledged} acknowledged missing, ${c.usersLost ?? '?'} lost`);
      },
    ],
  ];
}
