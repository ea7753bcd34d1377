// The AWS Query protocol shared by SES v1, SNS, IAM and STS: the SDK's view, and the XML on the
// wire where AWS's framing is recorded (docs/reference/aws-recorded.md §5.1).
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startServer, type TestServer } from './support/server.js';

const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const sigv4 = (service: string, accessKey = 'test') =>
  `AWS4-HMAC-SHA256 Credential=${accessKey}/20261122/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;

describe('Query protocol', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s.stop();
  });

  const post = (form: string, headers: Record<string, string> = {}) =>
    fetch(s.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
      body: form,
    });

  test('STS GetCallerIdentity through the SDK names the account of the access key', async () => {
    const id = await s.client(STSClient, { accessKeyId: '123456789012' }).send(new GetCallerIdentityCommand({}));
    assert.equal(id.Account, '123456789012');
    assert.equal(id.Arn, 'arn:aws:iam::123456789012:root');
    const other = await s.client(STSClient).send(new GetCallerIdentityCommand({}));
    assert.equal(other.Account, '000000000000');
  });

  test('a success answer is wrapped in <ActionResponse><ActionResult> with the request id in ResponseMetadata', async () => {
    const res = await post('Action=GetCallerIdentity&Version=2011-06-15', {
      Authorization: sigv4('sts', '210987654321'),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/xml');
    const xml = await res.text();
    const id = res.headers.get('x-amzn-requestid')!;
    assert.ok(xml.includes(`<GetCallerIdentityResponse xmlns="${STS_NS}"><GetCallerIdentityResult>`), xml);
    assert.ok(xml.includes('<Account>210987654321</Account>'), xml);
    assert.ok(
      xml.includes(`<ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`),
      xml,
    );
  });

  test('an unknown action is InvalidAction in the ErrorResponse shape, RequestId beside Error', async () => {
    const res = await post('Action=NoSuchThing&Version=2011-06-15', { Authorization: sigv4('sts') });
    assert.equal(res.status, 400);
    const xml = await res.text();
    const id = res.headers.get('x-amzn-requestid')!;
    assert.match(
      xml,
      new RegExp(
        `<ErrorResponse xmlns="${STS_NS}"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>[^<]+</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`,
      ),
    );
  });

  test('an unsigned request is refused with MissingAuthenticationToken', async () => {
    const res = await post('Action=GetCallerIdentity&Version=2011-06-15');
    assert.equal(res.status, 403);
    assert.match(await res.text(), /<Code>MissingAuthenticationToken<\/Code>/);
  });

  test('a GET with the action in the query string is served too', async () => {
    const res = await fetch(`${s.url}/?Action=GetCallerIdentity&Version=2011-06-15`, {
      headers: { Authorization: sigv4('sts') },
    });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<Account>000000000000<\/Account>/);
  });

  test('a repeated field counts once, the first; a list of 15,000 items is read whole (and refused past its limit)', async () => {
    const first = await post('Action=GetCallerIdentity&Action=NoSuchThing&Version=2011-06-15', {
      Authorization: sigv4('sts'),
    });
    assert.equal(first.status, 200);
    const tags = Array.from(
      { length: 15_000 },
      (_, i) => `Tags.member.${i + 1}.Key=k${i}&Tags.member.${i + 1}.Value=v`,
    ).join('&');
    const res = await post(
      `Action=CreateRole&Version=2010-05-08&RoleName=many-tags&AssumeRolePolicyDocument=${encodeURIComponent('{"Version":"2012-10-17","Statement":[]}')}&${tags}`,
      { Authorization: sigv4('iam') },
    );
    assert.equal(res.status, 400);
    assert.match(
      await res.text(),
      /<Code>ValidationError<\/Code><Message>1 validation error detected: Value '\[.*\]' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50<\/Message>/s,
    );
  });

  test('a form over the body limit is refused in XML by the service its signature names', async () => {
    const res = await post(`Action=GetCallerIdentity&Version=2011-06-15&Junk=${'x'.repeat(1_100_000)}`, {
      Authorization: sigv4('sts'),
    });
    assert.equal(res.status, 413);
    assert.equal(res.headers.get('content-type'), 'text/xml');
    assert.match(
      await res.text(),
      new RegExp(
        `<ErrorResponse xmlns="${STS_NS}"><Error><Type>Sender</Type><Code>RequestEntityTooLarge</Code><Message>Request body exceeds the limit of 1048576 bytes.</Message>`,
      ),
    );
  });

  test('hostile forms get an XML error and the server keeps answering', async () => {
    for (const form of [
      '%',
      'Action=&Version=',
      'Action=GetCallerIdentity&Version=1999-01-01',
      `Action=${'A'.repeat(100_000)}`,
      'Action=GetCallerIdentity&Version=2011-06-15&x.member.99999999=1',
    ]) {
      const res = await post(form, { Authorization: sigv4('sts') });
      assert.ok(res.status === 200 || res.status === 400, `${res.status} for ${form.slice(0, 40)}`);
      assert.match(await res.text(), /^<\?xml/);
    }
    const id = await s.client(STSClient).send(new GetCallerIdentityCommand({}));
    assert.equal(id.Account, '000000000000');
  });
});
