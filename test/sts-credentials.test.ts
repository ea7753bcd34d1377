// Temporary credentials from AssumeRole act in the role's account in every service, as on AWS: a
// partner account that assumes a role sees the role owner's user pools, and a key past its
// expiry is refused with ExpiredToken in each protocol.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand,
  ListUserPoolsCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { IAMClient, CreateRoleCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { SESv2Client, GetAccountCommand } from '@aws-sdk/client-sesv2';
import { eachBackend, rejectsWith, startServer, testClock, type TestServer } from './support/server.js';

const OWNER = '111122223333';
const PARTNER = '444455556666';

eachBackend('temporary credentials', (backend) => {
  let s: TestServer;
  const clock = testClock();
  let keyId: string;
  before(async () => {
    s = await startServer({ backend, now: clock.now });
    await s.client(IAMClient, { accessKeyId: OWNER }).send(
      new CreateRoleCommand({
        RoleName: 'partner-admin',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${PARTNER}:root` },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'sts:ExternalId': 'shared' } },
            },
          ],
        }),
      }),
    );
    await s.cognito({ accessKeyId: OWNER }).send(new CreateUserPoolCommand({ PoolName: 'owners-pool' }));
    await s.cognito({ accessKeyId: PARTNER }).send(new CreateUserPoolCommand({ PoolName: 'partners-pool' }));
    const out = await s.client(STSClient, { accessKeyId: PARTNER }).send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${OWNER}:role/partner-admin`,
        RoleSessionName: 'support',
        ExternalId: 'shared',
      }),
    );
    keyId = out.Credentials!.AccessKeyId!;
  });
  after(async () => {
    await s.stop();
  });

  test("the role session acts in the role owner's account: Cognito, IAM and SES see its resources", async () => {
    const pools = await s.cognito({ accessKeyId: keyId }).send(new ListUserPoolsCommand({ MaxResults: 10 }));
    assert.deepEqual(
      pools.UserPools!.map((p) => p.Name),
      ['owners-pool'],
    );
    const created = await s
      .cognito({ accessKeyId: keyId })
      .send(new CreateUserPoolCommand({ PoolName: 'made-by-session' }));
    assert.match(created.UserPool!.Arn!, new RegExp(`^arn:aws:cognito-idp:us-east-1:${OWNER}:userpool/`));
    const role = await s
      .client(IAMClient, { accessKeyId: keyId })
      .send(new GetRoleCommand({ RoleName: 'partner-admin' }));
    assert.equal(role.Role!.Arn, `arn:aws:iam::${OWNER}:role/partner-admin`);
    const me = await s.client(STSClient, { accessKeyId: keyId }).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Account, OWNER);
    // The partner's own keys still see the partner's account.
    const own = await s.cognito({ accessKeyId: PARTNER }).send(new ListUserPoolsCommand({ MaxResults: 10 }));
    assert.deepEqual(
      own.UserPools!.map((p) => p.Name),
      ['partners-pool'],
    );
  });

  test('past its expiry the key is refused in every protocol', async () => {
    clock.advance(3600_000 + 1000);
    const cognito: CognitoIdentityProviderClient = s.cognito({ accessKeyId: keyId });
    const e = await rejectsWith(
      cognito.send(new ListUserPoolsCommand({ MaxResults: 10 })),
      'ExpiredTokenException',
      'The security token included in the request is expired',
    );
    assert.equal(e.$metadata?.httpStatusCode, 403);
    await rejectsWith(
      s.client(IAMClient, { accessKeyId: keyId }).send(new GetRoleCommand({ RoleName: 'partner-admin' })),
      'ExpiredToken',
      'The security token included in the request is expired',
    );
    await rejectsWith(
      s.client(SESv2Client, { accessKeyId: keyId }).send(new GetAccountCommand({})),
      'ExpiredTokenException',
      'The security token included in the request is expired',
    );
  });
});
