// cognate's own routes beside the AWS APIs (the capture mailbox under /_aws/, the operator routes
// under /_cognate/): no CORS grant for other sites' pages, refused through a host that is not this
// server (DNS rebinding), and one error shape. The AWS APIs and the public token documents keep
// AWS's CORS. Raw node:http where a test sets the Host header, as a browser would send it.
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import {
  type CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { SESClient, ListIdentitiesCommand } from '@aws-sdk/client-ses';
import { SESv2Client, CreateEmailIdentityCommand, GetAccountCommand } from '@aws-sdk/client-sesv2';
import { startServer, type TestServer } from './support/server.js';
import { run as sesCli } from '../src/cli/ses.js';
import { cognateFactsAt } from '../src/doctor/cognate-facts.js';

const PUBLIC = 'cognate.test:8080';
const REBINDING = 'attacker.example:4569';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): unknown;
}

/** One request to the server's socket, with whatever Host and other headers the test names. */
function send(
  s: TestServer,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  const { hostname, port } = new URL(s.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        method,
        path,
        headers: { ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}), ...headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode!, headers: res.headers, body: text, json: () => JSON.parse(text) });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The one operator error shape. */
function assertRefusal(a: Answer, status: number, code: string, message: RegExp): void {
  assert.equal(a.status, status, a.body);
  assert.equal(a.headers['content-type'], 'application/json');
  const body = a.json() as { error: { code: string; message: string } };
  assert.deepEqual(Object.keys(body), ['error']);
  assert.deepEqual(Object.keys(body.error), ['code', 'message']);
  assert.equal(body.error.code, code);
  assert.match(body.error.message, message);
}

/** The CORS headers of an SDK client's answers, its requests sent as a page of `origin` would send them. */
function corsSeen(
  client: { middlewareStack: { add(mw: unknown, opts: unknown): void } },
  origin: string,
): (string | undefined)[] {
  const seen: (string | undefined)[] = [];
  client.middlewareStack.add(
    (next: (a: unknown) => Promise<{ response: { headers: Record<string, string> } }>) =>
      async (args: { request: { headers: Record<string, string> } }) => {
        args.request.headers.origin = origin;
        const out = await next(args);
        seen.push(out.response.headers['access-control-allow-origin']);
        return out;
      },
    { step: 'build', name: 'corsProbe' },
  );
  return seen;
}

describe('operator and capture routes', () => {
  let s: TestServer;
  let host: string;
  before(async () => {
    s = await startServer({ flags: { 'public-url': `http://${PUBLIC}` } });
    host = new URL(s.url).host;
  });
  after(() => s.stop());

  test('a page of another origin gets no CORS grant for the mailbox or the message status, nor for a preflight', async () => {
    for (const path of ['/_aws/ses', '/_aws/sns/sms-messages', '/_cognate/messages']) {
      // A page on this machine (a dev server on localhost) may send, but the browser lets it read nothing.
      const local = await send(s, 'GET', path, { Host: host, Origin: 'http://localhost:3000' });
      assert.equal(local.status, 200, local.body);
      assert.equal(local.headers['access-control-allow-origin'], undefined, path);
      // A page of another site is refused outright: CORS would stop its reading, not its sending.
      const foreign = await send(s, 'GET', path, { Host: host, Origin: 'https://evil.example' });
      assertRefusal(foreign, 403, 'forbidden', /Origin 'https:\/\/evil\.example' is not this server/);
      assert.equal(foreign.headers['access-control-allow-origin'], undefined, path);
      const preflight = await send(s, 'OPTIONS', path, {
        Host: host,
        Origin: 'http://localhost:3000',
        'Access-Control-Request-Method': 'DELETE',
      });
      assert.equal(preflight.status, 200);
      for (const h of ['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers'])
        assert.equal(preflight.headers[h], undefined, `${path} ${h}`);
    }
  });

  test('through a rebinding Host, the mailbox and the operator routes answer 403 and change nothing', async () => {
    await s.client(SESv2Client).send(new CreateEmailIdentityCommand({ EmailIdentity: 'kept@example.com' }));
    await s.waitForEmail('kept@example.com');
    for (const [method, path, body] of [
      ['GET', '/_aws/ses'],
      ['DELETE', '/_aws/ses'],
      ['GET', '/_cognate/messages'],
      ['GET', '/_cognate/sns/sms'],
      ['POST', '/_cognate/sns/sandbox', '{"inSandbox":false}'],
      ['OPTIONS', '/_aws/ses'],
    ] as const) {
      const a = await send(s, method, path, { Host: REBINDING }, body);
      assertRefusal(a, 403, 'forbidden', /^Host 'attacker\.example:4569' is not this server/);
      assert.equal(a.headers['access-control-allow-origin'], undefined);
    }
    // user info before a loopback address is still the attacker's host
    assertRefusal(
      await send(s, 'GET', '/_aws/ses', { Host: `attacker.example@${host}` }),
      403,
      'forbidden',
      /is not this server/,
    );
    assert.equal((await s.mailbox()).filter((m) => m.Destination.ToAddresses.includes('kept@example.com')).length, 1);
    assert.equal(((await (await fetch(`${s.url}/_cognate/sns/sms`)).json()) as { inSandbox: boolean }).inSandbox, true);
  });

  test("loopback names with any port, the listening address and the public URL's host are this server", async () => {
    for (const h of [
      host,
      'localhost',
      'localhost:3000',
      'LOCALHOST.:1',
      'app.localhost:4569',
      '127.0.0.2:80',
      '127.1',
      '[::1]:4569',
      PUBLIC,
      'cognate.test',
    ]) {
      const a = await send(s, 'GET', '/_aws/ses', { Host: h });
      assert.equal(a.status, 200, `${h}: ${a.body}`);
    }
    assertRefusal(await send(s, 'GET', '/_aws/ses', { Host: '128.0.0.1' }), 403, 'forbidden', /128\.0\.0\.1/);
    assertRefusal(
      await send(s, 'GET', '/_aws/ses', { Host: 'localhost.attacker.example' }),
      403,
      'forbidden',
      /localhost\.attacker\.example/,
    );
  });

  test("links from mail: SES's verification link works through the public URL's host; /confirmUser through any", async () => {
    await s.client(SESv2Client).send(new CreateEmailIdentityCommand({ EmailIdentity: 'linked@example.com' }));
    const mail = await s.waitForEmail('linked@example.com');
    const link = new URL(/https?:\/\/\S+verify-email\?\S+/.exec(mail.Body.text_part ?? '')![0]);
    assert.equal(link.host, PUBLIC);
    assert.equal((await send(s, 'GET', link.pathname + link.search, { Host: REBINDING })).status, 403);
    const page = await send(s, 'GET', link.pathname + link.search, { Host: link.host });
    assert.equal(page.status, 200);
    assert.match(page.body, /You have verified linked@example\.com/);
    // Not an operator route: answered whatever the host (here, as an incomplete link).
    const confirm = await send(s, 'GET', '/confirmUser?client_id=x', { Host: REBINDING });
    assert.equal(confirm.status, 400);
    assert.match(confirm.body, /This confirmation link is incomplete/);
  });

  test("the AWS APIs (Cognito, SES v1 and v2) and the token documents keep AWS's CORS, preflight included", async () => {
    const cognito = s.cognito();
    const ses = s.client(SESClient);
    const sesv2 = s.client(SESv2Client);
    const seen = [
      corsSeen(cognito as CognitoIdentityProviderClient, 'https://app.example'),
      corsSeen(ses, 'https://app.example'),
      corsSeen(sesv2, 'https://app.example'),
    ];
    const pool = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'cors' }))).UserPool!.Id!;
    await cognito.send(new ListUserPoolsCommand({ MaxResults: 1 }));
    await ses.send(new ListIdentitiesCommand({}));
    await sesv2.send(new GetAccountCommand({}));
    assert.deepEqual(seen, [['*', '*'], ['*'], ['*']]);
    for (const path of ['/', '/v2/email/account', `/${pool}/.well-known/jwks.json`]) {
      const preflight = await send(s, 'OPTIONS', path, {
        Host: host,
        Origin: 'https://app.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,x-amz-target,authorization',
      });
      assert.equal(preflight.status, 200);
      assert.equal(preflight.headers['access-control-allow-origin'], '*', path);
      assert.match(String(preflight.headers['access-control-allow-methods']), /\bPOST\b/);
    }
    for (const path of [`/${pool}/.well-known/jwks.json`, `/${pool}/.well-known/openid-configuration`]) {
      const doc = await send(s, 'GET', path, { Host: host, Origin: 'https://app.example' });
      assert.equal(doc.status, 200);
      assert.equal(doc.headers['access-control-allow-origin'], '*');
    }
    // A pool that does not exist: the one error shape, still readable by any page.
    const missing = await send(s, 'GET', '/us-east-1_NoSuchPool/.well-known/jwks.json', {
      Host: host,
      Origin: 'https://app.example',
    });
    assertRefusal(missing, 404, 'not_found', /^User pool us-east-1_NoSuchPool does not exist\.$/);
    assert.equal(missing.headers['access-control-allow-origin'], '*');
  });

  test('operator errors come back in one shape: a missing parameter, a bad body, no such route, a conflict, too large', async () => {
    assertRefusal(
      await send(s, 'GET', '/_cognate/quotas/cognito-default-email', { Host: host }),
      400,
      'bad_request',
      /^account and region are required$/,
    );
    assertRefusal(
      await send(s, 'POST', '/_cognate/sns/sandbox', { Host: host }, '[1]'),
      400,
      'bad_request',
      /^the body must be a JSON object$/,
    );
    assertRefusal(
      await send(s, 'POST', '/_cognate/ses/verify-domain?domain=none.example', { Host: host }),
      404,
      'not_found',
      /^no domain identity none\.example in account 000000000000, Region us-east-1$/,
    );
    assertRefusal(
      await send(s, 'GET', '/_cognate/ses/nothing', { Host: host }),
      404,
      'not_found',
      /^No route for GET \/_cognate\/ses\/nothing\.$/,
    );
    assertRefusal(
      await send(s, 'POST', '/_cognate/ses/review?decision=grant', { Host: host }),
      409,
      'conflict',
      /^no production access request is pending for 000000000000 in us-east-1$/,
    );
    assertRefusal(
      await send(s, 'GET', '/_cognate/doctor/email', { Host: host }),
      400,
      'bad_request',
      /^pool is required/,
    );
    assertRefusal(
      await send(s, 'POST', '/_cognate/sns/sandbox', { Host: host }, ' '.repeat(1024 * 1024 + 1)),
      413,
      'too_large',
      /exceeds the limit of 1048576 bytes/,
    );
  });

  test("the clients read the shape: cognate ses prints code and message; the doctor's client throws them", async () => {
    const lines: string[] = [];
    assert.equal(await sesCli(['review', '--grant', '--endpoint', s.url], (t) => lines.push(t)), 1);
    assert.equal(lines.join(''), 'conflict: no production access request is pending for 000000000000 in us-east-1\n');
    const err = await cognateFactsAt(s.url)
      .get('/_cognate/quotas/cognito-default-email')
      .catch((e: unknown) => e);
    assert.ok(err instanceof Error);
    assert.equal(err.message, '/_cognate/quotas/cognito-default-email: bad_request: account and region are required');
  });
});
