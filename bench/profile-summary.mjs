#!/usr/bin/env node
// Where a server's time went, from a V8 .cpuprofile (node --cpu-prof; bench/sign-in.mjs and
// bench/messaging.mjs write them with --cpu-prof DIR): busy time by kind of work, and the heaviest
// functions by self time. The profiler samples wall-clock time while the thread runs JavaScript or
// native code, so on a loaded machine every share stretches alike; read the shares, not the totals.
// Run:  node bench/profile-summary.mjs FILE.cpuprofile [--per N]   (--per: also ms per each of N operations)
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { per: { type: 'string' }, top: { type: 'string', default: '15' } },
});
const p = JSON.parse(readFileSync(positionals[0], 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// The kind of a sample: the first of these met walking up from the sampled frame.
const KINDS = [
  ['SRP modular exponentiation (OpenSSL)', (f) => f.functionName === 'modPow' && /crypto\/srp\.js$/.test(f.url)],
  ['JWT RS256 signing', (f) => f.functionName === 'signJwt'],
  ['scrypt', (f) => /crypto\/passwords\.js$/.test(f.url)],
  [
    'SQL driver (better-sqlite3 / pg)',
    (f) =>
      /node_modules\/(better-sqlite3|pg|pg-protocol)\//.test(f.url) ||
      (f.functionName === 'executeQuery' && /store\/dialect\.js$/.test(f.url)),
  ],
  ['Kysely (building and compiling queries)', (f) => /node_modules\/kysely\//.test(f.url)],
  [
    'HTTP and sockets (node:http, net, streams)',
    (f) =>
      /^node:(_http|net|internal\/(stream|http|streams))/.test(f.url) ||
      f.functionName === 'writev' ||
      f.functionName === 'writeUtf8String' ||
      f.functionName === 'writeBuffer',
  ],
  ['garbage collection', (f) => f.functionName === '(garbage collector)'],
];
const kindOf = new Map();
function kind(id) {
  if (kindOf.has(id)) return kindOf.get(id);
  const f = byId.get(id).callFrame;
  const found = KINDS.find(([, test]) => test(f))?.[0];
  const k = found ?? (parent.has(id) ? kind(parent.get(id)) : 'other (cognate, JSON, crypto helpers, …)');
  kindOf.set(id, k);
  return k;
}

const byKind = new Map();
const bySelf = new Map();
let busy = 0;
for (let i = 0; i < p.samples.length; i++) {
  const n = byId.get(p.samples[i]);
  const us = p.timeDeltas[i] ?? 0;
  if (n.callFrame.functionName === '(idle)' || n.callFrame.functionName === '(program)') continue;
  busy += us;
  const k = kind(n.id);
  byKind.set(k, (byKind.get(k) ?? 0) + us);
  const name = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
  bySelf.set(name, (bySelf.get(name) ?? 0) + us);
}
const per = values.per ? Number(values.per) : undefined;
const line = (label, us) =>
  `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / busy).toFixed(1).padStart(5)}%${per ? `  ${(us / 1000 / per).toFixed(2).padStart(6)} ms each` : ''}  ${label}`;
console.log(
  `busy ${(busy / 1e6).toFixed(2)} s (idle excluded)${per ? ` over ${per} operations` : ''}\n\nby kind of work:`,
);
for (const [k, us] of [...byKind].sort((a, b) => b[1] - a[1])) console.log(line(k, us));
console.log(`\nheaviest functions by self time:`);
for (const [k, us] of [...bySelf].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) console.log(line(k, us));
