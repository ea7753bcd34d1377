import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand,
  AdminCreateUserCommand,
  CreateGroupCommand,
  GetGroupCommand,
  UpdateGroupCommand,
  DeleteGroupCommand,
  ListGroupsCommand,
  AdminAddUserToGroupCommand,
  AdminRemoveUserFromGroupCommand,
  AdminListGroupsForUserCommand,
  ListUsersInGroupCommand,
  type CognitoIdentityProviderClient,
  type GroupType,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, rejectsWith, type TestServer } from './support/server.js';

const ROLE = 'arn:aws:iam::123456789012:role/admins';
const NOT_FOUND = 'Group not found.';

eachBackend('user pool groups', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let poolId: string;
  let emailPoolId: string;

  const createUser = (pool: string, Username: string, email?: string) =>
    c.send(
      new AdminCreateUserCommand({
        UserPoolId: pool,
        Username,
        MessageAction: 'SUPPRESS',
        ...(email ? { UserAttributes: [{ Name: 'email', Value: email }] } : {}),
      }),
    );
  const groupNames = (groups: GroupType[] | undefined) => (groups ?? []).map((g) => g.GroupName!);
  const members = async (GroupName: string, pool = poolId) =>
    ((await c.send(new ListUsersInGroupCommand({ UserPoolId: pool, GroupName }))).Users ?? []).map((u) => u.Username);

  before(async () => {
    s = await startServer({ backend });
    c = s.cognito();
    poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'groups' }))).UserPool!.Id!;
    emailPoolId = (
      await c.send(new CreateUserPoolCommand({ PoolName: 'groups-by-email', UsernameAttributes: ['email'] }))
    ).UserPool!.Id!;
    for (const name of ['alice', 'bob', 'carol', 'dave', 'erin']) await createUser(poolId, name);
  });
  after(async () => {
    // pg's pool.end() resolves before its sockets close; the harness's DROP DATABASE ... FORCE can
    // then kill a closing connection, whose error nobody listens to any more. The concurrent test
    // opens enough connections to hit that: give them a moment to close first.
    await s.running.close();
    await new Promise((r) => setTimeout(r, 100));
    await s.stop();
  });

  test('a group carries only the settings it was given', async () => {
    const t0 = Date.now() / 1000;
    const bare = (await c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'readers' }))).Group!;
    assert.equal(bare.GroupName, 'readers');
    assert.equal(bare.UserPoolId, poolId);
    assert.equal(bare.Description, undefined);
    assert.equal(bare.RoleArn, undefined);
    assert.equal(bare.Precedence, undefined);
    assert.ok(bare.CreationDate instanceof Date && Math.abs(bare.CreationDate.getTime() / 1000 - t0) < 60);
    assert.deepEqual(bare.LastModifiedDate, bare.CreationDate);

    const full = (
      await c.send(
        new CreateGroupCommand({
          UserPoolId: poolId,
          GroupName: 'admins',
          Description: 'Admins',
          RoleArn: ROLE,
          Precedence: 0,
        }),
      )
    ).Group!;
    assert.equal(full.Description, 'Admins');
    assert.equal(full.RoleArn, ROLE);
    assert.equal(full.Precedence, 0);
    const got = (await c.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }))).Group!;
    assert.deepEqual(got, full);
  });

  test('a taken name, in any letter case, is GroupExistsException', async () => {
    await c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'Editors' }));
    await rejectsWith(
      c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'Editors' })),
      'GroupExistsException',
      'A group with the name Editors already exists.',
    );
    await rejectsWith(
      c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'EDITORS', Description: 'x' })),
      'GroupExistsException',
      'A group with the name EDITORS already exists.',
    );
    // the name is still looked up exactly
    await rejectsWith(
      c.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'editors' })),
      'ResourceNotFoundException',
      NOT_FOUND,
    );
    assert.equal(
      (await c.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'Editors' }))).Group!.Description,
      undefined,
    );
    // the same name in another pool is another group
    await c.send(new CreateGroupCommand({ UserPoolId: emailPoolId, GroupName: 'Editors' }));
  });

  test('UpdateGroup changes only the members given', async () => {
    await c.send(
      new CreateGroupCommand({
        UserPoolId: poolId,
        GroupName: 'ops',
        Description: 'Operations',
        RoleArn: ROLE,
        Precedence: 5,
      }),
    );
    const before = (await c.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'ops' }))).Group!;
    await new Promise((r) => setTimeout(r, 5));
    const updated = (await c.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'ops', Precedence: 1 })))
      .Group!;
    assert.equal(updated.Precedence, 1);
    assert.equal(updated.Description, 'Operations');
    assert.equal(updated.RoleArn, ROLE);
    assert.deepEqual(updated.CreationDate, before.CreationDate);
    assert.ok(updated.LastModifiedDate!.getTime() > before.LastModifiedDate!.getTime());

    const described = (
      await c.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'ops', Description: 'Ops team' }))
    ).Group!;
    assert.deepEqual([described.Description, described.RoleArn, described.Precedence], ['Ops team', ROLE, 1]);
    assert.deepEqual((await c.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'ops' }))).Group, described);

    const bare = (await c.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'readers', RoleArn: ROLE })))
      .Group!;
    assert.equal(bare.RoleArn, ROLE);
    assert.equal(bare.Description, undefined);
    assert.equal(bare.Precedence, undefined);
  });

  test('an unknown group is ResourceNotFoundException everywhere', async () => {
    const GroupName = 'nosuchgroup';
    await rejectsWith(
      c.send(new GetGroupCommand({ UserPoolId: poolId, GroupName })),
      'ResourceNotFoundException',
      NOT_FOUND,
    );
    await rejectsWith(
      c.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName, Description: 'x' })),
      'ResourceNotFoundException',
      NOT_FOUND,
    );
    await rejectsWith(
      c.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName })),
      'ResourceNotFoundException',
      NOT_FOUND,
    );
    await rejectsWith(
      c.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName })),
      'ResourceNotFoundException',
      NOT_FOUND,
    );
    await rejectsWith(
      c.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName, Username: 'alice' })),
      'ResourceNotFoundException',
      NOT_FOUND,
    );
    await rejectsWith(
      c.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, GroupName, Username: 'alice' })),
      'ResourceNotFoundException',
      NOT_FOUND,
    );
    // a group of another pool is not found either
    await c.send(new CreateGroupCommand({ UserPoolId: emailPoolId, GroupName: 'elsewhere' }));
    await rejectsWith(
      c.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'elsewhere' })),
      'ResourceNotFoundException',
      NOT_FOUND,
    );
  });

  test('an unknown pool is ResourceNotFoundException', async () => {
    const UserPoolId = 'us-east-1_NoSuchPool';
    const msg = `User pool ${UserPoolId} does not exist.`;
    await rejectsWith(c.send(new CreateGroupCommand({ UserPoolId, GroupName: 'g' })), 'ResourceNotFoundException', msg);
    await rejectsWith(c.send(new ListGroupsCommand({ UserPoolId })), 'ResourceNotFoundException', msg);
    await rejectsWith(c.send(new GetGroupCommand({ UserPoolId, GroupName: 'g' })), 'ResourceNotFoundException', msg);
  });

  test('adding is idempotent, removing takes the user out', async () => {
    await c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'team' }));
    await c.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: 'team', Username: 'bob' }));
    await c.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: 'team', Username: 'bob' }));
    await c.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: 'team', Username: 'alice' }));
    assert.deepEqual(await members('team'), ['alice', 'bob']);
    const listed = (await c.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'team' }))).Users!;
    assert.equal(listed[0].UserStatus, 'FORCE_CHANGE_PASSWORD');
    assert.equal(listed[0].Enabled, true);
    assert.ok(listed[0].UserCreateDate instanceof Date);
    assert.equal(listed[0].Attributes!.at(-1)!.Name, 'sub');

    await c.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, GroupName: 'team', Username: 'bob' }));
    assert.deepEqual(await members('team'), ['alice']);
    // not a member any more: still no error
    await c.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, GroupName: 'team', Username: 'bob' }));
    assert.deepEqual(
      groupNames((await c.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'bob' }))).Groups),
      [],
    );
  });

  test('an unknown user is UserNotFoundException', async () => {
    await c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'lonely' }));
    const msg = 'User does not exist.';
    await rejectsWith(
      c.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: 'lonely', Username: 'nobody' })),
      'UserNotFoundException',
      msg,
    );
    await rejectsWith(
      c.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, GroupName: 'lonely', Username: 'nobody' })),
      'UserNotFoundException',
      msg,
    );
    await rejectsWith(
      c.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'nobody' })),
      'UserNotFoundException',
      msg,
    );
    assert.deepEqual(await members('lonely'), []);
  });

  test('a user named by email, where email is the username attribute', async () => {
    const u = (await createUser(emailPoolId, 'frank@example.com')).User!;
    assert.notEqual(u.Username, 'frank@example.com');
    await c.send(new CreateGroupCommand({ UserPoolId: emailPoolId, GroupName: 'staff', Precedence: 3 }));
    await c.send(
      new AdminAddUserToGroupCommand({ UserPoolId: emailPoolId, GroupName: 'staff', Username: 'frank@example.com' }),
    );
    assert.deepEqual(await members('staff', emailPoolId), [u.Username]);
    const groups = (
      await c.send(new AdminListGroupsForUserCommand({ UserPoolId: emailPoolId, Username: 'FRANK@example.com' }))
    ).Groups!;
    assert.deepEqual(
      groups.map((g) => [g.GroupName, g.Precedence, g.UserPoolId]),
      [['staff', 3, emailPoolId]],
    );
    await c.send(
      new AdminRemoveUserFromGroupCommand({ UserPoolId: emailPoolId, GroupName: 'staff', Username: u.Username }),
    );
    assert.deepEqual(await members('staff', emailPoolId), []);
  });

  test('DeleteGroup takes its memberships with it', async () => {
    await c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'temp', Description: 'short-lived' }));
    await c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'keep' }));
    for (const g of ['temp', 'keep'])
      await c.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: g, Username: 'carol' }));
    await c.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'temp' }));
    await rejectsWith(
      c.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'temp' })),
      'ResourceNotFoundException',
      NOT_FOUND,
    );
    assert.deepEqual(
      groupNames((await c.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'carol' }))).Groups),
      ['keep'],
    );
    // a new group of the same name starts empty
    const again = (await c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'temp' }))).Group!;
    assert.equal(again.Description, undefined);
    assert.deepEqual(await members('temp'), []);
  });

  test('listings page in name order, with a token only while more remain', async () => {
    const pool = (await c.send(new CreateUserPoolCommand({ PoolName: 'paging' }))).UserPool!.Id!;
    const names = ['g-e', 'g-a', 'g-d', 'G-z', 'g-b'];
    for (const GroupName of names) await c.send(new CreateGroupCommand({ UserPoolId: pool, GroupName }));
    const users = ['ursula', 'oscar', 'mallory', 'trent', 'peggy'];
    for (const u of users) {
      await createUser(pool, u);
      await c.send(new AdminAddUserToGroupCommand({ UserPoolId: pool, GroupName: 'g-a', Username: u }));
    }
    for (const GroupName of names)
      await c.send(new AdminAddUserToGroupCommand({ UserPoolId: pool, GroupName, Username: 'oscar' }));

    type Page = { items: string[]; token?: string };
    const all = async (fetch: (token?: string) => Promise<Page>) => {
      const pages: string[][] = [];
      let token: string | undefined;
      do {
        const p = await fetch(token);
        pages.push(p.items);
        token = p.token;
      } while (token && pages.length < 10);
      return pages;
    };
    const sortedGroups = [...names].sort();
    assert.deepEqual(sortedGroups, ['G-z', 'g-a', 'g-b', 'g-d', 'g-e']);

    const groups = (Limit: number) =>
      all(async (NextToken) => {
        const r = await c.send(new ListGroupsCommand({ UserPoolId: pool, Limit, NextToken }));
        return { items: groupNames(r.Groups), token: r.NextToken };
      });
    assert.deepEqual(await groups(2), [['G-z', 'g-a'], ['g-b', 'g-d'], ['g-e']]);
    assert.deepEqual(await groups(5), [sortedGroups]);
    assert.deepEqual(await groups(0), [sortedGroups]);

    const forUser = (Limit: number) =>
      all(async (NextToken) => {
        const r = await c.send(
          new AdminListGroupsForUserCommand({ UserPoolId: pool, Username: 'oscar', Limit, NextToken }),
        );
        return { items: groupNames(r.Groups), token: r.NextToken };
      });
    assert.deepEqual(await forUser(3), [
      ['G-z', 'g-a', 'g-b'],
      ['g-d', 'g-e'],
    ]);
    assert.deepEqual(await forUser(60), [sortedGroups]);

    const inGroup = (Limit: number) =>
      all(async (NextToken) => {
        const r = await c.send(new ListUsersInGroupCommand({ UserPoolId: pool, GroupName: 'g-a', Limit, NextToken }));
        return { items: (r.Users ?? []).map((u) => u.Username!), token: r.NextToken };
      });
    assert.deepEqual(await inGroup(2), [['mallory', 'oscar'], ['peggy', 'trent'], ['ursula']]);
    assert.deepEqual(await inGroup(1), [['mallory'], ['oscar'], ['peggy'], ['trent'], ['ursula']]);
    assert.deepEqual(await inGroup(60), [[...users].sort()]);

    // a token belongs to the listing that issued it
    const token = (await c.send(new ListGroupsCommand({ UserPoolId: pool, Limit: 1 }))).NextToken!;
    assert.ok(token);
    await rejectsWith(
      c.send(new ListUsersInGroupCommand({ UserPoolId: pool, GroupName: 'g-a', NextToken: token })),
      'InvalidParameterException',
      /^Paging marker .* is invalid for request /,
    );
    await rejectsWith(
      c.send(new ListGroupsCommand({ UserPoolId: poolId, NextToken: token })),
      'InvalidParameterException',
      /^Paging marker /,
    );
    await rejectsWith(
      c.send(new ListGroupsCommand({ UserPoolId: pool, NextToken: 'garbage' })),
      'InvalidParameterException',
      /^Paging marker garbage is invalid/,
    );
  });

  test('concurrent callers: one creator per name in any case; no membership outlives its group', async () => {
    for (let i = 0; i < 5; i++) {
      const spellings = [`race${i}`, `RACE${i}`, `Race${i}`, `rAcE${i}`];
      const results = await Promise.allSettled(
        spellings.map((GroupName) => c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName }))),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results)
        if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'GroupExistsException');

      await c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: `doomed${i}` }));
      await Promise.allSettled([
        ...['alice', 'bob', 'carol', 'dave', 'erin'].map((Username) =>
          c.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: `doomed${i}`, Username })),
        ),
        c.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: `doomed${i}` })),
      ]);
      await c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: `doomed${i}` }));
      assert.deepEqual(await members(`doomed${i}`), []);
    }
  });

  test('model limits are enforced before the operation runs', async () => {
    await rejectsWith(
      c.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 61 })),
      'InvalidParameterException',
      "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
    );
    await rejectsWith(
      c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'bad', RoleArn: 'not-an-arn' })),
      'InvalidParameterException',
      /at 'roleArn' failed to satisfy constraint/,
    );
    await rejectsWith(
      c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'bad', Precedence: -1 })),
      'InvalidParameterException',
      /at 'precedence' failed to satisfy constraint: Member must have value greater than or equal to 0/,
    );
    await rejectsWith(
      c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'bad', Precedence: 2 ** 31 })),
      'InvalidParameterException',
      /at 'precedence' failed to satisfy constraint: Member must have value less than or equal to 2147483647/,
    );
    await rejectsWith(
      c.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'bad' })),
      'ResourceNotFoundException',
      NOT_FOUND,
    );
  });
});
