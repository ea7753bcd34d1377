import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminUpdateUserAttributesCommand,
  AdminDeleteUserAttributesCommand,
  SignUpCommand,
  UpdateUserPoolCommand,
  DeleteUserPoolCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, codeIn, rejectsWith, type TestServer } from './support/server.js';

eachBackend('admin user operations', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  /** auto-verifies email; email required; custom:tenant immutable */
  let poolId: string;
  let clientId: string;
  /** email is a sign-in alias */
  let aliasPool: string;
  /** email is the username */
  let emailPool: string;
  before(async () => {
    s = await startServer({ backend });
    c = s.cognito();
    poolId = (
      await c.send(
        new CreateUserPoolCommand({
          PoolName: 'admin',
          AutoVerifiedAttributes: ['email'],
          Schema: [
            { Name: 'email', Required: true },
            { Name: 'tenant', AttributeDataType: 'String', Mutable: false },
            { Name: 'plan', AttributeDataType: 'String' },
          ],
        }),
      )
    ).UserPool!.Id!;
    clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' })))
      .UserPoolClient!.ClientId!;
    aliasPool = (await c.send(new CreateUserPoolCommand({ PoolName: 'alias', AliasAttributes: ['email'] }))).UserPool!
      .Id!;
    emailPool = (await c.send(new CreateUserPoolCommand({ PoolName: 'by-email', UsernameAttributes: ['email'] })))
      .UserPool!.Id!;
  });
  after(() => s.stop());

  const create = (pool: string, Username: string, attrs: Record<string, string> = {}) =>
    c.send(
      new AdminCreateUserCommand({
        UserPoolId: pool,
        Username,
        MessageAction: 'SUPPRESS',
        UserAttributes: Object.entries(attrs).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
  const get = (pool: string, Username: string) => c.send(new AdminGetUserCommand({ UserPoolId: pool, Username }));
  const attrs = async (pool: string, Username: string) =>
    Object.fromEntries((await get(pool, Username)).UserAttributes!.map((a) => [a.Name, a.Value]));
  const update = (pool: string, Username: string, a: Record<string, string>) =>
    c.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: pool,
        Username,
        UserAttributes: Object.entries(a).map(([Name, Value]): AttributeType => ({ Name, Value })),
      }),
    );
  const NO_POOL = 'us-east-1_nope0000';

  test('concurrent attribute updates to one user all land', async () => {
    await create(poolId, 'conc', { email: 'conc@example.com' });
    const names = [
      'name',
      'given_name',
      'family_name',
      'middle_name',
      'nickname',
      'locale',
      'zoneinfo',
      'website',
      'profile',
      'gender',
    ];
    await Promise.all(names.map((n) => update(poolId, 'conc', { [n]: `v-${n}` })));
    const got = await attrs(poolId, 'conc');
    for (const n of names) assert.equal(got[n], `v-${n}`, `${n} was overwritten by a concurrent update`);
  });

  test('disable and enable flip Enabled', async () => {
    await create(poolId, 'dora', { email: 'dora@example.com' });
    assert.equal((await get(poolId, 'dora')).Enabled, true);
    assert.deepEqual(
      await c
        .send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dora' }))
        .then((r) => Object.keys(r).filter((k) => k !== '$metadata')),
      [],
    );
    const disabled = await get(poolId, 'dora');
    assert.equal(disabled.Enabled, false);
    assert.equal(disabled.UserStatus, 'FORCE_CHANGE_PASSWORD');
    await c.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dora' }));
    await c.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'dora' }));
    assert.equal((await get(poolId, 'dora')).Enabled, true);
  });

  test('unknown users and pools', async () => {
    for (const Command of [AdminDisableUserCommand, AdminEnableUserCommand, AdminDeleteUserCommand]) {
      await rejectsWith(
        c.send(new Command({ UserPoolId: poolId, Username: 'nobody' })),
        'UserNotFoundException',
        'User does not exist.',
      );
      await rejectsWith(
        c.send(new Command({ UserPoolId: NO_POOL, Username: 'nobody' })),
        'ResourceNotFoundException',
        `User pool ${NO_POOL} does not exist.`,
      );
    }
    await rejectsWith(update(poolId, 'nobody', { name: 'x' }), 'UserNotFoundException', 'User does not exist.');
    await rejectsWith(
      update(NO_POOL, 'nobody', { name: 'x' }),
      'ResourceNotFoundException',
      `User pool ${NO_POOL} does not exist.`,
    );
    await rejectsWith(
      c.send(
        new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'nobody', UserAttributeNames: ['name'] }),
      ),
      'UserNotFoundException',
      'User does not exist.',
    );
    await rejectsWith(
      c.send(
        new AdminDeleteUserAttributesCommand({ UserPoolId: NO_POOL, Username: 'nobody', UserAttributeNames: ['name'] }),
      ),
      'ResourceNotFoundException',
      `User pool ${NO_POOL} does not exist.`,
    );
    // another account does not see the pool
    const other = s.cognito({ accessKeyId: '222222222222' });
    await create(poolId, 'hidden', { email: 'hidden@example.com' });
    await rejectsWith(
      other.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'hidden' })),
      'ResourceNotFoundException',
    );
  });

  test('delete removes the user, its codes and its group memberships', async () => {
    const { UserSub: sub } = await c.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'gus',
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: 'gus@example.com' }],
      }),
    );
    await s.waitForEmail('gus@example.com');
    const { db } = s.running.store;
    // No group operation is needed to prove the row goes: a membership row as a group would write it.
    await db.insertInto('group_members').values({ pool_id: poolId, group_name: 'staff', sub: sub! }).execute();
    const rowsOf = () =>
      Promise.all(
        ['users', 'user_codes', 'group_members'].map(
          async (t) =>
            (
              await db
                .selectFrom(t as 'users')
                .select('sub')
                .where('pool_id', '=', poolId)
                .where('sub', '=', sub!)
                .execute()
            ).length,
        ),
      );
    assert.deepEqual(await rowsOf(), [1, 1, 1]);
    await c.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'gus' }));
    await rejectsWith(get(poolId, 'gus'), 'UserNotFoundException', 'User does not exist.');
    await rejectsWith(
      c.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'gus' })),
      'UserNotFoundException',
      'User does not exist.',
    );
    assert.deepEqual(await rowsOf(), [0, 0, 0]);
    // the username is free again
    await create(poolId, 'gus', { email: 'gus@example.com' });
  });

  test('admin operations accept a verified email alias', async () => {
    await create(aliasPool, 'ann', { email: 'ann@example.com', email_verified: 'true' });
    await c.send(new AdminDisableUserCommand({ UserPoolId: aliasPool, Username: 'ann@example.com' }));
    assert.equal((await get(aliasPool, 'ann')).Enabled, false);
    await c.send(new AdminEnableUserCommand({ UserPoolId: aliasPool, Username: 'ANN@example.com' }));
    await update(aliasPool, 'ann@example.com', { name: 'Ann' });
    assert.equal((await attrs(aliasPool, 'ann')).name, 'Ann');
    await c.send(new AdminDeleteUserCommand({ UserPoolId: aliasPool, Username: 'ann@example.com' }));
    await rejectsWith(get(aliasPool, 'ann'), 'UserNotFoundException', 'User does not exist.');
    // an unverified email is no alias
    await create(aliasPool, 'ben', { email: 'ben@example.com' });
    await rejectsWith(
      c.send(new AdminDisableUserCommand({ UserPoolId: aliasPool, Username: 'ben@example.com' })),
      'UserNotFoundException',
      'User does not exist.',
    );
  });

  test('a user changed through another instance on the same store shows at once', async () => {
    const other = await startServer({ join: s });
    try {
      const oc = other.cognito();
      await create(aliasPool, 'cleo', { email: 'cleo@example.com', email_verified: 'true' });
      // Read twice here first (by name and by alias), so that this instance has seen the user as it was.
      for (let i = 0; i < 2; i++) {
        assert.equal((await attrs(aliasPool, 'cleo')).name, undefined);
        assert.equal((await get(aliasPool, 'cleo@example.com')).Username, 'cleo');
      }
      await oc.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: aliasPool,
          Username: 'cleo',
          UserAttributes: [{ Name: 'name', Value: 'Cleo' }],
        }),
      );
      assert.equal((await attrs(aliasPool, 'cleo')).name, 'Cleo');
      await oc.send(new AdminDisableUserCommand({ UserPoolId: aliasPool, Username: 'cleo' }));
      assert.equal((await get(aliasPool, 'cleo@example.com')).Enabled, false);
      // The alias moves to another user: the name now finds that one.
      await oc.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: aliasPool,
          Username: 'cleo',
          UserAttributes: [
            { Name: 'email', Value: 'cleo2@example.com' },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      );
      await oc.send(
        new AdminCreateUserCommand({
          UserPoolId: aliasPool,
          Username: 'dana',
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: 'cleo@example.com' },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      );
      assert.equal((await get(aliasPool, 'cleo@example.com')).Username, 'dana');
      await oc.send(new AdminDeleteUserCommand({ UserPoolId: aliasPool, Username: 'cleo' }));
      await rejectsWith(get(aliasPool, 'cleo'), 'UserNotFoundException', 'User does not exist.');
    } finally {
      await other.stop();
    }
  });

  test('a pool changed or deleted through another instance shows at once; other accounts never see it', async () => {
    const other = await startServer({ join: s });
    try {
      const oc = other.cognito();
      const shared = (
        await c.send(
          new CreateUserPoolCommand({
            PoolName: 'shared',
            AliasAttributes: ['email'],
            UsernameConfiguration: { CaseSensitive: false },
          }),
        )
      ).UserPool!.Id!;
      await create(shared, 'Eve', { email: 'eve@example.com', email_verified: 'true' });
      // This instance has read the pool and the user, by name (in any case) and by alias.
      for (const name of ['Eve', 'eve', 'EVE@example.com']) assert.equal((await get(shared, name)).Username, 'Eve');
      for (const stranger of [s.cognito({ accessKeyId: '111122223333' }), s.cognito({ region: 'eu-west-1' })]) {
        await rejectsWith(
          stranger.send(new AdminGetUserCommand({ UserPoolId: shared, Username: 'Eve' })),
          'ResourceNotFoundException',
          `User pool ${shared} does not exist.`,
        );
      }
      // A change made elsewhere gives the pool a new version; reads go on by the pool as it is now.
      await oc.send(
        new UpdateUserPoolCommand({ UserPoolId: shared, DeletionProtection: 'INACTIVE', UserPoolTags: { team: 'b' } }),
      );
      for (const name of ['eVe', 'eve@EXAMPLE.com']) assert.equal((await get(shared, name)).Username, 'Eve');
      await rejectsWith(get(shared, 'nobody'), 'UserNotFoundException', 'User does not exist.');
      // The pool deleted elsewhere (its users with it): the pool is what is missing.
      await oc.send(new DeleteUserPoolCommand({ UserPoolId: shared }));
      await rejectsWith(get(shared, 'Eve'), 'ResourceNotFoundException', `User pool ${shared} does not exist.`);
    } finally {
      await other.stop();
    }
  });

  test('update merges attributes and keeps their order, sub last', async () => {
    const { User } = await create(poolId, 'una', { email: 'una@example.com', email_verified: 'true', name: 'Una' });
    const before = await get(poolId, 'una');
    const res = await update(poolId, 'una', { name: 'Una Smith', 'custom:plan': 'gold', given_name: 'Una' });
    assert.deepEqual(
      Object.keys(res).filter((k) => k !== '$metadata'),
      [],
    );
    const after = await get(poolId, 'una');
    assert.deepEqual(after.UserAttributes, [
      { Name: 'email', Value: 'una@example.com' },
      { Name: 'email_verified', Value: 'true' },
      { Name: 'name', Value: 'Una Smith' },
      { Name: 'custom:plan', Value: 'gold' },
      { Name: 'given_name', Value: 'Una' },
      { Name: 'sub', Value: User!.Attributes!.find((a) => a.Name === 'sub')!.Value },
    ]);
    assert.ok(after.UserLastModifiedDate!.getTime() >= before.UserLastModifiedDate!.getTime());
  });

  test('a changed auto-verified email is unverified and gets a code', async () => {
    await create(poolId, 'vic', { email: 'vic@example.com', email_verified: 'true' });
    await update(poolId, 'vic', { email: 'vic.new@example.com' });
    const a = await attrs(poolId, 'vic');
    assert.equal(a.email, 'vic.new@example.com');
    assert.equal(a.email_verified, 'false');
    const mail = await s.waitForEmail('vic.new@example.com');
    assert.equal(mail.Subject, 'Your verification code');
    assert.match(mail.Body.text_part!, /^Your verification code is \d{6}\. $/);
    assert.match(codeIn(mail), /^\d{6}$/);
  });

  test('email_verified=true in the same call keeps it verified and sends nothing', async () => {
    await create(poolId, 'wes', { email: 'wes@example.com' });
    await update(poolId, 'wes', { email: 'wes.quiet@example.com', email_verified: 'true' });
    assert.equal((await attrs(poolId, 'wes')).email_verified, 'true');
    // an unchanged email sends nothing either
    await update(poolId, 'wes', { email: 'wes.quiet@example.com' });
    assert.equal((await attrs(poolId, 'wes')).email_verified, 'true');
    // a later message proves the worker has run past any message these calls could have queued
    await update(poolId, 'wes', { email: 'wes.loud@example.com' });
    await s.waitForEmail('wes.loud@example.com');
    assert.equal(
      (await s.mailbox()).filter((m) => m.Destination.ToAddresses.includes('wes.quiet@example.com')).length,
      0,
    );
  });

  test('no code where the pool does not auto-verify', async () => {
    await create(aliasPool, 'xia', { email: 'xia@example.com', email_verified: 'true' });
    await update(aliasPool, 'xia', { email: 'xia.new@example.com' });
    assert.equal((await attrs(aliasPool, 'xia')).email_verified, 'false');
    // the old verified address is no longer an alias, the new unverified one is not yet
    await rejectsWith(get(aliasPool, 'xia@example.com'), 'UserNotFoundException');
    await rejectsWith(get(aliasPool, 'xia.new@example.com'), 'UserNotFoundException');
    await create(poolId, 'sentinel', { email: 'sentinel@example.com', email_verified: 'true' });
    await update(poolId, 'sentinel', { email: 'sentinel.new@example.com' });
    await s.waitForEmail('sentinel.new@example.com');
    assert.equal(
      (await s.mailbox()).filter((m) => m.Destination.ToAddresses.includes('xia.new@example.com')).length,
      0,
    );
  });

  test('a verified email another user holds as alias is refused', async () => {
    await create(aliasPool, 'yan', { email: 'shared@example.com', email_verified: 'true' });
    await create(aliasPool, 'zed', { email: 'zed@example.com' });
    await rejectsWith(
      update(aliasPool, 'zed', { email: 'Shared@example.com', email_verified: 'true' }),
      'AliasExistsException',
      'An account with the email already exists.',
    );
    assert.equal((await attrs(aliasPool, 'zed')).email, 'zed@example.com');
    // unverified, the same address is allowed and names nobody new
    await update(aliasPool, 'zed', { email: 'shared@example.com' });
    assert.equal((await get(aliasPool, 'shared@example.com')).Username, 'yan');
    // verifying it for zed claims it
    await create(aliasPool, 'amy', { email: 'amy@example.com' });
    await update(aliasPool, 'amy', { email: 'amy.alias@example.com', email_verified: 'true' });
    assert.equal((await get(aliasPool, 'amy.alias@example.com')).Username, 'amy');
  });

  test("an email that is another user's username is refused", async () => {
    await create(emailPool, 'ed@example.com');
    await create(emailPool, 'flo@example.com');
    await rejectsWith(
      update(emailPool, 'flo@example.com', { email: 'ED@example.com' }),
      'AliasExistsException',
      'An account with the email already exists.',
    );
    await update(emailPool, 'flo@example.com', { email: 'flo2@example.com' });
    assert.equal((await attrs(emailPool, 'flo2@example.com')).email, 'flo2@example.com');
  });

  test("a username shaped like a sign-in alias is refused in AWS's words", async () => {
    await rejectsWith(
      create(aliasPool, 'ann@example.com'),
      'InvalidParameterException',
      'Username cannot be of email format, since user pool is configured for email alias.',
    );
  });

  test('update errors', async () => {
    await create(poolId, 'err', { email: 'err@example.com', 'custom:tenant': 'acme' });
    await rejectsWith(
      update(poolId, 'err', { 'custom:tenant': 'other' }),
      'InvalidParameterException',
      'user.custom:tenant: Attribute cannot be updated.\n',
    );
    await rejectsWith(
      update(poolId, 'err', { shoe_size: '9', 'custom:hat': 'L' }),
      'InvalidParameterException',
      'user.shoe_size: Attribute does not exist in the schema.\nuser.custom:hat: Attribute does not exist in the schema.\n',
    );
    await rejectsWith(
      update(poolId, 'err', { email: '' }),
      'InvalidParameterException',
      'user.email: Required attribute cannot be deleted.',
    );
    await rejectsWith(
      update(poolId, 'err', { email: 'not-an-email' }),
      'InvalidParameterException',
      'Invalid email address format.',
    );
    await rejectsWith(
      update(poolId, 'err', { email_verified: 'yes' }),
      'InvalidParameterException',
      'Attributes did not conform to the schema: email_verified: Attribute value must be true or false',
    );
    assert.equal((await attrs(poolId, 'err')).email, 'err@example.com');
  });

  test('an empty value removes an optional attribute', async () => {
    await create(poolId, 'eve', { email: 'eve@example.com', name: 'Eve' });
    await update(poolId, 'eve', { name: '' });
    assert.equal('name' in (await attrs(poolId, 'eve')), false);
  });

  test('delete attributes', async () => {
    await create(aliasPool, 'del', { email: 'del@example.com', email_verified: 'true', name: 'Del', given_name: 'D' });
    const res = await c.send(
      new AdminDeleteUserAttributesCommand({
        UserPoolId: aliasPool,
        Username: 'del',
        UserAttributeNames: ['email', 'name', 'nickname'],
      }),
    );
    assert.deepEqual(
      Object.keys(res).filter((k) => k !== '$metadata'),
      [],
    );
    const a = await attrs(aliasPool, 'del');
    assert.deepEqual(Object.keys(a), ['given_name', 'sub']);
    await rejectsWith(get(aliasPool, 'del@example.com'), 'UserNotFoundException');
  });

  test('delete attributes errors', async () => {
    await create(poolId, 'dae', { email: 'dae@example.com', 'custom:tenant': 'acme' });
    const del = (names: string[]) =>
      c.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'dae', UserAttributeNames: names }));
    await rejectsWith(del(['email']), 'InvalidParameterException', 'user.email: Required attribute cannot be deleted.');
    await rejectsWith(
      del(['shoe_size']),
      'InvalidParameterException',
      'user.shoe_size: Attribute does not exist in the schema.\n',
    );
    await rejectsWith(
      del(['custom:tenant']),
      'InvalidParameterException',
      'user.custom:tenant: Attribute cannot be updated.\n',
    );
    assert.deepEqual(Object.keys(await attrs(poolId, 'dae')), ['email', 'custom:tenant', 'sub']);
  });
});
