// An email or phone number that names a user at sign-in belongs to one user of the pool, also
// when many requests race for it.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  SignUpCommand,
  AdminCreateUserCommand,
  AdminUpdateUserAttributesCommand,
  ListUsersCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, rejectsWith, type TestServer } from './support/server.js';
import { getPoolById } from '../src/services/cognito-idp/pools/store.js';
import { findUser, saveUser } from '../src/services/cognito-idp/users/store.js';

eachBackend('sign-in names are unique', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let byEmail: { poolId: string; clientId: string };
  let byPhone: { poolId: string; clientId: string };
  let alias: { poolId: string; clientId: string };
  const pool = async (input: Omit<ConstructorParameters<typeof CreateUserPoolCommand>[0], 'PoolName'>) => {
    const poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'names', ...input }))).UserPool!.Id!;
    const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app' })))
      .UserPoolClient!.ClientId!;
    return { poolId, clientId };
  };
  before(async () => {
    s = await startServer({ backend, flags: { 'default-email-daily-quota': '1000' } });
    c = s.cognito();
    byEmail = await pool({ UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] });
    byPhone = await pool({ UsernameAttributes: ['phone_number', 'email'] });
    alias = await pool({ AliasAttributes: ['email'] });
  });
  after(() => s.stop());

  test('a second sign-up with the same email is refused, whatever its case', async () => {
    await c.send(
      new SignUpCommand({ ClientId: byEmail.clientId, Username: 'dana@example.com', Password: 'Passw0rd!' }),
    );
    await rejectsWith(
      c.send(new SignUpCommand({ ClientId: byEmail.clientId, Username: 'Dana@Example.com', Password: 'Passw0rd!' })),
      'UsernameExistsException',
      'An account with the given email already exists.',
    );
    await rejectsWith(
      c.send(
        new AdminCreateUserCommand({
          UserPoolId: byEmail.poolId,
          Username: 'dana@example.com',
          MessageAction: 'SUPPRESS',
        }),
      ),
      'UsernameExistsException',
      'An account with the given email already exists.',
    );
    const listed = await c.send(
      new ListUsersCommand({ UserPoolId: byEmail.poolId, Filter: 'email = "dana@example.com"' }),
    );
    assert.equal(listed.Users!.length, 1);
  });

  test('of racing sign-ups with one email exactly one succeeds', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        c.send(new SignUpCommand({ ClientId: byEmail.clientId, Username: 'race@example.com', Password: 'Passw0rd!' })),
      ),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) {
      if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'UsernameExistsException');
    }
    const listed = await c.send(
      new ListUsersCommand({ UserPoolId: byEmail.poolId, Filter: 'email = "race@example.com"' }),
    );
    assert.equal(listed.Users!.length, 1);
  });

  test('a phone number used as username names one user', async () => {
    await c.send(new SignUpCommand({ ClientId: byPhone.clientId, Username: '+15550100', Password: 'Passw0rd!' }));
    await rejectsWith(
      c.send(new SignUpCommand({ ClientId: byPhone.clientId, Username: '+15550100', Password: 'Passw0rd!' })),
      'UsernameExistsException',
      'An account with the given phone_number already exists.',
    );
  });

  test("an email that is another user's username cannot be given to a second user", async () => {
    await c.send(
      new SignUpCommand({ ClientId: byEmail.clientId, Username: 'erin@example.com', Password: 'Passw0rd!' }),
    );
    const frank = await c.send(
      new SignUpCommand({ ClientId: byEmail.clientId, Username: 'frank@example.com', Password: 'Passw0rd!' }),
    );
    await rejectsWith(
      c.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: byEmail.poolId,
          Username: frank.UserSub!,
          UserAttributes: [{ Name: 'email', Value: 'erin@example.com' }],
        }),
      ),
      'AliasExistsException',
      'An account with the email already exists.',
    );
  });

  test('a verified alias is held by one user: refused unless forced, then moved', async () => {
    const verified = [
      { Name: 'email', Value: 'gil@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ];
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: alias.poolId,
        Username: 'gil',
        UserAttributes: verified,
        MessageAction: 'SUPPRESS',
      }),
    );
    await rejectsWith(
      c.send(
        new AdminCreateUserCommand({
          UserPoolId: alias.poolId,
          Username: 'gil2',
          UserAttributes: verified,
          MessageAction: 'SUPPRESS',
        }),
      ),
      'AliasExistsException',
      'An account with the email already exists.',
    );
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: alias.poolId,
        Username: 'gil3',
        UserAttributes: verified,
        MessageAction: 'SUPPRESS',
        ForceAliasCreation: true,
      }),
    );
    const users = (
      await c.send(new ListUsersCommand({ UserPoolId: alias.poolId, Filter: 'email = "gil@example.com"' }))
    ).Users!;
    const flag = (name: string) =>
      users.find((u) => u.Username === name)!.Attributes!.find((a) => a.Name === 'email_verified')!.Value;
    assert.deepEqual([users.length, flag('gil'), flag('gil3')], [2, 'false', 'true']);
    // An unverified copy of the address claims nothing.
    await c.send(
      new SignUpCommand({
        ClientId: alias.clientId,
        Username: 'gil4',
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: 'gil@example.com' }],
      }),
    );
  });

  test('a write that lost the race for a verified email or phone number is AliasExistsException naming it', async () => {
    // The operations check that an alias is free before they write; a concurrent request may claim
    // it in between, and then the store's unique index refuses the write. Played here by saving
    // users read before the claim, as the losing request would.
    const both = await pool({ AliasAttributes: ['email', 'phone_number'] });
    for (const name of ['ivan', 'judy'])
      await c.send(new AdminCreateUserCommand({ UserPoolId: both.poolId, Username: name, MessageAction: 'SUPPRESS' }));
    const { db } = s.running.store;
    const stored = (await getPoolById(db, both.poolId))!;
    const ivan = (await findUser(db, stored, 'ivan'))!;
    const judy = (await findUser(db, stored, 'judy'))!;
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: both.poolId,
        Username: 'hana',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'hana@example.com' },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'phone_number', Value: '+15550123' },
          { Name: 'phone_number_verified', Value: 'true' },
        ],
      }),
    );
    Object.assign(ivan.attributes, { phone_number: '+15550123', phone_number_verified: 'true' });
    await rejectsWith(
      saveUser(db, stored, ivan),
      'AliasExistsException',
      'An account with the phone_number already exists.',
    );
    Object.assign(judy.attributes, { email: 'Hana@example.com', email_verified: 'true' });
    await rejectsWith(saveUser(db, stored, judy), 'AliasExistsException', 'An account with the email already exists.');
  });
});
