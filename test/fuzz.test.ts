// Protocol fuzzing: over ten thousand random and mutated requests against one running server,
// on a few keep-alive connections. Whatever arrives, the answer is a well-formed AWS JSON 1.1
// error or success (never a 500, never a dropped connection), the server keeps serving, and no
// half-created user is left behind.
//
// The PRNG is seeded; the seed is printed. Replay a run with COGNATE_FUZZ_SEED=<seed>, size it
// with COGNATE_FUZZ_REQUESTS=<n>; COGNATE_FUZZ_LOG=<file> writes every exchange there as JSON lines.
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  DescribeUserPoolCommand,
  SignUpCommand,
  AdminGetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { model } from '../src/generated/cognito-idp/model.js';
import type { Shape } from '../src/kernel/model.js';
import { startServer, type TestServer } from './support/server.js';
import { Rng } from './support/rng.js';

const PREFIX = 'AWSCognitoIdentityProviderService.';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SEED = process.env.COGNATE_FUZZ_SEED ? Number(process.env.COGNATE_FUZZ_SEED) >>> 0 : randomInt(2 ** 32);
const TOTAL = Number(process.env.COGNATE_FUZZ_REQUESTS ?? 12_000);
const LOG = process.env.COGNATE_FUZZ_LOG;
const IN_FLIGHT = 16;
const CONNECTIONS = 4;
const RESPONSE_TIMEOUT_MS = 20_000;
const sigv4 = (accessKey = 'test', region = 'us-east-1') =>
  `AWS4-HMAC-SHA256 Credential=${accessKey}/20261122/${region}/cognito-idp/aws4_request, SignedHeaders=host;x-amz-target, Signature=${'ab'.repeat(32)}`;

// ---- JSON values, with verbatim fragments for what JSON.stringify cannot or should not build ----
class RawJson {
  constructor(readonly text: string) {}
}
type Val = null | boolean | number | string | RawJson | Val[] | { [k: string]: Val };
type Obj = { [k: string]: Val };
const isObj = (v: Val | undefined): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RawJson);

function toJson(v: Val): string {
  if (v instanceof RawJson) return v.text;
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  if (isObj(v))
    return `{${Object.keys(v)
      .map((k) => `${JSON.stringify(k)}:${toJson(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

const TOKENS = [
  'é',
  'ß',
  'Ω',
  '中文',
  '😀',
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\n',
  '\r\n',
  '\t',
  '"',
  '\\',
  "'",
  '%00',
  '%s',
  '<script>',
  "' OR 1=1 --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder as hostile input, not a template
  '${x}',
  '../',
  '\u2028',
  ' ',
  '__proto__',
  '+',
  '@',
  '_',
  '-',
];
function smallString(r: Rng): string {
  let s = '';
  for (let n = r.int(24); n > 0; n--) s += r.chance(0.6) ? String.fromCharCode(r.range(0x21, 0x7e)) : r.pick(TOKENS);
  return s;
}
/** Up to ~200 KB, repeating a unit the model's patterns scan in linear time. */
function hugeString(r: Rng): string {
  return r
    .pick(['a', 'Z9', 'é', '中', '😀', ' ', 'ab cd', '\u0000', 'x\u200b', '\ud800'])
    .repeat(r.range(5_000, 100_000))
    .slice(0, 200_000);
}
/**
 * Units the patterns backtrack on ("@" against X+@X+, "{##" against X*{##X*##}X*). Kept to 2,000
 * characters here: the server runs in this process, so a super-linear pattern check would stall
 * this very test (a cubic one took 108 s on 20 KB); the dedicated pattern test below measures that.
 */
function hostileString(r: Rng): string {
  return (
    r
      .pick(['@', '{##', '##}', '{####}', ':', 'arn:', '_', '-', '.', 'a@'])
      .repeat(r.range(100, 2_000))
      .slice(0, 2_000) + r.pick([' ', '\u0000', '', '!', '_'])
  );
}
function deepJson(r: Rng): RawJson {
  const depth = r.pick([64, 1_000, 10_000, r.range(1, 10_000)]);
  switch (r.int(3)) {
    case 0:
      return new RawJson('['.repeat(depth) + ']'.repeat(depth));
    case 1:
      return new RawJson(`${'{"a":'.repeat(depth)}null${'}'.repeat(depth)}`);
    default:
      return new RawJson(`${'[{"Name":'.repeat(depth)}"x"${'}]'.repeat(depth)}`);
  }
}
const NUMBERS: Val[] = [
  0,
  -1,
  1,
  1.5,
  -0.5,
  1e308,
  -1e308,
  2 ** 53 + 2,
  4294967296,
  -2147483649,
  61,
  99,
  new RawJson('1e400'),
  new RawJson('-0'),
  new RawJson('1E-400'),
  new RawJson('0.0000000000000000000001'),
  new RawJson('123456789012345678901234567890'),
];
function junk(r: Rng, depth = 0): Val {
  switch (r.int(depth > 2 ? 6 : 9)) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick(NUMBERS);
    case 3:
    case 4:
      return smallString(r);
    case 5:
      return r.chance(0.05) ? hugeString(r) : r.pick(['', ' ', 'Passw0rd!', 'us-east-1_XXXXXXXXX', 'email', 'true']);
    case 6:
      return Array.from({ length: r.int(4) }, () => junk(r, depth + 1));
    case 7: {
      const o: Obj = {};
      for (let n = r.int(4); n > 0; n--)
        o[r.pick(['Name', 'Value', '__proto__', 'constructor', 'toString', '', 'a', smallString(r)])] = junk(
          r,
          depth + 1,
        );
      return o;
    }
    default:
      return deepJson(r);
  }
}

// ---- values from the model ----
const shapes = model.shapes;
const regexCache = new Map<Shape, RegExp>();
const patternOf = (s: Shape) => {
  let re = regexCache.get(s);
  if (!re) regexCache.set(s, (re = new RegExp(`^(?:${s.ps ?? s.p})$`, s.pf)));
  return re;
};
const STRING_SAMPLES = [
  'abc',
  'a1',
  'Abc-1_2',
  'us-east-1_XXXXXXXXX',
  'user@example.com',
  'arn:aws:iam::123456789012:role/r',
  'https://example.com/cb',
  'Code {####}',
  'Link {##Click##}',
  'cognito:default',
  'import-abc',
  '12345678',
  'abcdef0123456789',
  'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  'terms-of-use',
  'example',
  '+15555550100',
  'ALLOW_USER_PASSWORD_AUTH',
  'Passw0rd!',
];
function sampleString(s: Shape): string {
  const ok = (v: string) =>
    (s.min === undefined || [...v].length >= s.min) &&
    (s.max === undefined || [...v].length <= s.max) &&
    (s.p === undefined || patternOf(s).test(v));
  const found = STRING_SAMPLES.find(ok);
  if (found !== undefined) return found;
  return 'x'.repeat(Math.max(1, s.min ?? 1));
}

interface Ids {
  poolId: string;
  clientId: string;
  username: string;
}
function fromModel(r: Rng, name: string, ids: Ids, depth = 0, optional = 0.3): Val {
  const s = shapes[name];
  switch (s.t) {
    case 'o': {
      const o: Obj = {};
      for (const [member, shape] of Object.entries(s.m as Record<string, string>)) {
        if (s.r?.includes(member) || (depth < 4 && r.chance(optional / (depth + 1))))
          o[member] = fromModel(r, shape, ids, depth + 1, optional);
      }
      return o;
    }
    case 's':
      if (s.e) return r.pick(s.e);
      if (name === 'UserPoolIdType') return ids.poolId;
      if (name === 'ClientIdType') return ids.clientId;
      if (name === 'UsernameType') return ids.username;
      if (name === 'PasswordType') return 'Passw0rd!';
      return sampleString(s);
    case 'i':
    case 'f':
      return r.range(s.min ?? 0, Math.min(s.max ?? 100, (s.min ?? 0) + 100));
    case 'b':
      return r.chance(0.5);
    case 'l':
      return Array.from({ length: Math.min(s.max ?? 2, (s.min ?? 0) + r.int(2)) }, () =>
        fromModel(r, s.m as string, ids, depth + 1, optional),
      );
    case 'm': {
      const o: Obj = {};
      for (let n = Math.max(s.min ?? 0, r.int(2)); n > 0; n--)
        o[`k${n}`] = fromModel(r, s.v!, ids, depth + 1, optional);
      return o;
    }
    case 'T':
      return 1795000000;
    case 'B':
      return 'AAAA';
    default:
      return {};
  }
}

/** A JSON value of a type the shape does not accept. */
function wrongType(r: Rng, s: Shape | undefined): Val {
  const all: Val[] = ['x', 7, 1.5, true, ['x'], { a: 'x' }];
  const ok = (v: Val) => {
    if (!s) return false;
    switch (s.t) {
      case 's':
      case 'B':
        return typeof v === 'string';
      case 'i':
        return Number.isInteger(v);
      case 'f':
        return typeof v === 'number';
      case 'b':
        return typeof v === 'boolean';
      case 'l':
        return Array.isArray(v);
      case 'o':
      case 'm':
        return isObj(v);
      case 'T':
        return typeof v === 'number' || typeof v === 'string';
      default:
        return true;
    }
  };
  return r.pick(all.filter((v) => !ok(v)));
}

/** Every member position under an operation's input, as paths of member names / list index 0 / map key "k". */
function memberPaths(shapeName: string, maxDepth: number): Array<{ path: string[]; shape: string }> {
  const out: Array<{ path: string[]; shape: string }> = [];
  const visit = (name: string, path: string[], seen: string[]) => {
    const s = shapes[name];
    if (path.length > 0) out.push({ path, shape: name });
    if (path.length >= maxDepth || seen.includes(name)) return;
    if (s.t === 'o')
      for (const [m, sh] of Object.entries(s.m as Record<string, string>)) visit(sh, [...path, m], [...seen, name]);
    else if (s.t === 'l') visit(s.m as string, [...path, '0'], [...seen, name]);
    else if (s.t === 'm') visit(s.v!, [...path, 'k'], [...seen, name]);
  };
  visit(shapeName, [], []);
  return out;
}

function setPath(root: Obj, path: string[], value: Val | undefined, containerShapes: string[]): void {
  let node: Val = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    const container = node as Obj | Val[];
    let child: Val | undefined = Array.isArray(container) ? container[Number(key)] : container[key];
    const shape = shapes[containerShapes[i + 1]];
    if (child === undefined || child === null || typeof child !== 'object' || child instanceof RawJson) {
      child = shape?.t === 'l' ? [] : {};
      if (Array.isArray(container)) container[Number(key)] = child;
      else container[key] = child;
    }
    node = child;
  }
  const last = path[path.length - 1];
  if (Array.isArray(node)) {
    if (value === undefined) node.splice(Number(last), 1);
    else node[Number(last)] = value;
  } else if (isObj(node)) {
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
}

// ---- requests ----
interface FuzzRequest {
  i: number;
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** the operation, when the request is a JSON 1.1 call */
  op?: string;
}
interface Outcome {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  ms: number;
}

function describeRequest(req: FuzzRequest): string {
  const text = req.body.toString('utf8');
  const preview = text.length > 600 ? `${text.slice(0, 400)}…[${req.body.length} bytes]…${text.slice(-100)}` : text;
  return `#${req.i} (${req.kind}, seed ${SEED}) ${req.method} ${req.path} ${JSON.stringify(req.headers).slice(0, 500)}\n    body: ${JSON.stringify(preview)}`;
}

/** What is wrong with a response, or null. */
function problemWith(req: FuzzRequest, res: Outcome): string | null {
  if (res.status >= 500) {
    const type = safeJson(res.body)?.__type;
    if (!(res.status === 501 && type === 'NotImplementedException'))
      return `status ${res.status} ${res.body.toString('utf8').slice(0, 300)}`;
  }
  if (req.method === 'HEAD') return null;
  if (req.method === 'OPTIONS') return res.status === 200 ? null : `OPTIONS answered ${res.status}`;
  const target = req.headers['X-Amz-Target'];
  const routed = req.method !== 'POST' || target === undefined;
  const pathname = req.path.split('?')[0];
  if (routed && req.method === 'GET' && pathname === '/health') {
    return res.status === 200 && res.body.toString() === '{"status":"ok"}'
      ? null
      : `health answered ${res.status} ${res.body.toString().slice(0, 200)}`;
  }
  // A GET of `/` naming an Action is a Query-protocol call (SES v1, SNS, IAM, STS): XML either way.
  if (req.method === 'GET' && pathname === '/' && /[?&]Action=/.test(req.path)) return queryProblem(res);
  if (routed && req.method === 'GET' && res.status === 200)
    return safeJson(res.body) ? null : 'a route answered 200 with no JSON object';
  if (res.headers['content-type'] !== 'application/x-amz-json-1.1')
    return `content type ${String(res.headers['content-type'])}`;
  if (!UUID.test(String(res.headers['x-amzn-requestid']))) return 'no x-amzn-RequestId';
  const body = safeJson(res.body);
  if (!body) return `body is not a JSON object: ${res.body.toString('utf8').slice(0, 200)}`;
  if (res.status >= 400) {
    if (typeof body.__type !== 'string' || !/^[A-Za-z]+Exception$/.test(body.__type))
      return `bad __type ${String(body.__type)}`;
    if (typeof body.message !== 'string') return 'error without a message';
    if (res.headers['x-amzn-errortype'] !== `${body.__type}:`)
      return `x-amzn-ErrorType ${String(res.headers['x-amzn-errortype'])} for ${body.__type}`;
    const header = res.headers['x-amzn-errormessage'];
    if (header !== undefined && header !== body.message) return 'x-amzn-ErrorMessage differs from the body';
    if (res.status !== 400 && !(res.status === 404 && routed) && !(res.status === 413) && !(res.status === 501))
      return `unexpected status ${res.status} for ${body.__type}`;
  } else if (res.status !== 200 || body.__type !== undefined) {
    return `status ${res.status} with ${JSON.stringify(body).slice(0, 200)}`;
  }
  return null;
}

/** What is wrong with a Query-protocol answer: XML, a request id, errors in AWS's ErrorResponse. */
function queryProblem(res: Outcome): string | null {
  if (res.headers['content-type'] !== 'text/xml') return `content type ${String(res.headers['content-type'])}`;
  if (!UUID.test(String(res.headers['x-amzn-requestid']))) return 'no x-amzn-RequestId';
  const xml = res.body.toString('utf8');
  if (!xml.startsWith('<?xml')) return `not XML: ${xml.slice(0, 200)}`;
  if (
    res.status >= 400 &&
    !/<ErrorResponse [^>]*><Error><Type>(Sender|Receiver)<\/Type><Code>[A-Za-z.]+<\/Code><Message>/.test(xml)
  )
    return `bad ErrorResponse: ${xml.slice(0, 300)}`;
  return null;
}

function safeJson(b: Buffer): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(b.toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function exchange(s: TestServer, agent: Agent, req: FuzzRequest): Promise<Outcome> {
  const { port, hostname } = new URL(s.url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const chunked = req.i % 7 === 3;
    // Node sends GET/DELETE/... bodies without framing unless told: name the framing every time.
    const headers = {
      ...req.headers,
      ...(chunked ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': String(req.body.length) }),
    };
    const r = request({ host: hostname, port, method: req.method, path: req.path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          body: Buffer.concat(chunks),
          ms: performance.now() - started,
        }),
      );
      res.on('error', reject);
    });
    r.setTimeout(RESPONSE_TIMEOUT_MS, () => r.destroy(new Error(`no response within ${RESPONSE_TIMEOUT_MS} ms`)));
    r.on('error', reject);
    if (chunked && req.body.length > 1) {
      const cut = Math.floor(req.body.length / 2);
      r.write(req.body.subarray(0, cut));
      r.end(req.body.subarray(cut));
    } else {
      r.end(req.body);
    }
  });
}

// ---- the generator ----
interface Fixture {
  poolId: string;
  clientId: string;
  playPools: string[];
  playClients: string[];
}
const TEMPLATE_OPS = [
  'SignUp',
  'AdminCreateUser',
  'CreateUserPool',
  'ListUsers',
  'ConfirmSignUp',
  'InitiateAuth',
  'RespondToAuthChallenge',
  'GetUser',
  'RevokeToken',
] as const;
type TemplateOp = (typeof TEMPLATE_OPS)[number];
const OPERATIONS = Object.keys(model.operations);
const NO_AUTH = new Set(OPERATIONS.filter((o) => model.operations[o].noAuth));

function username(r: Rng): string {
  return r.chance(0.85)
    ? `user${r.int(400)}`
    : r.pick(['Ünïcødé', '中文用户', 'a.b-c_d+e@x', 'UPPER', 'upper', 'x'.repeat(128), '😀😀']);
}

function template(r: Rng, op: TemplateOp, f: Fixture): Obj {
  const u = username(r);
  const email = `${u.replace(/[^\w.+-]/g, 'x')}@example.com`;
  switch (op) {
    case 'SignUp':
      return {
        ClientId: f.clientId,
        Username: u,
        Password: r.pick(['Passw0rd!', 'An0ther-pass', 'Secr3t!!']),
        UserAttributes: [{ Name: 'email', Value: email }, ...(r.chance(0.3) ? [{ Name: 'name', Value: 'Fuzz' }] : [])],
        ...(r.chance(0.2) ? { ClientMetadata: { k: 'v' } } : {}),
      };
    case 'AdminCreateUser':
      return {
        UserPoolId: f.poolId,
        Username: u,
        TemporaryPassword: 'Passw0rd!',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: r.pick(['true', 'false']) },
        ],
        ...(r.chance(0.2) ? { DesiredDeliveryMediums: ['EMAIL'] } : {}),
      };
    case 'CreateUserPool': {
      const base = fromModel(
        r,
        'CreateUserPoolRequest',
        { poolId: f.poolId, clientId: f.clientId, username: u },
        0,
        0.15,
      ) as Obj;
      return {
        ...base,
        PoolName: `fuzz-${r.int(1e6)}`,
        ...(r.chance(0.5) ? { AutoVerifiedAttributes: ['email'] } : {}),
      };
    }
    case 'ListUsers':
      return {
        UserPoolId: f.poolId,
        Limit: r.range(1, 60),
        ...(r.chance(0.5)
          ? { Filter: r.pick(['email ^= "user"', 'username = "user1"', 'status = "UNCONFIRMED"', 'sub = ""']) }
          : {}),
        ...(r.chance(0.3) ? { AttributesToGet: ['email'] } : {}),
      };
    case 'ConfirmSignUp':
      return { ClientId: f.clientId, Username: u, ConfirmationCode: String(r.int(1e6)).padStart(6, '0') };
    case 'InitiateAuth':
      return {
        ClientId: f.clientId,
        AuthFlow: r.pick([
          'USER_PASSWORD_AUTH',
          'REFRESH_TOKEN_AUTH',
          'USER_SRP_AUTH',
          'ADMIN_USER_PASSWORD_AUTH',
          'CUSTOM_AUTH',
          'USER_AUTH',
        ]),
        AuthParameters: {
          USERNAME: u,
          PASSWORD: r.pick(['Passw0rd!', 'wrong', '']),
          ...(r.chance(0.5) ? { REFRESH_TOKEN: junkToken(r) } : {}),
          ...(r.chance(0.5) ? { SRP_A: r.pick(['0', 'ff', 'A'.repeat(768), 'zz']) } : {}),
        },
      };
    case 'RespondToAuthChallenge':
      return {
        ClientId: f.clientId,
        ChallengeName: r.pick([
          'NEW_PASSWORD_REQUIRED',
          'SMS_MFA',
          'EMAIL_OTP',
          'SOFTWARE_TOKEN_MFA',
          'PASSWORD_VERIFIER',
          'SELECT_MFA_TYPE',
          'MFA_SETUP',
          'CUSTOM_CHALLENGE',
        ]),
        Session: junkToken(r),
        ChallengeResponses: { USERNAME: u, NEW_PASSWORD: 'N3w-passw0rd', SMS_MFA_CODE: '123456', ANSWER: 'SMS_MFA' },
      };
    case 'GetUser':
      return { AccessToken: junkToken(r) };
    case 'RevokeToken':
      return { ClientId: f.clientId, Token: junkToken(r) };
  }
}

/** A string shaped like a token (a JWT, a session, a refresh token) or like nothing at all. */
function junkToken(r: Rng): string {
  const b64 = (n: number) => Buffer.from(Array.from({ length: n }, () => r.int(256))).toString('base64url');
  return r.pick([
    () => `${b64(20)}.${b64(60)}.${b64(40)}`,
    () =>
      `${Buffer.from('{"alg":"none","kid":"x"}').toString('base64url')}.${Buffer.from('{"iss":"http://x/us-east-1_abc","token_use":"access"}').toString('base64url')}.`,
    () => b64(r.range(20, 400)),
    () => 'e30.e30.e30',
    () => 'x'.repeat(r.range(20, 2000)),
  ])();
}

/** Every position of a value tree: [container, key]. */
function positions(v: Val, out: Array<[Obj | Val[], string]> = []): Array<[Obj | Val[], string]> {
  if (Array.isArray(v))
    v.forEach((x, i) => {
      out.push([v, String(i)]);
      positions(x, out);
    });
  else if (isObj(v))
    for (const k of Object.keys(v)) {
      out.push([v, k]);
      positions(v[k], out);
    }
  return out;
}

function mutate(r: Rng, body: Obj): string {
  const spots = positions(body);
  const [container, key] = spots.length > 0 ? r.pick(spots) : [body, 'X'];
  const set = (value: Val | undefined) => {
    if (Array.isArray(container)) {
      if (value === undefined) container.splice(Number(key), 1);
      else container[Number(key)] = value;
    } else if (value === undefined) delete container[key];
    else container[key] = value;
  };
  switch (r.int(12)) {
    case 0:
    case 1:
      set(undefined);
      break;
    case 2:
      set(null);
      break;
    case 3:
    case 4:
      set(junk(r));
      break;
    case 5:
      set(hugeString(r));
      break;
    case 6:
      set(r.chance(0.3) ? hostileString(r) : smallString(r));
      break;
    case 7:
      set(deepJson(r));
      break;
    case 8: {
      // an unknown member, possibly deep, beside known ones
      const objs = [body, ...spots.map(([c, k]) => (Array.isArray(c) ? c[Number(k)] : c[k])).filter(isObj)];
      r.pick(objs)[r.pick(['Zzz', '__proto__', 'constructor', 'name', 'Value '])] = r.chance(0.5)
        ? deepJson(r)
        : junk(r);
      break;
    }
    case 9: {
      // a list made too long or emptied
      const lists = spots
        .map(([c, k]) => (Array.isArray(c) ? c[Number(k)] : c[k]))
        .filter((x): x is Val[] => Array.isArray(x));
      if (lists.length > 0) {
        const list = r.pick(lists);
        if (r.chance(0.3)) list.length = 0;
        else {
          const item = list[0] ?? 'x';
          for (let n = r.range(1, 120); n > 0; n--) list.push(r.chance(0.9) ? item : junk(r));
        }
      } else set(junk(r));
      break;
    }
    case 10:
      set(
        typeof (Array.isArray(container) ? container[Number(key)] : container[key]) === 'string'
          ? r.pick(NUMBERS)
          : 'x',
      );
      break;
    default:
      set(r.pick([[], {}, [null], [{}], 0, '', true]));
      break;
  }
  let text = toJson(body);
  if (r.chance(0.1)) {
    // text-level damage after the structural one
    switch (r.int(4)) {
      case 0:
        text = text.slice(0, r.int(text.length));
        break;
      case 1: {
        const at = r.int(text.length);
        text = text.slice(0, at) + r.pick(['"', '}', ']', ',', '\\', '\u0000', 'ÿ']) + text.slice(at + 1);
        break;
      }
      case 2:
        text = `\ufeff${text}`;
        break;
      default:
        text = text.replace(/^\{/, '{"Username":"dup",');
        break;
    }
  }
  return text;
}

function jsonCall(
  i: number,
  kind: string,
  op: string,
  text: string | Buffer,
  auth: string | null,
  extra: Record<string, string> = {},
): FuzzRequest {
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-amz-json-1.1',
    'X-Amz-Target': `${PREFIX}${op}`,
    ...extra,
  };
  if (auth !== null) headers.Authorization = auth;
  return {
    i,
    kind,
    method: 'POST',
    path: '/',
    headers,
    body: Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'),
    op,
  };
}

/** Each template operation with every member position set to each wrong JSON type in turn. */
function sweep(f: Fixture): Array<(i: number) => FuzzRequest> {
  const r = new Rng(SEED ^ 0x5eed);
  const out: Array<(i: number) => FuzzRequest> = [];
  for (const op of TEMPLATE_OPS) {
    const input = model.operations[op].input!;
    for (const { path } of memberPaths(input, op === 'CreateUserPool' ? 3 : 4)) {
      // the shapes of the containers along the path, to create missing ones with the right JSON type
      const containerShapes: string[] = [];
      let sh = input;
      for (const seg of path) {
        containerShapes.push(sh);
        const s = shapes[sh];
        sh = s.t === 'o' ? (s.m as Record<string, string>)[seg] : s.t === 'l' ? (s.m as string) : s.v!;
      }
      for (const value of [null, 'x', 7, 1.5, true, ['x'], { a: 'x' }, wrongType(r, shapes[sh])] as Val[]) {
        out.push((i) => {
          const body = template(r, op, f);
          setPath(body, path, value, containerShapes);
          return jsonCall(
            i,
            `sweep ${op}.${path.join('.')}`,
            op,
            toJson(body),
            NO_AUTH.has(op) && r.chance(0.5) ? null : sigv4(),
          );
        });
      }
    }
  }
  // every operation of the model: each top-level member of the wrong type
  for (const op of OPERATIONS) {
    const input = model.operations[op].input;
    if (!input) continue;
    for (const [member, shape] of Object.entries(shapes[input].m as Record<string, string>)) {
      out.push((i) => {
        const ids = { poolId: r.pick(f.playPools), clientId: r.pick(f.playClients), username: username(r) };
        const body = fromModel(r, input, ids) as Obj;
        body[member] = wrongType(r, shapes[shape]);
        return jsonCall(i, `sweep ${op}.${member}`, op, toJson(body), sigv4());
      });
    }
  }
  return out;
}

const METHODS = ['GET', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'POST', 'TRACE'];
const PATHS = [
  '/',
  '/health',
  '/health?x=1',
  '/nope',
  '/%',
  '/%zz',
  '/..%2f..%2fetc',
  '//',
  '/?Action=ListUsers',
  `/${'a'.repeat(2000)}`,
  '/_aws/nope',
  '/%E9',
  '/favicon.ico',
];

function randomRequest(r: Rng, i: number, f: Fixture): FuzzRequest {
  const roll = r.next();
  if (roll < 0.45) {
    // a mutant of a valid request, or (one in four) the valid request itself
    const op = r.pick(TEMPLATE_OPS);
    const body = template(r, op, f);
    const valid = r.chance(0.25);
    const text = valid ? toJson(body) : mutate(r, body);
    return jsonCall(
      i,
      valid ? `valid ${op}` : `mutant ${op}`,
      op,
      text,
      NO_AUTH.has(op) && r.chance(0.5) ? null : sigv4(),
    );
  }
  if (roll < 0.7) {
    // any operation of the model, built from its shapes, against a playground pool, often mutated
    const op = r.pick(OPERATIONS);
    const input = model.operations[op].input;
    const ids = {
      poolId: r.chance(0.7) ? r.pick(f.playPools) : 'us-east-1_XXXXXXXXX',
      clientId: r.chance(0.7) ? r.pick(f.playClients) : 'abc',
      username: username(r),
    };
    const body = input ? (fromModel(r, input, ids) as Obj) : {};
    const text = r.chance(0.6) ? mutate(r, body) : toJson(body);
    return jsonCall(i, `model ${op}`, op, text, r.chance(0.9) ? sigv4() : null);
  }
  if (roll < 0.82) {
    // a body that is not a JSON object
    const op = r.pick(TEMPLATE_OPS);
    const valid = toJson(template(r, op, f));
    const bodies: Array<() => string | Buffer> = [
      () => valid.slice(0, r.int(valid.length)),
      () => deepJson(r).text,
      () => `{"ClientId":${deepJson(r).text}}`,
      () => toJson(junk(r)),
      () => '',
      () => 'null',
      () => `${valid}${valid}`,
      () => `${valid} trailing`,
      () => `/* c */${valid}`,
      () => Buffer.from(Array.from({ length: r.int(300) }, () => r.int(256))),
      () =>
        Buffer.concat([
          Buffer.from('{"Username":"'),
          Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]),
          Buffer.from('"}'),
        ]),
      () => Buffer.from(valid, 'utf16le'),
      () => `{"a":"${'\\u0000'.repeat(r.int(1000))}"}`,
      () => `{"a":"\\ud800\\udc00\\udc00","Username":"\\u0000"}`,
      () => `{"a":${'1'.repeat(r.int(5000))}}`,
      () => ' '.repeat(r.int(50_000)),
    ];
    return jsonCall(i, `garbage ${op}`, op, r.pick(bodies)(), sigv4());
  }
  if (roll < 0.94) {
    // headers: target and authorization
    const op = r.pick(TEMPLATE_OPS);
    const text = toJson(template(r, op, f));
    const target = r.pick([
      undefined,
      '',
      PREFIX,
      `${PREFIX}${op}.`,
      `${PREFIX}${op.toLowerCase()}`,
      `${PREFIX}${smallString(r)}`,
      `${op}`,
      `.${op}`,
      `AWSCognitoIdentityService.${op}`,
      `${PREFIX}__proto__`,
      `${PREFIX}constructor`,
      `${PREFIX}hasOwnProperty`,
      `${PREFIX}${op} `,
      `x.${PREFIX}${op}`,
      `${PREFIX}${op}`,
    ]);
    const auth = r.pick([
      null,
      '',
      'Bearer x',
      'AWS4-HMAC-SHA256',
      'AWS4-HMAC-SHA256 Credential=',
      'AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request',
      sigv4('111111111111'),
      sigv4('test', 'eu-west-1'),
      sigv4('test', 'x'.repeat(500)),
      sigv4('x'.repeat(4000)),
      sigv4('\u00ff\u00e9'),
      `AWS4-HMAC-SHA256 Credential=test/20261122/us-east-1/cognito-idp/aws4_request${'/'.repeat(100)}`,
      Array.from({ length: r.int(200) }, () => String.fromCharCode(r.range(0x20, 0x7e))).join(''),
      sigv4(),
    ]);
    const headers: Record<string, string> = {
      'Content-Type': r.pick([
        'application/x-amz-json-1.1',
        'application/json',
        'text/plain',
        '',
        'x/y; charset=utf-16',
      ]),
    };
    if (target !== undefined) headers['X-Amz-Target'] = target.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
    if (auth !== null) headers.Authorization = auth;
    return { i, kind: 'headers', method: 'POST', path: '/', headers, body: Buffer.from(text), op };
  }
  // methods and paths
  const method = r.pick(METHODS);
  const headers: Record<string, string> = {};
  const op = r.pick(TEMPLATE_OPS);
  if (r.chance(0.3)) headers['X-Amz-Target'] = `${PREFIX}${op}`;
  if (r.chance(0.5)) headers.Authorization = sigv4();
  const body = method === 'HEAD' || method === 'OPTIONS' || r.chance(0.5) ? '' : toJson(template(r, op, f));
  return { i, kind: 'method/path', method, path: r.pick(PATHS), headers, body: Buffer.from(body), op };
}

// ---- the run ----
interface Created {
  sub: string;
  username: string;
  hadPassword: boolean;
  op: string;
}

describe('protocol fuzzing [sqlite]', () => {
  let s: TestServer;
  const f: Fixture = { poolId: '', clientId: '', playPools: [], playClients: [] };
  const failures: Array<{ req: FuzzRequest; problem: string }> = [];
  const created: Created[] = [];
  const stats = new Map<string, number>();
  let sent = 0;
  const log: string[] = [];
  let total = 0;
  let slowest = { ms: 0, req: '' };

  before(async () => {
    // A SignUp over the default sender's daily quota creates its user and still answers an error,
    // as AWS does; this suite checks that errors leave no user, so the quota is lifted here.
    s = await startServer({ flags: { 'default-email-daily-quota': '1000000' } });
    const c = s.cognito();
    f.poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'fuzz', AutoVerifiedAttributes: ['email'] })))
      .UserPool!.Id!;
    f.clientId = (
      await c.send(
        new CreateUserPoolClientCommand({
          UserPoolId: f.poolId,
          ClientName: 'fuzz',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!;
    for (let n = 0; n < 3; n++) {
      const play = (await c.send(new CreateUserPoolCommand({ PoolName: `play${n}` }))).UserPool!.Id!;
      f.playPools.push(play);
      f.playClients.push(
        (
          await c.send(
            new CreateUserPoolClientCommand({ UserPoolId: play, ClientName: 'play', GenerateSecret: n === 1 }),
          )
        ).UserPoolClient!.ClientId!,
      );
    }
    console.log(`fuzz seed ${SEED} (replay: COGNATE_FUZZ_SEED=${SEED}), ${TOTAL} requests`);

    const fixed = sweep(f);
    const rng = new Rng(SEED);
    total = Math.max(TOTAL, fixed.length);
    const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    let next = 0;
    const worker = async () => {
      while (next < total) {
        const i = next++;
        const req = i < fixed.length ? fixed[i](i) : randomRequest(rng, i, f);
        let res: Outcome;
        try {
          res = await exchange(s, agent, req);
        } catch (e) {
          failures.push({ req, problem: `no response: ${(e as Error).message}` });
          continue;
        }
        sent++;
        if (LOG)
          log.push(
            JSON.stringify({
              i,
              kind: req.kind,
              method: req.method,
              path: req.path,
              headers: req.headers,
              body: req.body.toString('utf8').slice(0, 2000),
              status: res.status,
              response: res.body.toString('utf8').slice(0, 500),
            }),
          );
        if (res.ms > slowest.ms) slowest = { ms: res.ms, req: describeRequest(req) };
        const problem = problemWith(req, res);
        if (problem) failures.push({ req, problem });
        const parsed = safeJson(res.body);
        const key = `${res.status} ${String(parsed?.__type ?? '')}`;
        stats.set(key, (stats.get(key) ?? 0) + 1);
        if (res.status === 200 && parsed) record(req, parsed);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    agent.destroy();
    if (LOG) writeFileSync(LOG, `${log.join('\n')}\n`);
  });
  after(() => s.stop());

  function record(req: FuzzRequest, res: Record<string, unknown>): void {
    const input = safeJson(req.body);
    // HTTP drops the whitespace around a header value, so "…SignUp " is SignUp.
    if (!input || req.method !== 'POST' || req.headers['X-Amz-Target']?.trim() !== `${PREFIX}${req.op}`) return;
    if (req.op === 'SignUp' && input.ClientId === f.clientId) {
      if (typeof res.UserSub !== 'string')
        return void failures.push({ req, problem: 'SignUp answered 200 without a UserSub' });
      created.push({
        sub: String(res.UserSub),
        username: String(input.Username),
        hadPassword: typeof input.Password === 'string',
        op: 'SignUp',
      });
    } else if (req.op === 'AdminCreateUser' && input.UserPoolId === f.poolId) {
      const user = res.User as { Username: string; Attributes: Array<{ Name: string; Value: string }> };
      created.push({
        sub: user.Attributes.find((a) => a.Name === 'sub')!.Value,
        username: user.Username,
        hadPassword: true,
        op: 'AdminCreateUser',
      });
    }
  }

  /** One example per kind of request and problem, most frequent first. */
  const report = (title: string, list: typeof failures) => {
    const groups = new Map<string, typeof failures>();
    for (const x of list) {
      const key = `${x.req.kind.replace(/^(sweep \w+)\..*/, '$1')} | ${x.problem.replace(/Request id: [0-9a-f-]+/, '').slice(0, 120)}`;
      groups.set(key, [...(groups.get(key) ?? []), x]);
    }
    const lines = [...groups.values()]
      .sort((a, b) => b.length - a.length)
      .slice(0, 25)
      .map((g) => `  ×${g.length} ${g[0].problem}\n    ${describeRequest(g[0].req)}`);
    return `${title}: ${list.length}\n${lines.join('\n')}`;
  };

  test('every request gets an answer, and every answer is a well-formed AWS JSON 1.1 response', (t) => {
    t.diagnostic(`seed ${SEED}; ${sent} answered; slowest ${slowest.ms.toFixed(0)} ms`);
    t.diagnostic(
      [...stats.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k}: ${n}`)
        .join(', '),
    );
    assert.ok(total >= 10_000 || process.env.COGNATE_FUZZ_REQUESTS, `only ${total} requests`);
    assert.equal(sent + failures.filter((x) => x.problem.startsWith('no response')).length, total);
    const dropped = failures.filter((x) => x.problem.startsWith('no response'));
    const fatal = failures.filter((x) => /^status 5/.test(x.problem));
    const malformed = failures.filter((x) => !dropped.includes(x) && !fatal.includes(x));
    assert.equal(
      failures.length,
      0,
      [
        report('server errors (5xx)', fatal),
        report('dropped connections', dropped),
        report('malformed answers', malformed),
      ].join('\n'),
    );
  });

  test('the server still answers /health and the SDK afterwards', async () => {
    const health = await fetch(`${s.url}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const c = s.cognito();
    assert.equal((await c.send(new DescribeUserPoolCommand({ UserPoolId: f.poolId }))).UserPool?.Id, f.poolId);
    const su = await c.send(new SignUpCommand({ ClientId: f.clientId, Username: 'after-fuzz', Password: 'Passw0rd!' }));
    assert.match(su.UserSub!, UUID);
    created.push({ sub: su.UserSub!, username: 'after-fuzz', hadPassword: true, op: 'SignUp' });
  });

  test('every successful creation made exactly one complete user, and no failed one left any', async (t) => {
    t.diagnostic(
      `${created.filter((x) => x.op === 'SignUp').length} sign-ups and ${created.filter((x) => x.op === 'AdminCreateUser').length} admin creations succeeded`,
    );
    assert.ok(
      created.some((x) => x.op === 'SignUp') && created.some((x) => x.op === 'AdminCreateUser'),
      'the fuzzer created no users: the templates are broken',
    );
    const db = s.running.store.db;
    const rows = await db.selectFrom('users').selectAll().where('pool_id', '=', f.poolId).execute();
    const bySub = new Map(rows.map((u) => [u.sub, u]));
    const problems: string[] = [];
    for (const c of created) {
      const found = await db
        .selectFrom('users')
        .select(['pool_id', 'username', 'password_hash'])
        .where('pool_id', '=', f.poolId)
        .where('sub', '=', c.sub)
        .execute();
      if (found.length !== 1)
        problems.push(
          `${c.op} ${JSON.stringify(c.username)} succeeded with sub ${c.sub}, ${found.length} users have it`,
        );
      else if (found[0].username !== c.username)
        problems.push(`${c.op} created ${JSON.stringify(c.username)}, stored as ${JSON.stringify(found[0].username)}`);
      else if (c.hadPassword && !found[0].password_hash)
        problems.push(`${c.op} ${JSON.stringify(c.username)} was given a password; none is stored`);
    }
    const succeeded = new Set(created.map((c) => c.sub));
    for (const u of rows) {
      if (!succeeded.has(u.sub))
        problems.push(
          `user ${JSON.stringify(u.username)} (${u.sub}, ${u.status}) exists, but no request that could create it succeeded`,
        );
      if (!UUID.test(u.sub) || !u.username) problems.push(`user ${JSON.stringify(u.username)} has sub ${u.sub}`);
      if (!isObj(JSON.parse(u.attributes) as Val)) problems.push(`user ${u.sub} has attributes ${u.attributes}`);
    }
    const codes = await db.selectFrom('user_codes').select('sub').where('pool_id', '=', f.poolId).execute();
    for (const c of codes) if (!bySub.has(c.sub)) problems.push(`a code exists for sub ${c.sub}, which has no user`);
    const messages = await db
      .selectFrom('messages')
      .select(['user_sub', 'destination'])
      .where('pool_id', '=', f.poolId)
      .execute();
    for (const m of messages)
      if (m.user_sub && !bySub.has(m.user_sub))
        problems.push(`a message to ${m.destination} was queued for sub ${m.user_sub}, which has no user`);
    assert.deepEqual(problems, []);
    assert.equal(rows.length, succeeded.size);

    // and the SDK sees them as such
    const c = s.cognito();
    for (const x of created.slice(0, 20)) {
      const user = await c.send(new AdminGetUserCommand({ UserPoolId: f.poolId, Username: x.username }));
      assert.equal(user.UserAttributes?.find((a) => a.Name === 'sub')?.Value, x.sub);
    }
  });

  test('no user exists without a password in a pool without passwordless sign-in', async () => {
    // "You can only create a passwordless user when passwordless sign-in is available" (SignUp, Password).
    const rows = await s.running.store.db
      .selectFrom('users')
      .select(['username', 'password_hash'])
      .where('pool_id', '=', f.poolId)
      .execute();
    assert.deepEqual(
      rows.filter((u) => !u.password_hash).map((u) => u.username),
      [],
    );
  });
});

describe('requests found by fuzzing', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.stop());

  const post = async (op: string, body: string, auth: string | null = sigv4()) => {
    const started = performance.now();
    const res = await fetch(s.url, {
      method: 'POST',
      headers: {
        'X-Amz-Target': `${PREFIX}${op}`,
        'Content-Type': 'application/x-amz-json-1.1',
        ...(auth ? { Authorization: auth } : {}),
      },
      body,
    });
    return { status: res.status, text: await res.text(), headers: res.headers, ms: performance.now() - started };
  };

  test('a deeply nested value inside a list that fails a length check is a validation error, not a 500', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const item = '{"Priority":1,"Name":"verified_email"}';
    const res = await post(
      'CreateUserPool',
      `{"PoolName":"p","AccountRecoverySetting":{"RecoveryMechanisms":[{"Priority":1,"Name":"verified_email","Zzz":${deep}},${item},${item}]}}`,
    );
    assert.equal(res.status, 400, res.text);
    assert.equal(JSON.parse(res.text).__type, 'InvalidParameterException');
  });

  test('JSON null anywhere is taken as absent, never a 500', async () => {
    const c = s.cognito();
    const poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'nulls' }))).UserPool!.Id!;
    const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'nulls' })))
      .UserPoolClient!.ClientId!;
    const cases: Array<[string, unknown]> = [
      ['SignUp', { ClientId: clientId, Username: 'n1', Password: 'Passw0rd!', UserAttributes: [null] }],
      [
        'SignUp',
        {
          ClientId: clientId,
          Username: 'n2',
          Password: 'Passw0rd!',
          UserAttributes: [{ Name: 'email', Value: 'n2@example.com' }, null],
        },
      ],
      ['AdminCreateUser', { UserPoolId: poolId, Username: 'n3', MessageAction: 'SUPPRESS', UserAttributes: [null] }],
      ['CreateUserPool', { PoolName: 'p', Schema: [null] }],
      ['CreateUserPool', { PoolName: 'p', AutoVerifiedAttributes: [null] }],
      ['ListUsers', { UserPoolId: poolId, Filter: null }],
      ['ListUsers', { UserPoolId: poolId, AttributesToGet: [null] }],
      ['SignUp', { ClientId: clientId, Username: 'n4', Password: null }],
    ];
    const errors: string[] = [];
    for (const [op, body] of cases) {
      const res = await post(op, JSON.stringify(body), op === 'SignUp' ? null : sigv4());
      if (res.status >= 500) errors.push(`${op} ${JSON.stringify(body)} → ${res.status} ${res.text}`);
    }
    assert.deepEqual(errors, []);
  });

  test('a request path the URL parser rejects ("//") is answered, not a 500', async () => {
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const { hostname, port } = new URL(s.url);
      const r = request(
        {
          host: hostname,
          port,
          method: 'POST',
          path: '//',
          headers: { 'X-Amz-Target': `${PREFIX}ListUserPools`, Authorization: sigv4(), 'Content-Length': '16' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString() }));
        },
      );
      r.on('error', reject);
      r.end('{"MaxResults":1}');
    });
    assert.ok(res.status < 500, `${res.status} ${res.body}`);
  });

  test('a deeply nested unknown member is ignored', async () => {
    const deep = `${'{"a":'.repeat(10_000)}null${'}'.repeat(10_000)}`;
    const res = await post('SignUp', `{"ClientId":"abc","Username":"u","Password":"Passw0rd!","Zzz":${deep}}`, null);
    assert.equal(JSON.parse(res.text).__type, 'ResourceNotFoundException');
  });

  test('pattern checks take linear time in the length of the value', async () => {
    // For every patterned string the model has, one member that reaches it, sent values made of
    // units that backtracking regexes are slow on, at growing lengths. A linear check of 64 KB takes
    // a few milliseconds; a quadratic one takes seconds, and blocks the event loop (the whole
    // server) meanwhile. The bar is a complexity bound, 100 times above the linear cost, not a speed
    // target. Growth stops at the first slow answer, to keep a failing run short.
    const seen = new Set<string>();
    const slow: string[] = [];
    for (const op of OPERATIONS) {
      const input = model.operations[op].input;
      if (!input) continue;
      for (const { path, shape } of memberPaths(input, 4)) {
        const sh = shapes[shape];
        if (sh.t !== 's' || sh.p === undefined || seen.has(shape)) continue;
        seen.add(shape);
        const containers: string[] = [];
        let cur = input;
        for (const seg of path) {
          containers.push(cur);
          const cs = shapes[cur];
          cur = cs.t === 'o' ? (cs.m as Record<string, string>)[seg] : cs.t === 'l' ? (cs.m as string) : cs.v!;
        }
        for (const unit of ['@', '{##', '##}', ':', 'a', '{####}', '_-', '{##a##}']) {
          for (const length of [1_000, 8_000, 64_000]) {
            const body: Obj = {};
            setPath(body, path, `${unit.repeat(Math.ceil(length / unit.length))} \u0000`, containers);
            let { ms } = await post(op, toJson(body));
            // once more before calling it slow: a GC pause or a busy machine is not a slow pattern
            if (ms > 1000) ms = Math.min(ms, (await post(op, toJson(body))).ms);
            if (ms > 1000) {
              slow.push(
                `${shape} (${op} ${path.join('.')}) with "${unit}" repeated to ${length} characters: ${ms.toFixed(0)} ms`,
              );
              break;
            }
          }
        }
      }
    }
    assert.ok(seen.size > 30, `only ${seen.size} patterned shapes reached`);
    assert.deepEqual(slow, []);
  });

  test('a validation message that echoes a huge value stays out of the headers', async () => {
    // Python's http.client (botocore, the AWS CLI) refuses header lines over 64 KiB; Node's client caps headers at 16 KiB.
    const res = await post('CreateUserPool', JSON.stringify({ PoolName: 'a'.repeat(200_000) }));
    assert.equal(res.status, 400);
    assert.ok(
      (res.headers.get('x-amzn-errormessage') ?? '').length < 8192,
      `x-amzn-ErrorMessage is ${res.headers.get('x-amzn-errormessage')?.length} bytes`,
    );
  });
});
