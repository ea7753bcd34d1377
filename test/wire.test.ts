// AWS JSON 1.1 on the wire, byte for byte where AWS's responses are recorded
// (docs/reference/aws-recorded.md §5.2 and §6 fact 31; other recordings cited by each test). Raw
// node:http, so that nothing between the test and the server adds, drops or re-cases a header.
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import {
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer, rejectsWith, type TestServer } from './support/server.js';

const PREFIX = 'AWSCognitoIdentityProviderService.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A well-formed SigV4 header; cognate reads account and region from it and checks no signature. */
const sigv4 = (accessKey = 'test', region = 'us-east-1') =>
  `AWS4-HMAC-SHA256 Credential=${accessKey}/20261122/${region}/cognito-idp/aws4_request, ` +
  `SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${'0'.repeat(64)}`;

interface Raw {
  status: number;
  /** header name → value, names exactly as sent */
  raw: Map<string, string>;
  /** lower-cased names */
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  s: TestServer,
  opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean },
): Promise<Raw> {
  const url = new URL(opts.path ?? '/', s.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'POST', headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = new Map<string, string>();
        for (let i = 0; i < res.rawHeaders.length; i += 2) raw.set(res.rawHeaders[i], res.rawHeaders[i + 1]);
        resolve({ status: res.statusCode!, raw, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.body !== undefined && !opts.chunked) req.setHeader('Content-Length', Buffer.byteLength(opts.body));
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** POST / with X-Amz-Target, as the SDK sends it; `auth: false` leaves out the Authorization header. */
function call(
  s: TestServer,
  target: string,
  body: unknown,
  opts: { auth?: boolean | string; headers?: Record<string, string> } = {},
): Promise<Raw> {
  const headers: Record<string, string> = { 'Content-Type': CONTENT_TYPE, 'X-Amz-Target': target, ...opts.headers };
  const auth = opts.auth ?? true;
  if (auth) headers.Authorization = auth === true ? sigv4() : auth;
  return send(s, { headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/**
 * The recorded error framing: status, content type, compact body {"__type","message"},
 * x-amzn-ErrorType with its trailing colon, x-amzn-ErrorMessage repeating the message, a UUID
 * request id. `message` undefined: AWS's text is not recorded, only the shape is checked.
 */
function assertError(res: Raw, type: string, message?: string, status = 400): void {
  assert.equal(res.status, status, res.body);
  assert.equal(res.raw.get('Content-Type'), CONTENT_TYPE);
  assert.equal(res.raw.get('x-amzn-ErrorType'), `${type}:`);
  assert.match(res.raw.get('x-amzn-RequestId') ?? '', UUID);
  assert.equal(Number(res.raw.get('Content-Length')), Buffer.byteLength(res.body));
  const parsed = JSON.parse(res.body) as { __type: unknown; message: unknown };
  assert.deepEqual(Object.keys(parsed), ['__type', 'message']);
  assert.equal(parsed.__type, type);
  assert.equal(typeof parsed.message, 'string');
  if (message !== undefined) {
    assert.equal(res.body, JSON.stringify({ __type: type, message }));
    assert.equal(res.raw.get('x-amzn-ErrorMessage'), message);
  } else if (res.raw.has('x-amzn-ErrorMessage')) {
    assert.equal(res.raw.get('x-amzn-ErrorMessage'), parsed.message);
  }
}

describe('AWS JSON 1.1 wire format', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ flags: { 'max-body-bytes': '1000' } });
  });
  after(() => s.stop());

  describe('error framing', () => {
    test('a client error is byte for byte what AWS sends', async () => {
      const res = await call(s, `${PREFIX}DescribeUserPool`, { UserPoolId: 'us-east-1_XXXXXXXXX' });
      assertError(res, 'ResourceNotFoundException', 'User pool us-east-1_XXXXXXXXX does not exist.');
      assert.equal(
        res.body,
        '{"__type":"ResourceNotFoundException","message":"User pool us-east-1_XXXXXXXXX does not exist."}',
      );
      assert.equal(res.raw.get('Content-Length'), '96');
      // Browser clients read these (amplify-js#2443).
      assert.equal(res.raw.get('Access-Control-Allow-Origin'), '*');
      assert.equal(
        res.raw.get('Access-Control-Expose-Headers'),
        'x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date',
      );
    });

    test('every response carries its own request id', async () => {
      const a = await call(s, `${PREFIX}DescribeUserPool`, { UserPoolId: 'us-east-1_XXXXXXXXX' });
      const b = await call(s, `${PREFIX}DescribeUserPool`, { UserPoolId: 'us-east-1_XXXXXXXXX' });
      assert.notEqual(a.raw.get('x-amzn-RequestId'), b.raw.get('x-amzn-RequestId'));
    });

    test('a success is compact JSON in the same content type', async () => {
      const res = await call(s, `${PREFIX}ListUserPools`, { MaxResults: 10 }, { auth: sigv4('333333333333') });
      assert.equal(res.status, 200);
      assert.equal(res.raw.get('Content-Type'), CONTENT_TYPE);
      assert.match(res.raw.get('x-amzn-RequestId') ?? '', UUID);
      assert.equal(res.raw.has('x-amzn-ErrorType'), false);
      assert.equal(res.body, '{"UserPools":[]}');
    });
  });

  describe('body and target', () => {
    test('malformed JSON is a SerializationException', async () => {
      for (const body of ['{"UserPoolId":', '{UserPoolId: 1}', 'not json', '{"a":1}}']) {
        assertError(await call(s, `${PREFIX}DescribeUserPool`, body), 'SerializationException');
      }
    });

    test('a body that is not a JSON object is a SerializationException', async () => {
      for (const body of [
        '[]',
        '[{"UserPoolId":"us-east-1_XXXXXXXXX"}]',
        '5',
        '"us-east-1_XXXXXXXXX"',
        'true',
        'null',
      ]) {
        assertError(await call(s, `${PREFIX}DescribeUserPool`, body), 'SerializationException');
      }
    });

    test('a member of the wrong JSON type is a SerializationException, not a validation error', async () => {
      assertError(await call(s, `${PREFIX}CreateUserPool`, { PoolName: 5 }), 'SerializationException');
      assertError(await call(s, `${PREFIX}CreateUserPool`, { PoolName: ['p'] }), 'SerializationException');
      assertError(
        await call(s, `${PREFIX}CreateUserPool`, { PoolName: 'p', AutoVerifiedAttributes: 'email' }),
        'SerializationException',
      );
      assertError(await call(s, `${PREFIX}CreateUserPool`, { PoolName: 'p', Policies: [] }), 'SerializationException');
      assertError(await call(s, `${PREFIX}ListUserPools`, { MaxResults: '10' }), 'SerializationException');
      assertError(await call(s, `${PREFIX}ListUserPools`, { MaxResults: 1.5 }), 'SerializationException');
      assertError(
        await call(
          s,
          `${PREFIX}SignUp`,
          { ClientId: 'abc', Username: 'u', UserAttributes: [{ Name: 'email', Value: true }] },
          { auth: false },
        ),
        'SerializationException',
      );
    });

    test('an unknown operation is an UnknownOperationException', async () => {
      assertError(await call(s, `${PREFIX}Nope`, {}), 'UnknownOperationException');
      assertError(await call(s, `${PREFIX}`, {}), 'UnknownOperationException');
      // An operation name is matched exactly.
      assertError(
        await call(s, `${PREFIX}describeUserPool`, { UserPoolId: 'us-east-1_XXXXXXXXX' }),
        'UnknownOperationException',
      );
      assertError(await call(s, `${PREFIX}toString`, {}), 'UnknownOperationException');
    });

    test('a target of another service prefix is an UnknownOperationException', async () => {
      assertError(await call(s, 'DynamoDB_20120810.ListTables', {}), 'UnknownOperationException');
      assertError(
        await call(s, 'AWSCognitoIdentityService.ListIdentityPools', { MaxResults: 1 }),
        'UnknownOperationException',
      );
      assertError(await call(s, 'ListUserPools', { MaxResults: 1 }), 'UnknownOperationException');
    });

    test('an operation the model has but cognate does not build yet answers 501 NotImplementedException', async () => {
      // Any operation without a file in operations/ will do; pick another once this one is built.
      // Every cognito-idp operation is built: one of the CloudWatch Logs model, also AWS JSON 1.1.
      const res = await call(s, 'Logs_20140328.DeleteRetentionPolicy', { logGroupName: 'g' });
      assertError(res, 'NotImplementedException', undefined, 501);
      assert.match(JSON.parse(res.body).message, /DeleteRetentionPolicy/);
    });

    test('input validation runs before the not-implemented answer', async () => {
      const res = await call(s, 'Logs_20140328.DeleteRetentionPolicy', {});
      assertError(
        res,
        'InvalidParameterException',
        "1 validation error detected: Value null at 'logGroupName' failed to satisfy constraint: Member must not be null",
      );
    });
  });

  describe('authentication', () => {
    test('a signed operation without an Authorization header is a MissingAuthenticationTokenException', async () => {
      assertError(
        await call(s, `${PREFIX}ListUserPools`, { MaxResults: 10 }, { auth: false }),
        'MissingAuthenticationTokenException',
      );
      assertError(
        await call(s, `${PREFIX}DescribeUserPool`, { UserPoolId: 'us-east-1_XXXXXXXXX' }, { auth: false }),
        'MissingAuthenticationTokenException',
      );
    });

    test('an unsigned SignUp is served without an Authorization header', async () => {
      const res = await call(
        s,
        `${PREFIX}SignUp`,
        { ClientId: 'abc123', Username: 'alice', Password: 'Passw0rd!' },
        { auth: false },
      );
      assertError(res, 'ResourceNotFoundException', 'User pool client abc123 does not exist.');
    });
  });

  describe('validation messages', () => {
    test('a sensitive member is reported without its value', async () => {
      const res = await call(
        s,
        `${PREFIX}SignUp`,
        { ClientId: 'abc123', Username: 'alice', Password: 'pass word' },
        { auth: false },
      );
      assertError(
        res,
        'InvalidParameterException',
        "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\S]+",
      );
      assert.doesNotMatch(res.body, /pass word/);
    });

    test('two failures: "2 validation errors detected", joined by "; "', async () => {
      // Recorded for CreateGroup with an empty name (aws-amplify/amplify-cli#2841).
      const res = await call(s, `${PREFIX}CreateGroup`, { UserPoolId: 'us-east-1_XXXXXXXXX', GroupName: '' });
      assertError(
        res,
        'InvalidParameterException',
        "2 validation errors detected: Value '' at 'groupName' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
          "Value '' at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
      );
    });

    test('a missing member inside a list is named by its path', async () => {
      const res = await call(
        s,
        `${PREFIX}SignUp`,
        {
          ClientId: 'abc123',
          Username: 'alice',
          Password: 'Passw0rd!',
          UserAttributes: [{ Name: 'email', Value: 'a@example.com' }, { Value: 'x' }],
        },
        { auth: false },
      );
      assertError(
        res,
        'InvalidParameterException',
        "1 validation error detected: Value null at 'userAttributes.2.member.name' failed to satisfy constraint: Member must not be null",
      );
      const first = await call(
        s,
        `${PREFIX}SignUp`,
        { ClientId: 'abc123', Username: 'alice', Password: 'Passw0rd!', UserAttributes: [{ Value: 'x' }] },
        { auth: false },
      );
      assertError(
        first,
        'InvalidParameterException',
        "1 validation error detected: Value null at 'userAttributes.1.member.name' failed to satisfy constraint: Member must not be null",
      );
    });

    test('a missing required member: "Value null ... Member must not be null"', async () => {
      assertError(
        await call(s, `${PREFIX}DescribeUserPool`, {}),
        'InvalidParameterException',
        "1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null",
      );
      // JSON null is the same as absent.
      assertError(
        await call(s, `${PREFIX}DescribeUserPool`, { UserPoolId: null }),
        'InvalidParameterException',
        "1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null",
      );
    });

    test('an empty body is an empty input', async () => {
      assertError(
        await call(s, `${PREFIX}DescribeUserPool`, ''),
        'InvalidParameterException',
        "1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null",
      );
    });

    test('a value outside an enum lists the allowed values', async () => {
      const res = await call(s, `${PREFIX}CreateUserPool`, { PoolName: 'p', MfaConfiguration: 'SOMETIMES' });
      assertError(res, 'InvalidParameterException');
      const message = JSON.parse(res.body).message as string;
      const m =
        /^1 validation error detected: Value 'SOMETIMES' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: \[(.*)\]$/.exec(
          message,
        );
      assert.ok(m, message);
      // The order of the set is not recorded (emulators that claim to follow AWS disagree).
      assert.deepEqual(m[1].split(', ').sort(), ['OFF', 'ON', 'OPTIONAL']);
    });

    test('a number out of range: "Member must have value less than or equal to"', async () => {
      assertError(
        await call(s, `${PREFIX}ListUserPools`, { MaxResults: 61 }),
        'InvalidParameterException',
        "1 validation error detected: Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60",
      );
      assertError(
        await call(s, `${PREFIX}ListUserPools`, { MaxResults: 0 }),
        'InvalidParameterException',
        "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
      );
      // Recorded for ListUsers (boto/boto3#1356).
      assertError(
        await call(s, `${PREFIX}ListUsers`, { UserPoolId: 'us-east-1_XXXXXXXXX', Limit: 100 }),
        'InvalidParameterException',
        "1 validation error detected: Value '100' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
      );
    });

    test('a nested member path goes through structures', async () => {
      const res = await call(s, `${PREFIX}CreateUserPool`, {
        PoolName: 'p',
        Policies: { PasswordPolicy: { MinimumLength: 100 } },
      });
      assertError(
        res,
        'InvalidParameterException',
        "1 validation error detected: Value '100' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value less than or equal to 99",
      );
    });
  });

  describe('body size limit', () => {
    const big = JSON.stringify({ PoolName: 'p', UserPoolTags: { t: 'x'.repeat(1200) } });

    test('a body over the limit is answered 413, and the server answers the next request', async () => {
      const res = await call(s, `${PREFIX}CreateUserPool`, big);
      assert.equal(res.status, 413);
      assert.equal(res.raw.get('Content-Type'), CONTENT_TYPE);
      assert.match(res.raw.get('x-amzn-RequestId') ?? '', UUID);
      const parsed = JSON.parse(res.body) as { __type: string; message: string };
      assert.equal(res.raw.get('x-amzn-ErrorType'), `${parsed.__type}:`);
      const next = await call(s, `${PREFIX}ListUserPools`, { MaxResults: 10 }, { auth: sigv4('444444444444') });
      assert.equal(next.status, 200);
      assert.equal(next.body, '{"UserPools":[]}');
    });

    test('a chunked body (no Content-Length) over the limit is answered 413 too', async () => {
      const res = await send(s, {
        headers: { 'Content-Type': CONTENT_TYPE, 'X-Amz-Target': `${PREFIX}CreateUserPool`, Authorization: sigv4() },
        body: big,
        chunked: true,
      });
      assert.equal(res.status, 413);
      assert.equal((await send(s, { method: 'GET', path: '/health' })).status, 200);
    });

    test('a body just under the limit is served', async () => {
      const body = JSON.stringify({ PoolName: 'p', UserPoolTags: { t: 'x'.repeat(200) } });
      assert.ok(Buffer.byteLength(body) < 1000);
      const res = await call(s, `${PREFIX}CreateUserPool`, body, { auth: sigv4('555555555555') });
      assert.equal(res.status, 200, res.body);
    });
  });

  describe('health and CORS', () => {
    test('GET /health answers {"status":"ok"}', async () => {
      const res = await send(s, { method: 'GET', path: '/health' });
      assert.equal(res.status, 200);
      assert.deepEqual(JSON.parse(res.body), { status: 'ok' });
    });

    test('a CORS preflight is answered for any origin', async () => {
      const res = await send(s, {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://localhost:3000',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type,x-amz-target,x-amz-user-agent,authorization',
        },
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.match(String(res.headers['access-control-allow-methods']), /\bPOST\b/);
      const allowed = String(res.headers['access-control-allow-headers']).toLowerCase();
      assert.ok(
        allowed === '*' || ['content-type', 'x-amz-target', 'authorization'].every((h) => allowed.includes(h)),
        allowed,
      );
    });

    test('every answer, error or not, lets a browser page read it and its error headers', async () => {
      for (const target of [
        'AWSCognitoIdentityProviderService.ListUserPools',
        'AWSCognitoIdentityProviderService.NoSuchOperation',
      ]) {
        const res = await send(s, {
          headers: {
            Origin: 'http://localhost:3000',
            'X-Amz-Target': target,
            Authorization:
              'AWS4-HMAC-SHA256 Credential=test/20261122/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=0',
          },
          body: '{"MaxResults":1}',
        });
        assert.equal(res.status, target.endsWith('ListUserPools') ? 200 : 400);
        assert.equal(res.headers['access-control-allow-origin'], '*');
        assert.deepEqual(String(res.headers['access-control-expose-headers']).split(','), [
          'x-amzn-RequestId',
          'x-amzn-ErrorType',
          'x-amzn-ErrorMessage',
          'Date',
        ]);
      }
    });
  });

  describe('SigV4 credential scope', () => {
    test('a 12-digit access key is the account: its pools are invisible to other accounts', async () => {
      const mine = s.cognito({ accessKeyId: '111111111111' });
      const pool = (await mine.send(new CreateUserPoolCommand({ PoolName: 'accounts' }))).UserPool!;
      assert.equal(pool.Arn, `arn:aws:cognito-idp:us-east-1:111111111111:userpool/${pool.Id}`);
      assert.equal((await mine.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }))).UserPool?.Id, pool.Id);
      const notFound = `User pool ${pool.Id} does not exist.`;
      await rejectsWith(
        s.cognito({ accessKeyId: '222222222222' }).send(new DescribeUserPoolCommand({ UserPoolId: pool.Id })),
        'ResourceNotFoundException',
        notFound,
      );
      await rejectsWith(
        s.cognito().send(new DescribeUserPoolCommand({ UserPoolId: pool.Id })),
        'ResourceNotFoundException',
        notFound,
      );
      const listed =
        (await s.cognito({ accessKeyId: '222222222222' }).send(new ListUserPoolsCommand({ MaxResults: 60 })))
          .UserPools ?? [];
      assert.equal(
        listed.some((p) => p.Id === pool.Id),
        false,
      );
    });

    test('the region comes from the credential scope: a pool is invisible from another region', async () => {
      const east = s.cognito({ accessKeyId: '666666666666', region: 'us-east-1' });
      const west = s.cognito({ accessKeyId: '666666666666', region: 'eu-west-1' });
      const eastPool = (await east.send(new CreateUserPoolCommand({ PoolName: 'regions' }))).UserPool!;
      assert.match(eastPool.Id!, /^us-east-1_[0-9a-zA-Z]{9}$/);
      await rejectsWith(
        west.send(new DescribeUserPoolCommand({ UserPoolId: eastPool.Id })),
        'ResourceNotFoundException',
        `User pool ${eastPool.Id} does not exist.`,
      );
      const westPool = (await west.send(new CreateUserPoolCommand({ PoolName: 'regions' }))).UserPool!;
      assert.match(westPool.Id!, /^eu-west-1_[0-9a-zA-Z]{9}$/);
      assert.equal(westPool.Arn, `arn:aws:cognito-idp:eu-west-1:666666666666:userpool/${westPool.Id}`);
      assert.deepEqual(
        ((await west.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools ?? []).map((p) => p.Id),
        [westPool.Id],
      );
      assert.deepEqual(
        ((await east.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools ?? []).map((p) => p.Id),
        [eastPool.Id],
      );
    });
  });
});

describe('AWS JSON 1.1 timestamps', () => {
  // The SDKs read a timestamp as epoch seconds, a number: whole where the moment has no
  // milliseconds, else with them as a fraction (what cognate has always sent).
  let t = 1764000000123;
  let s: TestServer;
  before(async () => {
    s = await startServer({ now: () => t });
  });
  after(() => s.stop());
  const auth = sigv4('777777777777');
  const op = async (name: string, body: unknown) => {
    const res = await call(s, `${PREFIX}${name}`, body, { auth });
    assert.equal(res.status, 200, res.body);
    assert.equal(Number(res.raw.get('Content-Length')), Buffer.byteLength(res.body));
    return res.body;
  };

  test('pools, users, groups and clients carry their dates as epoch seconds, byte for byte', async () => {
    const id = (JSON.parse(await op('CreateUserPool', { PoolName: 'pinned' })) as { UserPool: { Id: string } }).UserPool
      .Id;
    t = 1764000060000;
    assert.equal(await op('UpdateUserPool', { UserPoolId: id }), '{}');
    assert.equal(
      await op('DescribeUserPool', { UserPoolId: id }),
      `{"UserPool":{"Id":"${id}","Name":"pinned","Policies":{"PasswordPolicy":{"MinimumLength":8,"RequireUppercase":true,"RequireLowercase":true,"RequireNumbers":true,"RequireSymbols":true,"TemporaryPasswordValidityDays":7},"SignInPolicy":{"AllowedFirstAuthFactors":["PASSWORD"]}},"DeletionProtection":"INACTIVE","LambdaConfig":{},"LastModifiedDate":1764000060,"CreationDate":1764000000.123,` +
        `"SchemaAttributes":[{"Name":"sub","AttributeDataType":"String","DeveloperOnlyAttribute":false,"Mutable":false,"Required":true,"StringAttributeConstraints":{"MinLength":"1","MaxLength":"2048"}}` +
        `,{"Name":"name","AttributeDataType":"String","DeveloperOnlyAttribute":false,"Mutable":true,"Required":false,"StringAttributeConstraints":{"MinLength":"0","MaxLength":"2048"}}` +
        `,{"Name":"given_name","AttributeDataType":"String","DeveloperOnlyAttribute":false,"Mutable":true,"Required":false,"StringAttributeConstraints":{"MinLength":"0","MaxLength":"2048"}}` +
        `,{"Name":"family_name","AttributeDataType":"String","DeveloperOnlyAttribute":false,"Mutable":true,"Required":false,"StringAttributeConstraints":{"MinLength":"0","MaxLength":"2048"}}` +
        `,{"Name":"middle_name","AttributeDataType":"String","DeveloperOnlyAttribute":false,"Mutable":true,"Required":false,"StringAttributeConstraints":{"MinLength":"0","MaxLength":"2048"}}` +
        `,{"Name":"nickname","AttributeDataType":"String","DeveloperOnlyAttribute":false,"Mutable":true,"Required":false,"StringAttributeConstraints":{"MinLength":"0","MaxLength":"2048"}}` +
        `,{"Name":"preferred_username","AttributeDataType":"String","DeveloperOnlyAttribute":false,"Mutable":true,"Required":false,"StringAttributeConstraints":{"MinLength":"0","MaxLength":"2048"}}` +
        `,{"Name":"profile","AttributeDataType":"String","DeveloperOnlyAttribute":false,"Mutable":true,"Required":false,"StringAttributeConstraints":{"MinLength":"0","MaxLength":"2048"}}` +
        `,{"Name":"picture","AttributeDataType":"String","DeveloperOnlyAttribute":false,"Mutable":true,"Required":false,"StringAttributeConstraints":{"MinLength":"0","MaxLength":"2048"}}` +
        `,{"Name":"website","AttributeDataType":"String","DeveloperOnlyAttribute":false,"Mutable":true,"Required":false,"StringAttributeConstraints":{"MinLength":"0","MaxLength":"2048"}}` +
        `,{"Name":"email","AttributeDataType":"String","DeveloperOnlyAttribute":false,"Mutable":true,"Required":false,"StringAttributeConstraints":{"MinLength":"0","MaxLength":"2048"}}` +
        `,{"Name":"email_verified","AttributeDataType":"Boolean","DeveloperOnlyAttribute":false,"Mutable":true,"Required":false}` +
        `,{"Name":"gender","AttributeDataType":"String","DeveloperOnlyAttribute":false,"Mutable":true,"Required":false,"StringAttributeConstraints":{"MinLength":"0","MaxLength":"2048"}}` +
        `,{"Name":"birthdate","AttributeDataType":"String","DeveloperOnlyAttribute":false,"Mutable":true,"Required":false,"StringAttributeConstraints":{"MinLength":"10","MaxLength":"10"}}` +
        `,{"Name":"zoneinfo","AttributeDataType":"String","DeveloperOnlyAttribute":false,"Mutable":true,"Required":false,"StringAttributeConstraints":{"MinLength":"0","MaxLength":"2048"}}` +
        `,{"Name":"locale","AttributeDataType":"String","DeveloperOnlyAttribute":false,"Mutable":true,"Required":false,"StringAttributeConstraints":{"MinLength":"0","MaxLength":"2048"}}` +
        `,{"Name":"phone_number","AttributeDataType":"String","DeveloperOnlyAttribute":false,"Mutable":true,"Required":false,"StringAttributeConstraints":{"MinLength":"0","MaxLength":"2048"}}` +
        `,{"Name":"phone_number_verified","AttributeDataType":"Boolean","DeveloperOnlyAttribute":false,"Mutable":true,"Required":false}` +
        `,{"Name":"address","AttributeDataType":"String","DeveloperOnlyAttribute":false,"Mutable":true,"Required":false,"StringAttributeConstraints":{"MinLength":"0","MaxLength":"2048"}}` +
        `,{"Name":"updated_at","AttributeDataType":"Number","DeveloperOnlyAttribute":false,"Mutable":true,"Required":false,"NumberAttributeConstraints":{"MinValue":"0"}}]` +
        `,"VerificationMessageTemplate":{"DefaultEmailOption":"CONFIRM_WITH_CODE"},"UserAttributeUpdateSettings":{"AttributesRequireVerificationBeforeUpdate":[]},"MfaConfiguration":"OFF","EstimatedNumberOfUsers":0,"EmailConfiguration":{"EmailSendingAccount":"COGNITO_DEFAULT"},"UserPoolTags":{},"AdminCreateUserConfig":{"AllowAdminCreateUserOnly":false,"UnusedAccountValidityDays":7},"Arn":"arn:aws:cognito-idp:us-east-1:777777777777:userpool/${id}","UserPoolTier":"ESSENTIALS"}}`,
    );
    assert.equal(
      await op('ListUserPools', { MaxResults: 60 }),
      `{"UserPools":[{"Id":"${id}","Name":"pinned","LambdaConfig":{},"LastModifiedDate":1764000060,"CreationDate":1764000000.123}]}`,
    );

    t = 1764000000500;
    const created = await op('AdminCreateUser', {
      UserPoolId: id,
      Username: 'alice',
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: 'alice@example.com' }],
    });
    const sub = /"Name":"sub","Value":"([0-9a-f-]{36})"/.exec(created)![1];
    const attributes = `[{"Name":"email","Value":"alice@example.com"},{"Name":"sub","Value":"${sub}"}]`;
    assert.equal(
      created,
      `{"User":{"Username":"alice","Attributes":${attributes},"UserCreateDate":1764000000.5,"UserLastModifiedDate":1764000000.5,"Enabled":true,"UserStatus":"FORCE_CHANGE_PASSWORD"}}`,
    );
    t = 1764000120000;
    await op('AdminUpdateUserAttributes', {
      UserPoolId: id,
      Username: 'alice',
      UserAttributes: [{ Name: 'name', Value: 'Alice' }],
    });
    const updated = `[{"Name":"email","Value":"alice@example.com"},{"Name":"name","Value":"Alice"},{"Name":"sub","Value":"${sub}"}]`;
    assert.equal(
      await op('AdminGetUser', { UserPoolId: id, Username: 'alice' }),
      `{"Username":"alice","UserAttributes":${updated},"UserCreateDate":1764000000.5,"UserLastModifiedDate":1764000120,"Enabled":true,"UserStatus":"FORCE_CHANGE_PASSWORD"}`,
    );
    assert.equal(
      await op('ListUsers', { UserPoolId: id }),
      `{"Users":[{"Username":"alice","Attributes":${updated},"UserCreateDate":1764000000.5,"UserLastModifiedDate":1764000120,"Enabled":true,"UserStatus":"FORCE_CHANGE_PASSWORD"}]}`,
    );

    assert.equal(
      await op('CreateGroup', { UserPoolId: id, GroupName: 'g' }),
      `{"Group":{"GroupName":"g","UserPoolId":"${id}","LastModifiedDate":1764000120,"CreationDate":1764000120}}`,
    );
    const client = await op('CreateUserPoolClient', { UserPoolId: id, ClientName: 'c' });
    const clientId = /"ClientId":"([0-9a-z]+)"/.exec(client)![1];
    assert.equal(
      client,
      `{"UserPoolClient":{"UserPoolId":"${id}","ClientName":"c","ClientId":"${clientId}","LastModifiedDate":1764000120,"CreationDate":1764000120,` +
        '"RefreshTokenValidity":30,"TokenValidityUnits":{},"AllowedOAuthFlowsUserPoolClient":false,"EnableTokenRevocation":true,"EnablePropagateAdditionalUserContextData":false,"AuthSessionValidity":3}}',
    );
  });
});
