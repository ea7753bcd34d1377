// SIGKILL during a burst of sign-ups: after a restart, every acknowledged sign-up is there with
// exactly its one verification message, and no request half-wrote a user.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  SignUpCommand,
  AdminGetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend } from './support/server.js';
import { processStore, spawnCognate } from './support/process.js';

const client = (url: string) =>
  new CognitoIdentityProviderClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });

eachBackend('crash safety', (backend) => {
  test('SIGKILL mid-burst loses no acknowledged sign-up and no message', async () => {
    // A short lease, so that the messages the killed process had claimed return to the queue
    // within the test's patience (the default is 30 s).
    const lease = ['--delivery-lease-ms', '1500', '--default-email-daily-quota', '1000000'];
    const store = await processStore(backend, 'crash');
    const dbArgs = store.args;
    try {
      const first = await spawnCognate([...dbArgs, ...lease]);
      let c = client(first.url);
      const poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'crash', AutoVerifiedAttributes: ['email'] })))
        .UserPool!.Id!;
      const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' })))
        .UserPoolClient!.ClientId!;

      const acked: string[] = [];
      const attempted: string[] = [];
      let next = 0;
      let killed = false;
      const worker = async () => {
        while (!killed) {
          const name = `user${next++}`;
          attempted.push(name);
          try {
            await c.send(
              new SignUpCommand({
                ClientId: clientId,
                Username: name,
                Password: 'Passw0rd!',
                UserAttributes: [{ Name: 'email', Value: `${name}@example.com` }],
              }),
            );
            if (!killed) acked.push(name);
            if (acked.length >= 150 && !killed) {
              killed = true;
              first.child.kill('SIGKILL');
            }
          } catch {
            // in flight when the process died: may or may not have committed
          }
        }
      };
      await Promise.all(Array.from({ length: 12 }, worker));
      await first.exited;
      c.destroy();
      assert.ok(acked.length >= 150);

      const second = await spawnCognate([...dbArgs, ...lease]);
      c = client(second.url);
      try {
        const exists = new Set<string>();
        for (const name of attempted) {
          try {
            const u = await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: name }));
            assert.equal(u.UserStatus, 'UNCONFIRMED');
            exists.add(name);
          } catch (e) {
            assert.equal((e as Error).name, 'UserNotFoundException');
          }
        }
        for (const name of acked) assert.ok(exists.has(name), `acknowledged ${name} is missing after the crash`);
        // The restarted worker delivers whatever was still queued: exactly one email per user that exists.
        const deadline = Date.now() + 20_000;
        let mails: { Destination: { ToAddresses: string[] } }[] = [];
        for (;;) {
          mails = ((await (await fetch(`${second.url}/_aws/ses`)).json()) as { messages: typeof mails }).messages;
          if (mails.length >= exists.size || Date.now() > deadline) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        const perUser = new Map<string, number>();
        for (const m of mails) {
          const to = m.Destination.ToAddresses[0];
          perUser.set(to, (perUser.get(to) ?? 0) + 1);
        }
        for (const name of exists)
          assert.equal(perUser.get(`${name}@example.com`), 1, `${name} should have exactly one message`);
        assert.equal(mails.length, exists.size);
      } finally {
        c.destroy();
        second.child.kill('SIGTERM');
        await second.exited;
      }
    } finally {
      await store.remove();
    }
  });
});
