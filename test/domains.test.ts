// A pool's domains, resource servers and client secrets through the AWS SDK, on both stores.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  AddUserPoolClientSecretCommand,
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteResourceServerCommand,
  DeleteUserPoolClientSecretCommand,
  DeleteUserPoolCommand,
  DeleteUserPoolDomainCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  ListResourceServersCommand,
  ListUserPoolClientSecretsCommand,
  UpdateResourceServerCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolDomainCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, rejectsWith, type TestServer } from './support/server.js';
import { domainOfHost, splitDomainPath } from '../src/services/cognito-idp/domains/resolve.js';

const ACCOUNT = '000000000000';
const CERT = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789`;

eachBackend('domains, resource servers and client secrets', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  const newPool = async (PoolName: string, extra = {}) =>
    (await c.send(new CreateUserPoolCommand({ PoolName, ...extra }))).UserPool!.Id!;

  before(async () => {
    s = await startServer({ backend });
    c = s.cognito();
  });
  after(() => s.stop());

  test('a prefix domain and a custom domain: created, described, shown on the pool, updated, deleted', async () => {
    const UserPoolId = await newPool('with-domains');
    const created = await c.send(new CreateUserPoolDomainCommand({ UserPoolId, Domain: 'my-app-login' }));
    assert.equal(created.ManagedLoginVersion, 1);
    assert.equal(created.CloudFrontDomain, undefined);

    const prefix = (await c.send(new DescribeUserPoolDomainCommand({ Domain: 'my-app-login' }))).DomainDescription!;
    assert.equal(prefix.UserPoolId, UserPoolId);
    assert.equal(prefix.AWSAccountId, ACCOUNT);
    assert.equal(prefix.Domain, 'my-app-login');
    assert.equal(prefix.Status, 'ACTIVE');
    assert.equal(prefix.S3Bucket, 'aws-cognito-prod-iad-assets');
    assert.match(prefix.CloudFrontDistribution!, /^d[a-z0-9]{13}\.cloudfront\.net$/);
    assert.match(prefix.Version!, /^\d{14}$/);
    assert.equal(prefix.CustomDomainConfig, undefined);

    const custom = await c.send(
      new CreateUserPoolDomainCommand({
        UserPoolId,
        Domain: 'auth.example.com',
        CustomDomainConfig: { CertificateArn: CERT },
        ManagedLoginVersion: 2,
      }),
    );
    assert.equal(custom.ManagedLoginVersion, 2);
    assert.match(custom.CloudFrontDomain!, /\.cloudfront\.net$/);
    const customed = (await c.send(new DescribeUserPoolDomainCommand({ Domain: 'auth.example.com' })))
      .DomainDescription!;
    assert.deepEqual(customed.CustomDomainConfig, { CertificateArn: CERT });
    assert.equal(customed.CloudFrontDistribution, custom.CloudFrontDomain);
    assert.equal(customed.ManagedLoginVersion, 2);

    const pool = (await c.send(new DescribeUserPoolCommand({ UserPoolId }))).UserPool!;
    assert.equal(pool.Domain, 'my-app-login');
    assert.equal(pool.CustomDomain, 'auth.example.com');

    const other = CERT.replace('0a1b', 'ffff');
    const updated = await c.send(
      new UpdateUserPoolDomainCommand({
        UserPoolId,
        Domain: 'auth.example.com',
        CustomDomainConfig: { CertificateArn: other },
      }),
    );
    assert.equal(updated.ManagedLoginVersion, 2);
    assert.equal(
      (await c.send(new DescribeUserPoolDomainCommand({ Domain: 'auth.example.com' }))).DomainDescription!
        .CustomDomainConfig?.CertificateArn,
      other,
    );
    await c.send(new UpdateUserPoolDomainCommand({ UserPoolId, Domain: 'my-app-login', ManagedLoginVersion: 2 }));
    assert.equal(
      (await c.send(new DescribeUserPoolDomainCommand({ Domain: 'my-app-login' }))).DomainDescription!
        .ManagedLoginVersion,
      2,
    );

    await c.send(new DeleteUserPoolDomainCommand({ UserPoolId, Domain: 'my-app-login' }));
    assert.deepEqual(
      (await c.send(new DescribeUserPoolDomainCommand({ Domain: 'my-app-login' }))).DomainDescription,
      {},
    );
    const after = (await c.send(new DescribeUserPoolCommand({ UserPoolId }))).UserPool!;
    assert.equal(after.Domain, undefined);
    assert.equal(after.CustomDomain, 'auth.example.com');
    await rejectsWith(
      c.send(new DeleteUserPoolDomainCommand({ UserPoolId, Domain: 'my-app-login' })),
      'InvalidParameterException',
      'No such domain or user pool exists.',
    );

    // Deleting the pool frees its domains.
    await c.send(new DeleteUserPoolCommand({ UserPoolId }));
    assert.deepEqual(
      (await c.send(new DescribeUserPoolDomainCommand({ Domain: 'auth.example.com' }))).DomainDescription,
      {},
    );
  });

  test('domains are refused as AWS refuses them', async () => {
    const UserPoolId = await newPool('refusals');
    const second = await newPool('second');
    await rejectsWith(
      c.send(new CreateUserPoolDomainCommand({ UserPoolId, Domain: 'my-aws-app' })),
      'InvalidParameterException',
      'Domain cannot contain reserved word: aws',
    );
    await rejectsWith(
      c.send(new CreateUserPoolDomainCommand({ UserPoolId, Domain: 'newcognito' })),
      'InvalidParameterException',
      'Domain cannot contain reserved word: cognito',
    );
    await rejectsWith(
      c.send(new CreateUserPoolDomainCommand({ UserPoolId, Domain: 'amazonians' })),
      'InvalidParameterException',
      'Domain cannot contain reserved word: amazon',
    );
    await rejectsWith(
      c.send(new CreateUserPoolDomainCommand({ UserPoolId, Domain: 'auth.example.org' })),
      'InvalidParameterException',
      /^The domain name contains an invalid character\. Domain names can only contain lower-case letters, numbers, and hyphens\./,
    );
    await rejectsWith(
      c.send(new CreateUserPoolDomainCommand({ UserPoolId, Domain: 'x'.repeat(64) })),
      'InvalidParameterException',
      /Member must have length less than or equal to 63/,
    );
    await rejectsWith(
      c.send(
        new CreateUserPoolDomainCommand({
          UserPoolId,
          Domain: 'login.example.org',
          CustomDomainConfig: { CertificateArn: CERT.replace('us-east-1', 'eu-west-1') },
        }),
      ),
      'InvalidParameterException',
      "The specified SSL certificate doesn't exist, isn't in us-east-1 region, isn't valid, or doesn't include a valid certificate chain.",
    );

    await c.send(new CreateUserPoolDomainCommand({ UserPoolId, Domain: 'taken-prefix' }));
    await rejectsWith(
      c.send(new CreateUserPoolDomainCommand({ UserPoolId, Domain: 'another-prefix' })),
      'InvalidParameterException',
      'User pool already has a domain configured.',
    );
    await rejectsWith(
      c.send(new CreateUserPoolDomainCommand({ UserPoolId: second, Domain: 'taken-prefix' })),
      'InvalidParameterException',
      'Domain already associated with another user pool.',
    );
    // A prefix is unique per Region, across accounts; another Region has its own.
    const elsewhere = s.cognito({ accessKeyId: '111111111111' });
    const theirs = (await elsewhere.send(new CreateUserPoolCommand({ PoolName: 'theirs' }))).UserPool!.Id!;
    await rejectsWith(
      elsewhere.send(new CreateUserPoolDomainCommand({ UserPoolId: theirs, Domain: 'taken-prefix' })),
      'InvalidParameterException',
      'Domain already associated with another user pool.',
    );
    assert.deepEqual(
      (await elsewhere.send(new DescribeUserPoolDomainCommand({ Domain: 'taken-prefix' }))).DomainDescription,
      {},
    );
    const west = s.cognito({ region: 'us-west-2' });
    const westPool = (await west.send(new CreateUserPoolCommand({ PoolName: 'west' }))).UserPool!.Id!;
    await west.send(new CreateUserPoolDomainCommand({ UserPoolId: westPool, Domain: 'taken-prefix' }));
    assert.equal(
      (await west.send(new DescribeUserPoolDomainCommand({ Domain: 'taken-prefix' }))).DomainDescription!.S3Bucket,
      'aws-cognito-prod-pdx-assets',
    );
    // Another pool's domain cannot be changed or deleted through this one.
    await rejectsWith(
      c.send(new DeleteUserPoolDomainCommand({ UserPoolId: second, Domain: 'taken-prefix' })),
      'InvalidParameterException',
      'No such domain or user pool exists.',
    );

    const lite = await newPool('lite', { UserPoolTier: 'LITE' });
    await rejectsWith(
      c.send(new CreateUserPoolDomainCommand({ UserPoolId: lite, Domain: 'lite-login', ManagedLoginVersion: 2 })),
      'FeatureUnavailableInTierException',
    );
  });

  test('the resolver finds a pool by Host or by the /_cognate/domains/ path', async () => {
    const UserPoolId = await newPool('resolved');
    await c.send(new CreateUserPoolDomainCommand({ UserPoolId, Domain: 'resolve-me' }));
    await c.send(
      new CreateUserPoolDomainCommand({
        UserPoolId,
        Domain: 'id.example.net',
        CustomDomainConfig: { CertificateArn: CERT },
      }),
    );
    const db = s.running.store.db;
    for (const host of [
      'resolve-me.auth.us-east-1.amazoncognito.com',
      'Resolve-Me.auth.us-east-1.localhost:4569',
      'id.example.net',
      'ID.example.net.',
    ]) {
      assert.equal((await domainOfHost(db, host))?.pool_id, UserPoolId, host);
    }
    assert.equal(await domainOfHost(db, 'resolve-me.auth.eu-west-1.amazoncognito.com'), undefined);
    const path = splitDomainPath('/_cognate/domains/resolve-me.auth.us-east-1/oauth2/authorize');
    assert.deepEqual(path, { host: 'resolve-me.auth.us-east-1.amazoncognito.com', rest: '/oauth2/authorize' });
    assert.equal((await domainOfHost(db, path!.host))?.pool_id, UserPoolId);
  });

  test('resource servers: create, describe, list in pages, update, delete; clients may allow only their scopes', async () => {
    const UserPoolId = await newPool('apis');
    const created = await c.send(
      new CreateResourceServerCommand({
        UserPoolId,
        Identifier: 'https://api.example.com',
        Name: 'Orders API',
        Scopes: [
          { ScopeName: 'orders.read', ScopeDescription: 'Read orders' },
          { ScopeName: 'orders.write', ScopeDescription: 'Write orders' },
        ],
      }),
    );
    assert.deepEqual(created.ResourceServer, {
      UserPoolId,
      Identifier: 'https://api.example.com',
      Name: 'Orders API',
      Scopes: [
        { ScopeName: 'orders.read', ScopeDescription: 'Read orders' },
        { ScopeName: 'orders.write', ScopeDescription: 'Write orders' },
      ],
    });
    assert.deepEqual(
      (await c.send(new DescribeResourceServerCommand({ UserPoolId, Identifier: 'https://api.example.com' })))
        .ResourceServer,
      created.ResourceServer,
    );
    await rejectsWith(
      c.send(new CreateResourceServerCommand({ UserPoolId, Identifier: 'https://api.example.com', Name: 'again' })),
      'InvalidParameterException',
    );
    await rejectsWith(
      c.send(
        new CreateResourceServerCommand({
          UserPoolId,
          Identifier: 'dup',
          Name: 'dup',
          Scopes: [
            { ScopeName: 'a', ScopeDescription: 'a' },
            { ScopeName: 'a', ScopeDescription: 'b' },
          ],
        }),
      ),
      'InvalidParameterException',
    );
    await rejectsWith(
      c.send(
        new CreateResourceServerCommand({
          UserPoolId,
          Identifier: 'bad',
          Name: 'bad',
          Scopes: [{ ScopeName: 'has/slash', ScopeDescription: 'x' }],
        }),
      ),
      'InvalidParameterException',
      /at 'scopes\.1\.member\.scopeName' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
    await c.send(new CreateResourceServerCommand({ UserPoolId, Identifier: 'billing', Name: 'Billing' }));
    await c.send(new CreateResourceServerCommand({ UserPoolId, Identifier: 'audit', Name: 'Audit' }));

    const first = await c.send(new ListResourceServersCommand({ UserPoolId, MaxResults: 2 }));
    assert.deepEqual(
      first.ResourceServers?.map((r) => r.Identifier),
      ['audit', 'billing'],
    );
    const second = await c.send(
      new ListResourceServersCommand({ UserPoolId, MaxResults: 2, NextToken: first.NextToken }),
    );
    assert.deepEqual(
      second.ResourceServers?.map((r) => r.Identifier),
      ['https://api.example.com'],
    );
    assert.equal(second.NextToken, undefined);
    assert.deepEqual(
      (await c.send(new DescribeResourceServerCommand({ UserPoolId, Identifier: 'billing' }))).ResourceServer?.Scopes,
      [],
    );

    const client = (
      await c.send(
        new CreateUserPoolClientCommand({
          UserPoolId,
          ClientName: 'web',
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['code'],
          CallbackURLs: ['https://app.example.com/callback'],
          AllowedOAuthScopes: ['openid', 'email', 'https://api.example.com/orders.read'],
        }),
      )
    ).UserPoolClient!;
    assert.deepEqual(client.AllowedOAuthScopes, ['openid', 'email', 'https://api.example.com/orders.read']);
    await rejectsWith(
      c.send(
        new UpdateUserPoolClientCommand({
          UserPoolId,
          ClientId: client.ClientId!,
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['code'],
          CallbackURLs: ['https://app.example.com/callback'],
          AllowedOAuthScopes: ['openid', 'https://api.example.com/orders.delete'],
        }),
      ),
      'ScopeDoesNotExistException',
      'Invalid scope requested: https://api.example.com/orders.delete',
    );
    await rejectsWith(
      c.send(new CreateUserPoolClientCommand({ UserPoolId, ClientName: 'old', AllowedOAuthScopes: ['Cognito'] })),
      'ScopeDoesNotExistException',
      'Invalid scope requested: Cognito',
    );

    const updated = await c.send(
      new UpdateResourceServerCommand({
        UserPoolId,
        Identifier: 'https://api.example.com',
        Name: 'Orders',
        Scopes: [{ ScopeName: 'orders.delete', ScopeDescription: 'Delete orders' }],
      }),
    );
    assert.deepEqual(updated.ResourceServer?.Scopes, [
      { ScopeName: 'orders.delete', ScopeDescription: 'Delete orders' },
    ]);
    await c.send(
      new UpdateUserPoolClientCommand({
        UserPoolId,
        ClientId: client.ClientId!,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        CallbackURLs: ['https://app.example.com/callback'],
        AllowedOAuthScopes: ['openid', 'https://api.example.com/orders.delete'],
      }),
    );
    // Deleting the server leaves the clients that allow its scopes as they are.
    await c.send(new DeleteResourceServerCommand({ UserPoolId, Identifier: 'https://api.example.com' }));
    const kept = await c.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId: client.ClientId! }));
    assert.deepEqual(kept.UserPoolClient?.AllowedOAuthScopes, ['openid', 'https://api.example.com/orders.delete']);
    await rejectsWith(
      c.send(new DescribeResourceServerCommand({ UserPoolId, Identifier: 'https://api.example.com' })),
      'ResourceNotFoundException',
    );
    await rejectsWith(
      c.send(new DeleteResourceServerCommand({ UserPoolId, Identifier: 'https://api.example.com' })),
      'ResourceNotFoundException',
    );
    await rejectsWith(
      c.send(new UpdateResourceServerCommand({ UserPoolId, Identifier: 'nope', Name: 'nope' })),
      'ResourceNotFoundException',
    );
  });

  test('client secrets: a second one for rotation, both accepted for SECRET_HASH, the last one kept', async () => {
    const UserPoolId = await newPool('rotation');
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId,
        Username: 'alice',
        TemporaryPassword: 'Passw0rd!x',
        MessageAction: 'SUPPRESS',
      }),
    );
    const client = (
      await c.send(
        new CreateUserPoolClientCommand({
          UserPoolId,
          ClientName: 'server',
          GenerateSecret: true,
          ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      )
    ).UserPoolClient!;
    const ClientId = client.ClientId!;
    const signIn = (secret: string) =>
      c.send(
        new AdminInitiateAuthCommand({
          UserPoolId,
          ClientId,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: {
            USERNAME: 'alice',
            PASSWORD: 'Passw0rd!x',
            SECRET_HASH: createHmac('sha256', secret).update(`alice${ClientId}`).digest('base64'),
          },
        }),
      );
    const listed = (await c.send(new ListUserPoolClientSecretsCommand({ UserPoolId, ClientId }))).ClientSecrets!;
    assert.equal(listed.length, 1);
    assert.equal(listed[0].ClientSecretValue, undefined);
    const firstId = listed[0].ClientSecretId!;

    const added = (await c.send(new AddUserPoolClientSecretCommand({ UserPoolId, ClientId }))).ClientSecretDescriptor!;
    assert.match(added.ClientSecretValue!, /^[a-z0-9]{51}$/);
    assert.ok(added.ClientSecretCreateDate instanceof Date);
    // Both secrets sign in (the user is asked for a new password: the secret was accepted).
    assert.equal((await signIn(client.ClientSecret!)).ChallengeName, 'NEW_PASSWORD_REQUIRED');
    assert.equal((await signIn(added.ClientSecretValue!)).ChallengeName, 'NEW_PASSWORD_REQUIRED');
    await rejectsWith(
      signIn('not-the-secret-at-all-0000'),
      'NotAuthorizedException',
      `Unable to verify secret hash for client ${ClientId}`,
    );

    await rejectsWith(
      c.send(new AddUserPoolClientSecretCommand({ UserPoolId, ClientId, ClientSecret: 'a'.repeat(40) })),
      'LimitExceededException',
    );
    assert.deepEqual(
      (await c.send(new ListUserPoolClientSecretsCommand({ UserPoolId, ClientId }))).ClientSecrets!.map(
        (s) => s.ClientSecretId,
      ),
      [firstId, added.ClientSecretId],
    );

    // The old one retires: it no longer signs in, and the new one is the client's ClientSecret.
    await c.send(new DeleteUserPoolClientSecretCommand({ UserPoolId, ClientId, ClientSecretId: firstId }));
    await rejectsWith(signIn(client.ClientSecret!), 'NotAuthorizedException');
    assert.equal((await signIn(added.ClientSecretValue!)).ChallengeName, 'NEW_PASSWORD_REQUIRED');
    const described = await c.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId }));
    assert.equal(described.UserPoolClient?.ClientSecret, added.ClientSecretValue);
    await rejectsWith(
      c.send(new DeleteUserPoolClientSecretCommand({ UserPoolId, ClientId, ClientSecretId: added.ClientSecretId! })),
      'InvalidParameterException',
    );
    await rejectsWith(
      c.send(new DeleteUserPoolClientSecretCommand({ UserPoolId, ClientId, ClientSecretId: firstId })),
      'ResourceNotFoundException',
    );

    // A secret of one's own is taken and not echoed.
    const own = 'MyOwnSecretValue_0123456789abcdef';
    const ownAdded = (await c.send(new AddUserPoolClientSecretCommand({ UserPoolId, ClientId, ClientSecret: own })))
      .ClientSecretDescriptor!;
    assert.equal(ownAdded.ClientSecretValue, undefined);
    assert.equal((await signIn(own)).ChallengeName, 'NEW_PASSWORD_REQUIRED');

    // A public client has no secrets to list or rotate.
    const pub = (await c.send(new CreateUserPoolClientCommand({ UserPoolId, ClientName: 'spa' }))).UserPoolClient!;
    assert.deepEqual(
      (await c.send(new ListUserPoolClientSecretsCommand({ UserPoolId, ClientId: pub.ClientId! }))).ClientSecrets,
      [],
    );
    await rejectsWith(
      c.send(new AddUserPoolClientSecretCommand({ UserPoolId, ClientId: pub.ClientId! })),
      'InvalidParameterException',
    );
    // A client made with a secret of its own.
    const mine = (
      await c.send(
        new CreateUserPoolClientCommand({ UserPoolId, ClientName: 'own', GenerateSecret: true, ClientSecret: own }),
      )
    ).UserPoolClient!;
    assert.equal(mine.ClientSecret, own);
  });
});
