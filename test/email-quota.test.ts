// Cognito's default sender has a daily quota per account and region; past it, AWS's error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  SignUpCommand,
  AdminGetUserCommand,
  ResendConfirmationCodeCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, rejectsWith } from './support/server.js';
import { until } from './support/smtp.js';
import { verifiedIdentity } from './support/ses.js';

const LIMIT_MESSAGE =
  'Exceeded daily email limit for the operation or the account. If a higher limit is required, please configure your user pool to use your own Amazon SES configuration for sending email.';

async function pool(c: CognitoIdentityProviderClient, emailConfiguration?: Record<string, string>) {
  const poolId = (
    await c.send(
      new CreateUserPoolCommand({
        PoolName: 'quota',
        AutoVerifiedAttributes: ['email'],
        EmailConfiguration: emailConfiguration,
      }),
    )
  ).UserPool!.Id!;
  const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' })))
    .UserPoolClient!.ClientId!;
  return { poolId, clientId };
}

const signUp = (c: CognitoIdentityProviderClient, clientId: string, name: string) =>
  c.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: name,
      Password: 'Passw0rd!',
      UserAttributes: [{ Name: 'email', Value: `${name}@example.com` }],
    }),
  );

eachBackend('default sender quota', (backend) =>
  test('past the default sender’s daily quota: LimitExceededException, the user still created', async () => {
    const s = await startServer({ backend, flags: { 'default-email-daily-quota': '2' } });
    try {
      const c = s.cognito();
      const a = await pool(c);
      const b = await pool(c); // the quota is the account's, across its pools
      await signUp(c, a.clientId, 'one');
      await signUp(c, b.clientId, 'two');
      await rejectsWith(signUp(c, a.clientId, 'three'), 'LimitExceededException', LIMIT_MESSAGE);
      const three = await c.send(new AdminGetUserCommand({ UserPoolId: a.poolId, Username: 'three' }));
      assert.equal(three.UserStatus, 'UNCONFIRMED');
      await rejectsWith(
        c.send(new ResendConfirmationCodeCommand({ ClientId: a.clientId, Username: 'three' })),
        'LimitExceededException',
        LIMIT_MESSAGE,
      );
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual((await s.mailbox()).map((m) => m.Destination.ToAddresses[0]).sort(), [
        'one@example.com',
        'two@example.com',
      ]);

      // Another account, and a pool sending through its own SES identity, have quotas of their own.
      const other = s.cognito({ accessKeyId: '210987654321' });
      const o = await pool(other);
      await signUp(other, o.clientId, 'four');
      await verifiedIdentity(s, 'noreply@example.com', { production: true });
      const dev = await pool(c, {
        EmailSendingAccount: 'DEVELOPER',
        SourceArn: 'arn:aws:ses:us-east-1:000000000000:identity/noreply@example.com',
      });
      await signUp(c, dev.clientId, 'five');
      const five = await s.waitForEmail('five@example.com');
      assert.equal(five.Source, 'noreply@example.com');
    } finally {
      await s.stop();
    }
  }),
);

eachBackend('default sender quota under concurrency', (backend) =>
  test('60 sign-ups at once against a quota of 20: exactly 20 emails, 40 refusals', async () => {
    const s = await startServer({ backend, flags: { 'default-email-daily-quota': '20' } });
    try {
      const c = s.cognito();
      const { clientId } = await pool(c);
      const results = await Promise.allSettled(Array.from({ length: 60 }, (_, i) => signUp(c, clientId, `racer${i}`)));
      const refused = results.filter((r) => r.status === 'rejected');
      assert.equal(results.length - refused.length, 20);
      for (const r of refused) assert.equal((r as PromiseRejectedResult).reason.name, 'LimitExceededException');
      await until('20 emails', async () => ((await s.mailbox()).length >= 20 ? true : undefined));
      await new Promise((r) => setTimeout(r, 200));
      assert.equal((await s.mailbox()).length, 20);
    } finally {
      await s.stop();
    }
  }),
);
