import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  SignUpCommand,
  ListUsersCommand,
  paginateListUsers,
  type ListUsersCommandInput,
  type CognitoIdentityProviderClient,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, rejectsWith, type TestServer } from './support/server.js';

type Attrs = Record<string, string>;

/** Seven users, and grace; erin and frank signed up themselves (UNCONFIRMED), grace is disabled and shares bob's (unverified) email. */
const PEOPLE: [string, Attrs][] = [
  [
    'alice',
    {
      email: 'Alice@Example.com',
      phone_number: '+15550000001',
      name: 'Alice Liddell',
      given_name: 'Alice',
      family_name: 'Liddell',
      preferred_username: 'Ally',
    },
  ],
  [
    'alan',
    {
      email: 'alan@other.org',
      phone_number: '+15550000002',
      name: 'Alan Turing',
      given_name: 'Alan',
      family_name: 'Turing',
      preferred_username: 'alan_t',
    },
  ],
  [
    'bob',
    {
      email: 'bob@example.com',
      phone_number: '+4420000000',
      name: 'Bob Builder',
      given_name: 'Bob',
      family_name: 'Builder',
      preferred_username: 'bobby',
    },
  ],
  ['carol', { email: 'carol@example.com', name: 'Zoë Ångström', given_name: 'Zoë', family_name: 'Ångström' }],
  ['dave', { email: 'dave@example.com', family_name: 'O"Neil' }],
  ['erin', { email: 'erin@example.com' }],
  ['frank', {}],
];

eachBackend('ListUsers', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let poolId: string;
  const subs: Record<string, string> = {};
  before(async () => {
    s = await startServer({ backend });
    c = s.cognito();
    poolId = (
      await c.send(
        new CreateUserPoolCommand({ PoolName: 'list', Schema: [{ Name: 'plan', AttributeDataType: 'String' }] }),
      )
    ).UserPool!.Id!;
    const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' })))
      .UserPoolClient!.ClientId!;
    for (const [Username, attrs] of PEOPLE) {
      const UserAttributes = Object.entries(attrs).map(([Name, Value]) => ({ Name, Value }));
      if (Username === 'erin' || Username === 'frank') {
        subs[Username] = (
          await c.send(new SignUpCommand({ ClientId: clientId, Username, Password: 'Passw0rd!', UserAttributes }))
        ).UserSub!;
      } else {
        const { User } = await c.send(
          new AdminCreateUserCommand({ UserPoolId: poolId, Username, MessageAction: 'SUPPRESS', UserAttributes }),
        );
        subs[Username] = User!.Attributes!.find((a) => a.Name === 'sub')!.Value!;
      }
    }
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'grace',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: 'BOB@example.com' }],
      }),
    );
    await c.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'grace' }));
  });
  after(() => s.stop());

  const list = (input: Omit<ListUsersCommandInput, 'UserPoolId'> = {}) =>
    c.send(new ListUsersCommand({ UserPoolId: poolId, ...input }));
  const names = async (Filter: string) => {
    const res = await list({ Filter });
    assert.equal(res.PaginationToken, undefined);
    return res.Users!.map((u) => u.Username).sort();
  };

  test('no filter lists everyone, in the UserType shape', async () => {
    const res = await list();
    assert.equal(res.PaginationToken, undefined);
    assert.deepEqual(res.Users!.map((u) => u.Username).sort(), [
      'alan',
      'alice',
      'bob',
      'carol',
      'dave',
      'erin',
      'frank',
      'grace',
    ]);
    assert.deepEqual(await names(''), ['alan', 'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace']);
    const bob = res.Users!.find((u) => u.Username === 'bob')!;
    assert.deepEqual(Object.keys(bob).sort(), [
      'Attributes',
      'Enabled',
      'UserCreateDate',
      'UserLastModifiedDate',
      'UserStatus',
      'Username',
    ]);
    assert.equal(bob.Enabled, true);
    assert.equal(bob.UserStatus, 'FORCE_CHANGE_PASSWORD');
    assert.ok(bob.UserCreateDate instanceof Date);
    assert.deepEqual(bob.Attributes!.at(-1), { Name: 'sub', Value: subs.bob });
    assert.deepEqual(
      bob.Attributes!.find((a) => a.Name === 'email'),
      { Name: 'email', Value: 'bob@example.com' },
    );
  });

  test('username: exact and prefix, case-sensitive', async () => {
    assert.deepEqual(await names('username = "alice"'), ['alice']);
    assert.deepEqual(await names('username = "Alice"'), []);
    assert.deepEqual(await names('username ^= "al"'), ['alan', 'alice']);
    assert.deepEqual(await names('username ^= "AL"'), []);
  });

  test('email: exact and prefix, ignoring case', async () => {
    assert.deepEqual(await names('email = "alice@example.com"'), ['alice']);
    assert.deepEqual(await names('email = "ALICE@EXAMPLE.COM"'), ['alice']);
    assert.deepEqual(await names('email="bob@example.com"'), ['bob', 'grace']);
    assert.deepEqual(await names('email ^= "AL"'), ['alan', 'alice']);
    assert.deepEqual(await names('email ^= ""'), ['alan', 'alice', 'bob', 'carol', 'dave', 'erin', 'grace']);
    assert.deepEqual(await names('email = "alice"'), []);
  });

  test('phone_number', async () => {
    assert.deepEqual(await names('phone_number = "+15550000002"'), ['alan']);
    assert.deepEqual(await names('phone_number ^= "+1555"'), ['alan', 'alice']);
  });

  test('name, given_name, family_name, preferred_username', async () => {
    assert.deepEqual(await names('name = "bob builder"'), ['bob']);
    assert.deepEqual(await names('name ^= "ALICE"'), ['alice']);
    assert.deepEqual(await names('name ^= "zoë å"'), ['carol']);
    assert.deepEqual(await names('given_name = "ALAN"'), ['alan']);
    assert.deepEqual(await names('given_name ^= "Al"'), ['alan', 'alice']);
    assert.deepEqual(await names('family_name = "ångström"'), ['carol']);
    assert.deepEqual(await names('family_name ^= "Li"'), ['alice']);
    assert.deepEqual(await names('preferred_username = "ALLY"'), ['alice']);
    assert.deepEqual(await names('preferred_username ^= "bob"'), ['bob']);
  });

  test('quotes inside the value are escaped with a backslash', async () => {
    assert.deepEqual(await names('family_name = "O\\"Neil"'), ['dave']);
    assert.deepEqual(await names('family_name ^= "o\\""'), ['dave']);
  });

  test('sub', async () => {
    assert.deepEqual(await names(`sub = "${subs.carol}"`), ['carol']);
    assert.deepEqual(await names(`sub ^= "${subs.carol.slice(0, 13)}"`), ['carol']);
  });

  test('cognito:user_status ignores case', async () => {
    assert.deepEqual(await names('cognito:user_status = "unconfirmed"'), ['erin', 'frank']);
    assert.deepEqual(await names('cognito:user_status = "UNCONFIRMED"'), ['erin', 'frank']);
    assert.deepEqual(await names('cognito:user_status ^= "force"'), ['alan', 'alice', 'bob', 'carol', 'dave', 'grace']);
    assert.deepEqual(await names('cognito:user_status = "CONFIRMED"'), []);
  });

  test('status is the Enabled flag, case-sensitive', async () => {
    assert.deepEqual(await names('status = "Disabled"'), ['grace']);
    assert.deepEqual(await names('status = "Enabled"'), ['alan', 'alice', 'bob', 'carol', 'dave', 'erin', 'frank']);
    assert.deepEqual(await names('status ^= "Dis"'), ['grace']);
    assert.deepEqual(await names('status = "disabled"'), []);
  });

  test('filters that do not parse', async () => {
    for (const Filter of [
      'foo',
      'email = bob@example.com',
      'email == "x"',
      'email = "x" extra',
      'email "x"',
      '= "x"',
      'email = "unterminated',
    ]) {
      await rejectsWith(list({ Filter }), 'InvalidParameterException', 'Error while parsing filter.');
    }
  });

  test('attributes that are not searchable', async () => {
    await rejectsWith(
      list({ Filter: 'custom:plan = "gold"' }),
      'InvalidParameterException',
      'Invalid search attribute: custom:plan',
    );
    await rejectsWith(
      list({ Filter: 'middle_name ^= "x"' }),
      'InvalidParameterException',
      'Invalid search attribute: middle_name',
    );
  });

  test('AttributesToGet picks the attributes returned', async () => {
    const res = await list({ Filter: 'username ^= "al"', AttributesToGet: ['email', 'given_name'] });
    const byName = Object.fromEntries(res.Users!.map((u: UserType) => [u.Username, u.Attributes]));
    assert.deepEqual(byName.alice, [
      { Name: 'email', Value: 'Alice@Example.com' },
      { Name: 'given_name', Value: 'Alice' },
    ]);
    assert.deepEqual(byName.alan, [
      { Name: 'email', Value: 'alan@other.org' },
      { Name: 'given_name', Value: 'Alan' },
    ]);
    const none = await list({ Filter: 'username = "bob"', AttributesToGet: [] });
    assert.deepEqual(none.Users![0].Attributes, []);
    await rejectsWith(
      list({ AttributesToGet: ['sub', 'email'] }),
      'InvalidParameterException',
      'Input fails to satisfy the constraints.',
    );
  });

  test('pages of Limit users, each user once, a token only while more remain', async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    let PaginationToken: string | undefined;
    const filter = 'cognito:user_status ^= "F"';
    do {
      const res = await list({ Limit: 3, Filter: filter, PaginationToken });
      sizes.push(res.Users!.length);
      seen.push(...res.Users!.map((u) => u.Username!));
      PaginationToken = res.PaginationToken;
    } while (PaginationToken);
    assert.deepEqual(sizes, [3, 3]);
    assert.deepEqual(seen.sort(), ['alan', 'alice', 'bob', 'carol', 'dave', 'grace']);

    const all: string[] = [];
    const pages: number[] = [];
    for await (const page of paginateListUsers({ client: c, pageSize: 3 }, { UserPoolId: poolId })) {
      pages.push(page.Users!.length);
      all.push(...page.Users!.map((u) => u.Username!));
    }
    assert.deepEqual(pages, [3, 3, 2]);
    assert.deepEqual(all.sort(), ['alan', 'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace']);

    assert.equal((await list({ Limit: 2, Filter: 'username ^= "al"' })).PaginationToken, undefined);
    // pages through a prefix (ordered by the attribute, then username) and through an exact match, with ties
    for (const [Filter, expected] of [
      ['email ^= ""', ['alan', 'alice', 'bob', 'carol', 'dave', 'erin', 'grace']],
      ['email ^= "B"', ['bob', 'grace']],
      ['email = "bob@example.com"', ['bob', 'grace']],
    ] as const) {
      const got: string[] = [];
      let token: string | undefined;
      do {
        const res = await list({ Limit: 1, Filter, PaginationToken: token });
        got.push(...res.Users!.map((u) => u.Username!));
        token = res.PaginationToken;
      } while (token);
      assert.deepEqual(got.sort(), expected);
    }
    assert.equal((await list({ Limit: 60 })).Users!.length, 8);
  });

  test('a token that is not ours, or from another pool, is refused', async () => {
    await rejectsWith(
      list({ PaginationToken: 'garbage' }),
      'InvalidParameterException',
      /^Paging marker garbage is invalid for request \S+$/,
    );
    const other = (await c.send(new CreateUserPoolCommand({ PoolName: 'other' }))).UserPool!.Id!;
    for (const Username of ['u1', 'u2'])
      await c.send(new AdminCreateUserCommand({ UserPoolId: other, Username, MessageAction: 'SUPPRESS' }));
    const foreign = (await c.send(new ListUsersCommand({ UserPoolId: other, Limit: 1 }))).PaginationToken!;
    assert.ok(foreign);
    await rejectsWith(
      list({ PaginationToken: foreign }),
      'InvalidParameterException',
      /^Paging marker .+ is invalid for request /,
    );
    // and each pool lists only its own users
    assert.deepEqual((await c.send(new ListUsersCommand({ UserPoolId: other }))).Users!.map((u) => u.Username).sort(), [
      'u1',
      'u2',
    ]);
  });

  test('validation and unknown pools', async () => {
    await rejectsWith(
      list({ Limit: 61 }),
      'InvalidParameterException',
      /Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60/,
    );
    await rejectsWith(
      c.send(new ListUsersCommand({ UserPoolId: 'us-east-1_nope0000' })),
      'ResourceNotFoundException',
      'User pool us-east-1_nope0000 does not exist.',
    );
  });

  test('username filters follow a case-insensitive pool', async () => {
    const ci = (
      await c.send(new CreateUserPoolCommand({ PoolName: 'ci', UsernameConfiguration: { CaseSensitive: false } }))
    ).UserPool!.Id!;
    await c.send(new AdminCreateUserCommand({ UserPoolId: ci, Username: 'MiXed', MessageAction: 'SUPPRESS' }));
    const found = async (Filter: string) =>
      (await c.send(new ListUsersCommand({ UserPoolId: ci, Filter }))).Users!.map((u) => u.Username);
    assert.deepEqual(await found('username = "mixed"'), ['MiXed']);
    assert.deepEqual(await found('username ^= "MIX"'), ['MiXed']);
  });
});
