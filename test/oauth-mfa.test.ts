// The managed login's second step by SMS and by email: a user with both factors on chooses one on
// the page, reads the code where it was sent (the SMS capture, the mailbox: the messaging plane,
// as every Cognito message), and types it in; a wrong code sends them back to sign in again.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminSetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { codeIn, eachBackend, startServer, type TestServer } from './support/server.js';
import { until } from './support/smtp.js';
import { verifiedIdentity } from './support/ses.js';
import { authorizeUrl, FormBrowser, oauthPool, type OAuthPool } from './support/oauth.js';

const SMS = { SnsCallerArn: 'arn:aws:iam::000000000000:role/cognito-sms', ExternalId: 'cognate' };
const SES = {
  EmailSendingAccount: 'DEVELOPER' as const,
  SourceArn: 'arn:aws:ses:us-east-1:000000000000:identity/noreply@example.com',
  From: 'noreply@example.com',
};

eachBackend('managed login: SMS and email codes on the sign-in pages', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let p: OAuthPool;
  let clientId: string;

  before(async () => {
    // SMS straight to the capture (no IAM role), as test/mfa.test.ts does.
    s = await startServer({ backend, flags: { 'cognito-sms': 'direct' } });
    c = s.cognito();
    await verifiedIdentity(s, 'noreply@example.com', { production: true });
    p = await oauthPool(s, c, { EmailConfiguration: SES, SmsConfiguration: SMS });
    await c.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: p.poolId,
        MfaConfiguration: 'OPTIONAL',
        EmailMfaConfiguration: { Subject: 'Sign-in code', Message: 'Use {####} to sign in.' },
        SmsMfaConfiguration: { SmsConfiguration: SMS },
      }),
    );
    clientId = (await p.client()).clientId;
    await p.user('eve', 'Passw0rd!long', {
      email: 'eve@example.com',
      email_verified: 'true',
      phone_number: '+15555550144',
    });
    await c.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: p.poolId,
        Username: 'eve',
        EmailMfaSettings: { Enabled: true },
        SMSMfaSettings: { Enabled: true },
      }),
    );
  });
  after(() => s.stop());

  const smsCount = async () => {
    const body = (await (await fetch(`${s.url}/_aws/sns/sms-messages?phoneNumber=%2B15555550144`)).json()) as {
      sms_messages: Record<string, { Message: string }[]>;
    };
    return body.sms_messages['+15555550144'] ?? [];
  };

  test('choose email, type the mailed code: signed in, on to the app with a code', async () => {
    const pages: string[] = [];
    const back = await new FormBrowser().signIn(
      authorizeUrl(p.base, { client_id: clientId }),
      'eve',
      'Passw0rd!long',
      async (page): Promise<Record<string, string>> => {
        pages.push(page);
        if (pages.length === 1) {
          assert.match(page, /Choose how to verify/);
          assert.match(page, /A code by email/);
          return { answer: 'EMAIL_OTP' };
        }
        assert.match(page, /We sent a code to e\*\*\*@e\*\*\*/);
        return { code: codeIn(await s.waitForEmail('eve@example.com')) };
      },
    );
    assert.ok(new URL(back).searchParams.get('code'));
  });

  test('choose SMS, type a wrong code: back to the sign-in form with the reason; the right one next time', async () => {
    const b = new FormBrowser();
    const before = (await smsCount()).length;
    let round = 0;
    const wrong = b.signIn(
      authorizeUrl(p.base, { client_id: clientId }),
      'eve',
      'Passw0rd!long',
      async (page): Promise<Record<string, string>> => {
        round++;
        if (round === 1) return { answer: 'SMS_MFA' };
        assert.match(page, /We sent a code to \+\*+0144/);
        const text = await until('the SMS', async () =>
          (await smsCount()).length > before ? (await smsCount()).at(-1)!.Message : undefined,
        );
        const code = /\b(\d{6})\b/.exec(text)![1];
        return { code: code === '000000' ? '111111' : '000000' };
      },
    );
    await assert.rejects(wrong, /sign-in answered 400: [\s\S]*That code is not right/);

    let again = 0;
    const seen = (await smsCount()).length;
    const back = await b.signIn(
      authorizeUrl(p.base, { client_id: clientId }),
      'eve',
      'Passw0rd!long',
      async (): Promise<Record<string, string>> => {
        again++;
        if (again === 1) return { answer: 'SMS_MFA' };
        const text = await until('the SMS', async () =>
          (await smsCount()).length > seen ? (await smsCount()).at(-1)!.Message : undefined,
        );
        return { code: /\b(\d{6})\b/.exec(text)![1] };
      },
    );
    assert.ok(new URL(back).searchParams.get('code'));
  });
});
