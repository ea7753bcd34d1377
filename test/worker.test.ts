// `cognate worker` processes beside a server that delivers nothing itself: every message is
// delivered exactly once, whichever worker claims it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend } from './support/server.js';
import { processStore, spawnCognate } from './support/process.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

eachBackend('separate delivery workers', (backend) => {
  test('two `cognate worker` processes share the outbox without sending anything twice', async () => {
    const store = await processStore(backend, 'worker');
    const dbArgs = store.args;
    const server = await spawnCognate([...dbArgs, '--no-worker', '--default-email-daily-quota', '1000000']);
    const workers = [0, 1].map(() =>
      spawn(process.execPath, [CLI, 'worker', '--log-level', 'warn', ...dbArgs], { stdio: 'ignore' }),
    );
    const c = new CognitoIdentityProviderClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    try {
      const poolId = (
        await c.send(new CreateUserPoolCommand({ PoolName: 'workers', AutoVerifiedAttributes: ['email'] }))
      ).UserPool!.Id!;
      const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' })))
        .UserPoolClient!.ClientId!;
      const n = 60;
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          c.send(
            new SignUpCommand({
              ClientId: clientId,
              Username: `w${i}`,
              Password: 'Passw0rd!',
              UserAttributes: [{ Name: 'email', Value: `w${i}@example.com` }],
            }),
          ),
        ),
      );
      type Msg = { status: string; attempts: number };
      const deadline = Date.now() + 30_000;
      let msgs: Msg[] = [];
      while (Date.now() < deadline) {
        msgs = (
          (await (await fetch(`${server.url}/_cognate/messages?pool=${poolId}&limit=1000`)).json()) as {
            messages: Msg[];
          }
        ).messages;
        if (msgs.length === n && msgs.every((m) => m.status === 'delivered')) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(msgs.length, n);
      assert.ok(
        msgs.every((m) => m.status === 'delivered' && m.attempts === 1),
        'each message claimed and delivered once',
      );
      const mails = ((await (await fetch(`${server.url}/_aws/ses`)).json()) as { messages: unknown[] }).messages;
      assert.equal(mails.length, n);
    } finally {
      c.destroy();
      for (const w of workers) w.kill('SIGTERM');
      await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)))));
      server.child.kill('SIGTERM');
      await server.exited;
      await store.remove();
    }
  });
});
