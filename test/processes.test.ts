// `cognate start --processes N`: N server processes on one port and one store. Every new
// connection may land on another process; what one process writes, the next request sees,
// whichever process takes it; each message goes out once; a process that dies is replaced; and
// SIGTERM stops them all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  DescribeUserPoolCommand,
  SignUpCommand,
  UpdateUserPoolCommand,
  AdminGetUserCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend } from './support/server.js';
import { processStore, spawnCognate, type CognateProcess } from './support/process.js';
import { until } from './support/smtp.js';

/** A client that opens a new connection for every request, so the primary hands each to the next process. */
const freshConnections = (url: string) =>
  new CognitoIdentityProviderClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    requestHandler: { httpAgent: new Agent({ keepAlive: false }) },
  });

/** The server processes under a primary, from /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((t) =>
    readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
  );
}

/** The processes that logged an answered request (debug log lines carry the pid). */
function pidsThatServed(p: CognateProcess): Set<number> {
  return new Set(
    p
      .stderr()
      .split('\n')
      .filter((l) => l.includes('"msg":"request"'))
      .map((l) => (JSON.parse(l) as { pid: number }).pid),
  );
}

eachBackend('cognate start --processes', (backend) => {
  test('two processes serve one store: writes seen across them, one message each, a dead one replaced, SIGTERM stops all', async () => {
    const store = await processStore(backend, 'processes');
    const dbArgs = store.args;
    try {
      const primary = await spawnCognate([...dbArgs, '--processes', '2', '--log-level', 'debug']);
      const c = freshConnections(primary.url);
      try {
        const servers = childrenOf(primary.child.pid!);
        assert.equal(servers.length, 2);

        const poolId = (
          await c.send(new CreateUserPoolCommand({ PoolName: 'shared', AutoVerifiedAttributes: ['email'] }))
        ).UserPool!.Id!;
        const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' })))
          .UserPoolClient!.ClientId!;
        // Each change is read back on the next connection, which the other process takes.
        for (let length = 8; length <= 14; length++) {
          await c.send(
            new UpdateUserPoolCommand({
              UserPoolId: poolId,
              AutoVerifiedAttributes: ['email'],
              Policies: { PasswordPolicy: { MinimumLength: length } },
            }),
          );
          const pool = (await c.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;
          assert.equal(pool.Policies!.PasswordPolicy!.MinimumLength, length);
        }
        assert.deepEqual([...pidsThatServed(primary)].sort(), [...servers].sort(), 'both processes answered requests');

        const names = Array.from({ length: 10 }, (_, i) => `user${i}`);
        for (const name of names) {
          await c.send(
            new SignUpCommand({
              ClientId: clientId,
              Username: name,
              Password: 'Passw0rd!Passw0rd',
              UserAttributes: [{ Name: 'email', Value: `${name}@example.com` }],
            }),
          );
        }
        // Both processes deliver; each message goes out once.
        type Mail = { Destination: { ToAddresses: string[] } };
        const mails = await until('ten emails', async () => {
          const m = ((await (await fetch(`${primary.url}/_aws/ses`)).json()) as { messages: Mail[] }).messages;
          return m.length >= names.length ? m : undefined;
        });
        await new Promise((r) => setTimeout(r, 300));
        const again = ((await (await fetch(`${primary.url}/_aws/ses`)).json()) as { messages: Mail[] }).messages;
        assert.equal(again.length, names.length);
        assert.deepEqual(
          mails.map((m) => m.Destination.ToAddresses[0]).sort(),
          names.map((n) => `${n}@example.com`).sort(),
        );

        // A process that dies is replaced; the port keeps answering meanwhile.
        process.kill(servers[0], 'SIGKILL');
        await until('a new server process', () => {
          const now = childrenOf(primary.child.pid!);
          return now.length === 2 && !now.includes(servers[0]) ? now : undefined;
        });
        for (const name of names)
          assert.equal(
            (await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: name }))).UserStatus,
            'UNCONFIRMED',
          );
      } finally {
        c.destroy();
        primary.child.kill('SIGTERM');
      }
      assert.equal(await primary.exited, 0);

      // Everything they wrote is there for a single process.
      const single = await spawnCognate(dbArgs);
      const s = freshConnections(single.url);
      try {
        const [only] = (await s.send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools!;
        const pool = (await s.send(new DescribeUserPoolCommand({ UserPoolId: only.Id }))).UserPool!;
        assert.equal(pool.Policies!.PasswordPolicy!.MinimumLength, 14);
        assert.equal(pool.EstimatedNumberOfUsers, 10);
      } finally {
        s.destroy();
        single.child.kill('SIGTERM');
        await single.exited;
      }
    } finally {
      await store.remove();
    }
  });
});

test('a taken port: the processes cannot listen, and cognate says so and exits 1', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  const store = await processStore('sqlite', 'processes');
  try {
    await assert.rejects(
      spawnCognate([...store.args, '--processes', '2', '--port', String(port)]),
      /exited \(1\) before listening:[\s\S]*a server process failed to start/,
    );
  } finally {
    blocker.close();
    await store.remove();
  }
});
