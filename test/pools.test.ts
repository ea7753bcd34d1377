import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  UpdateUserPoolCommand,
  DeleteUserPoolCommand,
  ListUserPoolsCommand,
  AddCustomAttributesCommand,
  CreateUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  UpdateUserPoolClientCommand,
  DeleteUserPoolClientCommand,
  ListUserPoolClientsCommand,
  SignUpCommand,
  type AddCustomAttributesCommandInput,
  type CreateUserPoolCommandInput,
  TagResourceCommand,
  UntagResourceCommand,
  ListTagsForResourceCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, rejectsWith, type TestServer } from './support/server.js';

eachBackend('user pools and app clients', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  before(async () => {
    s = await startServer({ backend });
    c = s.cognito();
  });
  after(() => s.stop());

  test('a minimal pool describes with AWS defaults', async () => {
    const created = (await c.send(new CreateUserPoolCommand({ PoolName: 'minimal' }))).UserPool!;
    assert.match(created.Id!, /^us-east-1_[0-9A-Za-z]{9}$/);
    assert.equal(created.Arn, `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${created.Id}`);
    const p = (await c.send(new DescribeUserPoolCommand({ UserPoolId: created.Id }))).UserPool!;
    assert.deepEqual(p.Policies, {
      PasswordPolicy: {
        MinimumLength: 8,
        RequireUppercase: true,
        RequireLowercase: true,
        RequireNumbers: true,
        RequireSymbols: true,
        TemporaryPasswordValidityDays: 7,
      },
      SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD'] },
    });
    assert.equal(p.MfaConfiguration, 'OFF');
    assert.equal(p.DeletionProtection, 'INACTIVE');
    assert.equal(p.UserPoolTier, 'ESSENTIALS');
    assert.deepEqual(p.EmailConfiguration, { EmailSendingAccount: 'COGNITO_DEFAULT' });
    assert.deepEqual(p.VerificationMessageTemplate, { DefaultEmailOption: 'CONFIRM_WITH_CODE' });
    assert.deepEqual(p.AdminCreateUserConfig, { AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 7 });
    assert.deepEqual(p.UserAttributeUpdateSettings, { AttributesRequireVerificationBeforeUpdate: [] });
    assert.deepEqual(p.LambdaConfig, {});
    assert.deepEqual(p.UserPoolTags, {});
    assert.equal(p.EstimatedNumberOfUsers, 0);
    assert.equal(p.AccountRecoverySetting, undefined);
    assert.equal(p.UsernameConfiguration, undefined);
    assert.deepEqual(
      p.SchemaAttributes!.map((a) => a.Name),
      [
        'sub',
        'name',
        'given_name',
        'family_name',
        'middle_name',
        'nickname',
        'preferred_username',
        'profile',
        'picture',
        'website',
        'email',
        'email_verified',
        'gender',
        'birthdate',
        'zoneinfo',
        'locale',
        'phone_number',
        'phone_number_verified',
        'address',
        'updated_at',
      ],
    );
    assert.deepEqual(p.SchemaAttributes![0], {
      Name: 'sub',
      AttributeDataType: 'String',
      DeveloperOnlyAttribute: false,
      Mutable: false,
      Required: true,
      StringAttributeConstraints: { MinLength: '1', MaxLength: '2048' },
    });
    assert.ok(p.CreationDate instanceof Date && Math.abs(p.CreationDate.getTime() - Date.now()) < 60_000);
  });

  test('the full configuration is stored and returned', async () => {
    const id = (
      await c.send(
        new CreateUserPoolCommand({
          PoolName: 'full',
          Policies: { PasswordPolicy: { MinimumLength: 12, RequireNumbers: true, TemporaryPasswordValidityDays: 3 } },
          AutoVerifiedAttributes: ['email'],
          AliasAttributes: ['email', 'preferred_username'],
          Schema: [
            { Name: 'email', Required: true },
            {
              Name: 'tenant',
              AttributeDataType: 'String',
              Mutable: false,
              StringAttributeConstraints: { MinLength: '1', MaxLength: '64' },
            },
          ],
          VerificationMessageTemplate: { EmailSubject: 'Welcome', EmailMessage: 'Your code: {####}' },
          EmailConfiguration: { EmailSendingAccount: 'COGNITO_DEFAULT', ReplyToEmailAddress: 'help@example.com' },
          AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
          UsernameConfiguration: { CaseSensitive: false },
          UserPoolTags: { team: 'identity' },
          DeletionProtection: 'ACTIVE',
          UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
        }),
      )
    ).UserPool!.Id!;
    const p = (await c.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!;
    assert.deepEqual(p.Policies!.PasswordPolicy, {
      MinimumLength: 12,
      RequireUppercase: false,
      RequireLowercase: false,
      RequireNumbers: true,
      RequireSymbols: false,
      TemporaryPasswordValidityDays: 3,
    });
    assert.equal(p.AdminCreateUserConfig!.UnusedAccountValidityDays, 3);
    assert.deepEqual(p.AliasAttributes, ['email', 'preferred_username']);
    assert.equal(p.SchemaAttributes!.find((a) => a.Name === 'email')!.Required, true);
    assert.deepEqual(
      p.SchemaAttributes!.find((a) => a.Name === 'custom:tenant'),
      {
        Name: 'custom:tenant',
        AttributeDataType: 'String',
        DeveloperOnlyAttribute: false,
        Mutable: false,
        Required: false,
        StringAttributeConstraints: { MinLength: '1', MaxLength: '64' },
      },
    );
    assert.deepEqual(p.VerificationMessageTemplate, {
      EmailSubject: 'Welcome',
      EmailMessage: 'Your code: {####}',
      DefaultEmailOption: 'CONFIRM_WITH_CODE',
    });
    assert.equal(p.EmailVerificationMessage, 'Your code: {####}');
    assert.equal(p.EmailVerificationSubject, 'Welcome');
    assert.deepEqual(p.EmailConfiguration, {
      EmailSendingAccount: 'COGNITO_DEFAULT',
      ReplyToEmailAddress: 'help@example.com',
    });
    assert.deepEqual(p.UsernameConfiguration, { CaseSensitive: false });
    assert.deepEqual(p.UserPoolTags, { team: 'identity' });
    assert.deepEqual(p.AccountRecoverySetting, { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] });

    // DeletionProtection holds the pool until it is switched off.
    await rejectsWith(
      c.send(new DeleteUserPoolCommand({ UserPoolId: id })),
      'InvalidParameterException',
      'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.',
    );

    // UpdateUserPool: what is not sent goes back to its default; MfaConfiguration, Policies and the
    // tags stay (Terraform updates pools without UserPoolTags and tags them with TagResource).
    await c.send(new UpdateUserPoolCommand({ UserPoolId: id }));
    const u = (await c.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!;
    assert.deepEqual(u.UserPoolTags, { team: 'identity' });
    assert.equal(u.AutoVerifiedAttributes, undefined);
    assert.deepEqual(u.VerificationMessageTemplate, { DefaultEmailOption: 'CONFIRM_WITH_CODE' });
    assert.deepEqual(u.EmailConfiguration, { EmailSendingAccount: 'COGNITO_DEFAULT' });
    assert.equal(u.DeletionProtection, 'INACTIVE');
    assert.equal(u.Policies!.PasswordPolicy!.MinimumLength, 12);
    assert.deepEqual(u.AliasAttributes, ['email', 'preferred_username']);
    assert.ok(u.SchemaAttributes!.some((a) => a.Name === 'custom:tenant'));
    assert.ok(u.LastModifiedDate!.getTime() >= u.CreationDate!.getTime());

    await c.send(
      new AddCustomAttributesCommand({
        UserPoolId: id,
        CustomAttributes: [{ Name: 'plan', AttributeDataType: 'String' }],
      }),
    );
    const withPlan = (await c.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!;
    assert.ok(withPlan.SchemaAttributes!.some((a) => a.Name === 'custom:plan'));
    await rejectsWith(
      c.send(
        new AddCustomAttributesCommand({
          UserPoolId: id,
          CustomAttributes: [{ Name: 'plan', AttributeDataType: 'String' }],
        }),
      ),
      'InvalidParameterException',
    );
    await c.send(new DeleteUserPoolCommand({ UserPoolId: id }));
    await rejectsWith(
      c.send(new DescribeUserPoolCommand({ UserPoolId: id })),
      'ResourceNotFoundException',
      `User pool ${id} does not exist.`,
    );
  });

  test('a change made through another instance on the same store shows at once', async () => {
    const other = await startServer({ join: s });
    try {
      const oc = other.cognito();
      const id = (await c.send(new CreateUserPoolCommand({ PoolName: 'shared' }))).UserPool!.Id!;
      const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: 'app' })))
        .UserPoolClient!.ClientId!;
      // Both instances read the pool first, so each holds the configuration it parsed.
      await c.send(new DescribeUserPoolCommand({ UserPoolId: id }));
      await c.send(new SignUpCommand({ ClientId: clientId, Username: 'first', Password: 'Passw0rd!' }));
      assert.equal(
        (await oc.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!.Policies!.PasswordPolicy!
          .MinimumLength,
        8,
      );

      await oc.send(new UpdateUserPoolCommand({ UserPoolId: id, Policies: { PasswordPolicy: { MinimumLength: 12 } } }));
      assert.equal(
        (await c.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!.Policies!.PasswordPolicy!
          .MinimumLength,
        12,
      );
      await rejectsWith(
        c.send(new SignUpCommand({ ClientId: clientId, Username: 'second', Password: 'Passw0rd!' })),
        'InvalidPasswordException',
      );

      await oc.send(
        new AddCustomAttributesCommand({
          UserPoolId: id,
          CustomAttributes: [{ Name: 'team', AttributeDataType: 'String' }],
        }),
      );
      const schema = (await c.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!.SchemaAttributes!;
      assert.ok(schema.some((a) => a.Name === 'custom:team'));

      await oc.send(new DeleteUserPoolCommand({ UserPoolId: id }));
      await rejectsWith(
        c.send(new DescribeUserPoolCommand({ UserPoolId: id })),
        'ResourceNotFoundException',
        `User pool ${id} does not exist.`,
      );
      await rejectsWith(
        c.send(new SignUpCommand({ ClientId: clientId, Username: 'third', Password: 'Passw0rd!1234' })),
        'ResourceNotFoundException',
      );
    } finally {
      await other.stop();
    }
  });

  test('invalid combinations are refused as AWS refuses them', async () => {
    await rejectsWith(
      c.send(new CreateUserPoolCommand({ PoolName: 'x', AliasAttributes: ['email'], UsernameAttributes: ['email'] })),
      'InvalidParameterException',
      'Only one of the aliasAttributes or usernameAttributes can be set in a User pool.',
    );
    await rejectsWith(
      c.send(
        new CreateUserPoolCommand({
          PoolName: 'x',
          Schema: [{ Name: 'role', AttributeDataType: 'String', Required: true }],
        }),
      ),
      'InvalidParameterException',
      'Required custom attributes are not supported currently.',
    );
    await rejectsWith(
      c.send(new CreateUserPoolCommand({ PoolName: 'x', MfaConfiguration: 'ON' })),
      'InvalidParameterException',
      'SMS configuration and Auto verification for phone_number are required when MFA is required/optional',
    );
    await rejectsWith(
      c.send(
        new CreateUserPoolCommand({
          PoolName: 'x',
          UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
        }),
      ),
      'InvalidParameterException',
      'All attributes in AttributesRequireVerificationBeforeUpdate must exist in AutoVerifiedAttributes',
    );
    await rejectsWith(
      c.send(new CreateUserPoolCommand({ PoolName: 'x', Policies: { PasswordPolicy: { MinimumLength: 5 } } })),
      'InvalidParameterException',
      /Value '5' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value greater than or equal to 6/,
    );
  });

  test('schema attributes AWS refuses are refused with its words', async () => {
    const create = (Schema: CreateUserPoolCommandInput['Schema']) =>
      c.send(new CreateUserPoolCommand({ PoolName: 'schema', Schema }));
    // A standard attribute keeps its type and cannot be developer-only.
    for (const attr of [
      { Name: 'email', DeveloperOnlyAttribute: true },
      { Name: 'email_verified', AttributeDataType: 'String' as const },
    ])
      await rejectsWith(
        create([attr]),
        'InvalidParameterException',
        `You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute ${attr.Name}`,
      );
    await rejectsWith(
      create([
        { Name: 'email', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '2', MaxLength: '1' } },
      ]),
      'InvalidParameterException',
      'user.email: Max length cannot be less than min length.',
    );
    for (const constraints of [{ MaxLength: '2049' }, { MinLength: '2049' }])
      await rejectsWith(
        create([{ Name: 'email', AttributeDataType: 'String', StringAttributeConstraints: constraints }]),
        'InvalidParameterException',
        'user.email: String attributes cannot have a length of more than 2048',
      );
    await rejectsWith(
      create([{ Name: 'plan', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '4096' } }]),
      'InvalidParameterException',
      'user.custom:plan: String attributes cannot have a length of more than 2048',
    );
    await rejectsWith(
      create([
        {
          Name: 'updated_at',
          AttributeDataType: 'Number',
          NumberAttributeConstraints: { MinValue: '2', MaxValue: '1' },
        },
      ]),
      'InvalidParameterException',
      'user.updated_at: Max value cannot be less than min value.',
    );
    await rejectsWith(
      create([
        { Name: 'age', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '9', MaxValue: '3' } },
      ]),
      'InvalidParameterException',
      'user.custom:age: Max value cannot be less than min value.',
    );
    await rejectsWith(
      create([{ Name: 'email', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: 'ten' } }]),
      'InvalidParameterException',
      'Invalid StringAttributeConstraints for schema attribute email',
    );
    await rejectsWith(
      create([{ Name: 'updated_at', AttributeDataType: 'Number', NumberAttributeConstraints: { MaxValue: 'big' } }]),
      'InvalidParameterException',
      'Invalid NumberAttributeConstraints for schema attribute updated_at',
    );
    // AddCustomAttributes holds new attributes to the same rules.
    const id = (await create([{ Name: 'plan', AttributeDataType: 'String' }])).UserPool!.Id!;
    await rejectsWith(
      c.send(
        new AddCustomAttributesCommand({
          UserPoolId: id,
          CustomAttributes: [
            {
              Name: 'size',
              AttributeDataType: 'String',
              StringAttributeConstraints: { MinLength: '9', MaxLength: '3' },
            },
          ],
        }),
      ),
      'InvalidParameterException',
      'user.custom:size: Max length cannot be less than min length.',
    );
  });

  test("custom attributes: constraints of their own type only, and AWS's texts for duplicates", async () => {
    const pool = (
      await c.send(
        new CreateUserPoolCommand({
          PoolName: 'custom',
          Schema: [
            { Name: 'plain', AttributeDataType: 'String' },
            { Name: 'count', AttributeDataType: 'Number' },
            {
              Name: 'score',
              AttributeDataType: 'Number',
              NumberAttributeConstraints: { MinValue: '-5', MaxValue: '5' },
            },
            {
              Name: 'flag',
              AttributeDataType: 'Boolean',
              NumberAttributeConstraints: { MinValue: '1', MaxValue: '2' },
              StringAttributeConstraints: { MinLength: '1', MaxLength: '2' },
            },
            { Name: 'hidden', AttributeDataType: 'String', DeveloperOnlyAttribute: true },
          ],
        }),
      )
    ).UserPool!;
    const byName = (n: string) => pool.SchemaAttributes!.find((a) => a.Name === n)!;
    assert.deepEqual(byName('custom:plain').StringAttributeConstraints, {});
    assert.equal(byName('custom:plain').NumberAttributeConstraints, undefined);
    assert.equal(byName('custom:count').NumberAttributeConstraints, undefined);
    assert.equal(byName('custom:count').StringAttributeConstraints, undefined);
    assert.deepEqual(byName('custom:score').NumberAttributeConstraints, { MinValue: '-5', MaxValue: '5' });
    assert.equal(byName('custom:flag').NumberAttributeConstraints, undefined);
    assert.equal(byName('custom:flag').StringAttributeConstraints, undefined);
    assert.equal(byName('dev:custom:hidden').DeveloperOnlyAttribute, true);

    const add = (CustomAttributes: AddCustomAttributesCommandInput['CustomAttributes']) =>
      c.send(new AddCustomAttributesCommand({ UserPoolId: pool.Id, CustomAttributes }));
    await rejectsWith(
      add([{ Name: 'plain', AttributeDataType: 'String' }]),
      'InvalidParameterException',
      'custom:plain: Existing attribute already has name custom:plain.',
    );
    await rejectsWith(
      add([{ Name: 'hidden', AttributeDataType: 'String', DeveloperOnlyAttribute: true }]),
      'InvalidParameterException',
      'custom:hidden: Existing attribute already has name dev:custom:hidden.',
    );
    // A name given with its prefix gets a second one, as AWS names it.
    await add([{ Name: 'custom:twice', AttributeDataType: 'String' }]);
    await rejectsWith(
      add([{ Name: 'custom:twice', AttributeDataType: 'String' }]),
      'InvalidParameterException',
      'custom:custom:twice: Existing attribute already has name custom:custom:twice.',
    );
    await rejectsWith(
      add([{ Name: 'must', AttributeDataType: 'String', Required: true }]),
      'InvalidParameterException',
      'Required custom attributes are not supported currently.',
    );
  });

  test('TagResource, UntagResource and ListTagsForResource name the pool by its ARN', async () => {
    const pool = (await c.send(new CreateUserPoolCommand({ PoolName: 'tagged', UserPoolTags: { app: 'demo' } })))
      .UserPool!;
    const ResourceArn = pool.Arn!;
    await c.send(new TagResourceCommand({ ResourceArn, Tags: { team: 'identity', app: 'web' } }));
    assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn }))).Tags, {
      app: 'web',
      team: 'identity',
    });
    await c.send(new UntagResourceCommand({ ResourceArn, TagKeys: ['app', 'absent'] }));
    assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn }))).Tags, { team: 'identity' });
    const described = (await c.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }))).UserPool!;
    assert.deepEqual(described.UserPoolTags, { team: 'identity' });

    // Another account's view of the same ARN: no such pool. An ARN of something else: refused.
    await rejectsWith(
      s.cognito({ accessKeyId: '123456789012' }).send(new ListTagsForResourceCommand({ ResourceArn })),
      'ResourceNotFoundException',
      `User pool ${pool.Id} does not exist.`,
    );
    await rejectsWith(
      c.send(new ListTagsForResourceCommand({ ResourceArn: 'arn:aws:iam::000000000000:role/someone' })),
      'InvalidParameterException',
    );
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    await rejectsWith(c.send(new TagResourceCommand({ ResourceArn, Tags: many })), 'InvalidParameterException');
    assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn }))).Tags, { team: 'identity' });
  });

  test('ListUserPools pages through the caller’s pools only', async () => {
    const other = s.cognito({ accessKeyId: '123456789012' });
    const mine: string[] = [];
    for (let i = 0; i < 5; i++)
      mine.push((await other.send(new CreateUserPoolCommand({ PoolName: `page-${i}` }))).UserPool!.Id!);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await other.send(new ListUserPoolsCommand({ MaxResults: 2, NextToken: token }));
      assert.ok(page.UserPools!.length <= 2);
      for (const p of page.UserPools!) {
        assert.deepEqual(Object.keys(p).sort(), ['CreationDate', 'Id', 'LambdaConfig', 'LastModifiedDate', 'Name']);
        seen.push(p.Id!);
      }
      token = page.NextToken;
    } while (token);
    assert.deepEqual(seen.sort(), mine.sort());
    // A last page that is exactly full carries no NextToken: four pools, pages of two.
    const third = s.cognito({ accessKeyId: '210987654321' });
    for (let i = 0; i < 4; i++) await third.send(new CreateUserPoolCommand({ PoolName: `full-${i}` }));
    const first = await third.send(new ListUserPoolsCommand({ MaxResults: 2 }));
    assert.equal(first.UserPools!.length, 2);
    assert.ok(first.NextToken);
    const last = await third.send(new ListUserPoolsCommand({ MaxResults: 2, NextToken: first.NextToken }));
    assert.equal(last.UserPools!.length, 2);
    assert.equal(last.NextToken, undefined);
    assert.equal((await third.send(new ListUserPoolsCommand({ MaxResults: 4 }))).NextToken, undefined);
    const defaultAccount = (await c.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools!.map((p) => p.Id);
    assert.ok(mine.every((id) => !defaultAccount.includes(id)));
    await rejectsWith(c.send(new DescribeUserPoolCommand({ UserPoolId: mine[0] })), 'ResourceNotFoundException');
    await rejectsWith(
      s
        .cognito({ accessKeyId: '123456789012', region: 'eu-west-1' })
        .send(new DescribeUserPoolCommand({ UserPoolId: mine[0] })),
      'ResourceNotFoundException',
    );
  });

  test('app clients: create, describe, update, list, delete, and SECRET_HASH', async () => {
    const poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'clients' }))).UserPool!.Id!;
    const plain = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'plain' })))
      .UserPoolClient!;
    assert.match(plain.ClientId!, /^[0-7][0-9a-v]{25}$/);
    assert.equal(plain.ClientSecret, undefined);
    assert.equal(plain.RefreshTokenValidity, 30);
    assert.deepEqual(plain.TokenValidityUnits, {});
    assert.equal(plain.EnableTokenRevocation, true);
    assert.equal(plain.AuthSessionValidity, 3);
    assert.equal(plain.AllowedOAuthFlowsUserPoolClient, false);
    assert.equal(plain.PreventUserExistenceErrors, undefined);

    const secret = (
      await c.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'server',
          GenerateSecret: true,
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      )
    ).UserPoolClient!;
    assert.ok(secret.ClientSecret && secret.ClientSecret.length >= 24);
    const described = (
      await c.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: secret.ClientId }))
    ).UserPoolClient!;
    assert.equal(described.ClientSecret, secret.ClientSecret);
    assert.deepEqual(described.ExplicitAuthFlows, ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);

    const hash = (username: string) =>
      createHmac('sha256', secret.ClientSecret!)
        .update(username + secret.ClientId)
        .digest('base64');
    await rejectsWith(
      c.send(new SignUpCommand({ ClientId: secret.ClientId, Username: 'sam', Password: 'Passw0rd!' })),
      'NotAuthorizedException',
      `Client ${secret.ClientId} is configured for secret but secret was not received`,
    );
    await rejectsWith(
      c.send(
        new SignUpCommand({
          ClientId: secret.ClientId,
          Username: 'sam',
          Password: 'Passw0rd!',
          SecretHash: hash('other'),
        }),
      ),
      'NotAuthorizedException',
      `Unable to verify secret hash for client ${secret.ClientId}`,
    );
    await c.send(
      new SignUpCommand({ ClientId: secret.ClientId, Username: 'sam', Password: 'Passw0rd!', SecretHash: hash('sam') }),
    );

    const updated = (
      await c.send(
        new UpdateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientId: plain.ClientId,
          ClientName: 'renamed',
          PreventUserExistenceErrors: 'ENABLED',
        }),
      )
    ).UserPoolClient!;
    assert.equal(updated.ClientName, 'renamed');
    assert.equal(updated.PreventUserExistenceErrors, 'ENABLED');

    const listed = await c.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 1 }));
    assert.equal(listed.UserPoolClients!.length, 1);
    assert.ok(listed.NextToken);
    const rest = await c.send(
      new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 1, NextToken: listed.NextToken }),
    );
    assert.deepEqual(
      [...listed.UserPoolClients!, ...rest.UserPoolClients!].map((x) => x.ClientId).sort(),
      [plain.ClientId, secret.ClientId].sort(),
    );
    assert.equal(rest.NextToken, undefined);

    await c.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: plain.ClientId }));
    await rejectsWith(
      c.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: plain.ClientId })),
      'ResourceNotFoundException',
      `User pool client ${plain.ClientId} does not exist.`,
    );
  });
});
