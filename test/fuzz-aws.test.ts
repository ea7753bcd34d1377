// Fuzzing the Query services (SES v1, SNS, IAM, STS) and SES v2's REST-JSON: random and mutated
// requests built from each model's operations. Whatever arrives, the answer is the protocol's own
// success or error shape (XML ErrorResponse for Query, `x-amzn-ErrorType` and a JSON message for
// REST-JSON), never a 500, and the server keeps answering. Seeded: COGNATE_FUZZ_SEED replays a run,
// COGNATE_FUZZ_AWS_REQUESTS sizes it.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { ServiceModel, Shape } from '../src/kernel/model.js';
import { model as ses } from '../src/generated/ses/model.js';
import { model as sns } from '../src/generated/sns/model.js';
import { model as iam } from '../src/generated/iam/model.js';
import { model as sts } from '../src/generated/sts/model.js';
import { model as sesv2 } from '../src/generated/sesv2/model.js';
import { startServer, type TestServer } from './support/server.js';
import { Rng } from './support/rng.js';

const SEED = process.env.COGNATE_FUZZ_SEED ? Number(process.env.COGNATE_FUZZ_SEED) >>> 0 : randomInt(2 ** 32);
const TOTAL = Number(process.env.COGNATE_FUZZ_AWS_REQUESTS ?? 3000);
const IN_FLIGHT = 8;
const QUERY: [string, ServiceModel][] = [
  ['ses', ses],
  ['sns', sns],
  ['iam', iam],
  ['sts', sts],
];
const sigv4 = (service: string, r: Rng) =>
  `AWS4-HMAC-SHA256 Credential=${r.pick(['test', '123456789012', 'ASIAXXXXXXXXXXXXXXXX'])}/20261129/${r.pick(['us-east-1', 'eu-west-1', 'xx'])}/${service}/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;

const JUNK = [
  '',
  ' ',
  'é',
  '中文',
  '😀',
  '\u0000',
  '%',
  '%zz',
  '&',
  '=',
  '<x>',
  ']]>',
  '"',
  "'",
  '../',
  '__proto__',
  'constructor',
  '-1',
  '1e309',
  'NaN',
  'true',
  'null',
];
function text(r: Rng): string {
  if (r.chance(0.02)) return 'x'.repeat(r.pick([1025, 70_000]));
  let s = '';
  for (let n = r.int(16); n > 0; n--) s += r.chance(0.7) ? String.fromCharCode(r.range(0x21, 0x7e)) : r.pick(JUNK);
  return s;
}

function scalar(r: Rng, shape: Shape): string {
  if (r.chance(0.1)) return text(r);
  switch (shape.t) {
    case 'i':
    case 'f':
      return String(r.pick([0, 1, -1, 10, 1000, 2 ** 31, 1.5]));
    case 'b':
      return r.pick(['true', 'false']);
    case 'T':
      return r.pick(['2026-11-29T00:00:00Z', '1700000000', 'yesterday']);
    case 'B':
      return Buffer.from(text(r)).toString('base64');
    default:
      return shape.e && r.chance(0.7) ? r.pick(shape.e) : r.chance(0.3) ? `${text(r)}@example.com` : text(r);
  }
}

/** Form fields for a shape, as the Query protocol names them (wire names, .member.N, .entry.N). */
function form(r: Rng, m: ServiceModel, name: string, prefix: string, out: [string, string][], depth: number): void {
  const shape = m.shapes[name];
  if (!shape) return;
  if (shape.t === 'o') {
    if (depth > 3) return;
    for (const [member, target] of Object.entries(shape.m as Record<string, string>)) {
      if (!r.chance(shape.r?.includes(member) ? 0.9 : 0.4)) continue;
      const wire = (shape.n as Record<string, string> | undefined)?.[member] ?? member;
      form(r, m, target, prefix ? `${prefix}.${wire}` : wire, out, depth + 1);
    }
  } else if (shape.t === 'l') {
    const n = r.int(4);
    if (n === 0 && r.chance(0.3)) out.push([prefix, '']);
    for (let i = 1; i <= n; i++)
      form(r, m, shape.m as string, `${prefix}.member.${r.chance(0.05) ? 99_999_999 : i}`, out, depth + 1);
  } else if (shape.t === 'm') {
    for (let i = 1; i <= r.int(3); i++) {
      out.push([`${prefix}.entry.${i}.key`, text(r)]);
      form(r, m, shape.v!, `${prefix}.entry.${i}.value`, out, depth + 1);
    }
  } else {
    out.push([prefix, scalar(r, shape)]);
  }
}

function json(r: Rng, m: ServiceModel, name: string, depth: number): unknown {
  const shape = m.shapes[name];
  if (!shape || depth > 4) return null;
  if (r.chance(0.05)) return r.pick([null, 1, 'x', [], {}, true]);
  switch (shape.t) {
    case 'o':
      return Object.fromEntries(
        Object.entries(shape.m as Record<string, string>)
          .filter(() => r.chance(0.5))
          .map(([k, v]) => [k, json(r, m, v, depth + 1)]),
      );
    case 'l':
      return Array.from({ length: r.int(3) }, () => json(r, m, shape.m as string, depth + 1));
    case 'm':
      return Object.fromEntries(Array.from({ length: r.int(3) }, () => [text(r), json(r, m, shape.v!, depth + 1)]));
    case 'i':
    case 'f':
      return r.pick([0, 1, -1, 2 ** 53, 1.5]);
    case 'b':
      return r.chance(0.5);
    case 'd':
      return { any: [1, 'x'] };
    default:
      return scalar(r, shape);
  }
}

interface Request {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  kind: 'query' | 'rest';
}

function queryRequest(r: Rng): Request {
  const [service, m] = r.pick(QUERY);
  const ops = Object.keys(m.operations);
  const action = r.chance(0.95) ? r.pick(ops) : text(r);
  const fields: [string, string][] = [
    ['Action', action],
    ['Version', r.chance(0.9) ? m.meta.apiVersion : text(r)],
  ];
  const input = m.operations[action]?.input;
  if (input) form(r, m, input, '', fields, 0);
  if (r.chance(0.1)) fields.push([text(r), text(r)]);
  const body = new URLSearchParams(fields).toString();
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' };
  if (r.chance(0.95)) headers.Authorization = sigv4(service, r);
  if (r.chance(0.1)) return { method: 'GET', path: `/?${body}`, headers, kind: 'query' };
  return { method: 'POST', path: '/', headers, body: r.chance(0.03) ? `${body}&%zz=%` : body, kind: 'query' };
}

function restRequest(r: Rng): Request {
  const ops = Object.entries(sesv2.operations).filter(([, op]) => op.http);
  const [, op] = r.pick(ops);
  const path = op
    .http!.uri.split('?')[0]
    .replace(/\{[^}]+\}/g, () =>
      r.chance(0.8) ? encodeURIComponent(text(r) || 'x') : r.pick(['%', '%zz', '..', 'a/b']),
    );
  const body =
    op.input && r.chance(0.9) ? JSON.stringify(json(r, sesv2, op.input, 0)) : r.pick(['{', '[]', 'null', '"x"', '']);
  return {
    method: r.chance(0.95) ? op.http!.method : r.pick(['GET', 'PUT', 'POST', 'DELETE', 'PATCH']),
    path,
    body,
    headers: { 'Content-Type': 'application/json', Authorization: sigv4('ses', r) },
    kind: 'rest',
  };
}

/** What is wrong with an answer, or null. */
function problem(req: Request, status: number, headers: Headers, text: string): string | null {
  // A request line over Node's 16 KB header limit is refused before any service sees it (431), as
  // AWS's front end refuses an oversized URL before its services do. The length is the URL's as
  // fetch sends it: it resolves dot segments, so '/x…x/..' leaves the long segment behind.
  const sent = new URL(`http://localhost${req.path}`);
  const length = sent.pathname.length + sent.search.length;
  if (length > 16_000) return status === 431 ? null : `a ${length}-byte URL answered ${status}: ${text.slice(0, 200)}`;
  if (status >= 500 && status !== 501) return `status ${status}: ${text.slice(0, 300)}`;
  if (req.kind === 'query') {
    if (headers.get('content-type') !== 'text/xml') return `content type ${headers.get('content-type')}`;
    if (!text.startsWith('<?xml')) return `not XML: ${text.slice(0, 200)}`;
    if (
      status >= 400 &&
      !/<ErrorResponse [^>]*><Error><Type>(Sender|Receiver)<\/Type><Code>[A-Za-z.]+<\/Code><Message>/.test(text)
    )
      return `bad ErrorResponse: ${text.slice(0, 300)}`;
    return null;
  }
  if (status >= 400) {
    const type = headers.get('x-amzn-errortype');
    if (!type) return `error without x-amzn-ErrorType: ${text.slice(0, 200)}`;
    try {
      if (typeof (JSON.parse(text) as { message?: unknown }).message !== 'string') return 'error without a message';
    } catch {
      return `error body is not JSON: ${text.slice(0, 200)}`;
    }
  }
  return null;
}

let s: TestServer;
before(async () => {
  s = await startServer();
});
after(async () => {
  await s.stop();
});

test('Query and REST-JSON services answer every random request in their own shape, never with a 500', async (t) => {
  t.diagnostic(`seed ${SEED} (replay: COGNATE_FUZZ_SEED=${SEED}), ${TOTAL} requests`);
  const r = new Rng(SEED);
  const requests = Array.from({ length: TOTAL }, () => (r.chance(0.75) ? queryRequest(r) : restRequest(r)));
  const failures: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < requests.length) {
        const i = next++;
        const req = requests[i];
        const res = await fetch(`${s.url}${req.path}`, {
          method: req.method,
          headers: req.headers,
          body: req.method === 'GET' || req.method === 'HEAD' ? undefined : req.body,
        });
        const wrong = problem(req, res.status, res.headers, await res.text());
        if (wrong && failures.length < 10)
          failures.push(
            `#${i} ${res.status} ${req.method} ${req.path.slice(0, 120)} ${(req.body ?? '').slice(0, 300)}\n    ${wrong}`,
          );
      }
    }),
  );
  assert.deepEqual(failures, []);
  const id = await s.client(STSClient).send(new GetCallerIdentityCommand({}));
  assert.equal(id.Account, '000000000000');
});
