// The managed login account pages over plain HTTP, as a browser without JavaScript uses them:
// sign-up with the pool's required attributes and password policy, the emailed code read from
// the capture mailbox, confirmation that signs the person in and answers the authorize request;
// a new code; forgot and reset password; an authenticator app set up during sign-in; the page's
// language and branding. And each form's refusals: no CSRF token, the policy, a wrong code,
// fields past their length, an account that exists, a pool where only administrators create
// users, each shown in plain words with nothing done.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { TOTP, Secret } from 'otpauth';
import {
  AdminDisableUserCommand,
  AdminGetUserCommand,
  CreateManagedLoginBrandingCommand,
  CreateTermsCommand,
  SetUserPoolMfaConfigCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { codeIn, eachBackend, rejectsWith, startServer, testClock, type TestServer } from './support/server.js';
import { waitForMail } from './support/ses.js';
import { authorizeUrl, CALLBACK, FormBrowser, oauthPool, postForm, type OAuthPool } from './support/oauth.js';

const alertOf = (html: string) =>
  /role="alert">([^<]*)</.exec(html)?.[1]?.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));

/** Posts one form of the page (the first, or the `nth`) with the values it holds and `fields`. */
async function submit(b: FormBrowser, html: string, fields: Record<string, string>, nth = 0) {
  const forms = [...html.matchAll(/<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/g)];
  const [, action, inner] = forms[nth];
  const unentity = (v: string) => v.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));
  const form: Record<string, string> = {};
  // Hidden fields and the values the page filled in, as a browser sends them.
  for (const m of inner.matchAll(/<input [^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) form[m[1]] = unentity(m[2]);
  return b.request(unentity(action), { form: { ...form, ...fields } });
}

eachBackend('managed login account pages', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let p: OAuthPool;
  let clientId: string;
  const clock = testClock();
  const auth = () => authorizeUrl(p.base, { client_id: clientId, scope: 'openid email', state: 'st-7' });
  const pageOf = (path: string) => auth().replace('/oauth2/authorize?', `${path}?`);
  const mailTo = async (to: string) => (await s.mailbox()).filter((m) => m.Destination.ToAddresses.includes(to));
  /** The message to `to` after the first `seen` (the worker delivers after commit). */
  const nextMail = async (to: string, seen: number) => {
    for (let i = 0; i < 250; i++) {
      const all = await mailTo(to);
      if (all.length > seen) return all[seen];
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no new message to ${to}`);
  };
  const exists = async (username: string) =>
    c.send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: username })).then(
      () => true,
      () => false,
    );

  before(async () => {
    s = await startServer({ backend, now: clock.now });
    c = s.cognito();
    p = await oauthPool(s, c, {
      AutoVerifiedAttributes: ['email'],
      Schema: [{ Name: 'given_name', AttributeDataType: 'String', Required: true, Mutable: true }],
      Policies: { PasswordPolicy: { MinimumLength: 10, RequireNumbers: true } },
    });
    clientId = (await p.client()).clientId;
  });
  after(() => s.stop());

  test('sign-up → emailed code → confirm: signed in, back at the app with a code that exchanges', async () => {
    const b = new FormBrowser();
    const form = await b.request(pageOf('/signup'));
    assert.equal(form.status, 200);
    assert.match(form.text, /<h1[^>]*>Sign up</);
    assert.match(form.text, /name="attr\.given_name"[^>]*required/);
    assert.match(form.text, /name="attr\.email"/);
    assert.match(form.text, /Your password needs at least 10 characters, with a number\./);

    // The policy refuses a short password, in Cognito's words; no user is made.
    const short = await submit(b, form.text, {
      username: 'mira',
      password: 'short1',
      'attr.given_name': 'Mira',
      'attr.email': 'mira@example.com',
    });
    assert.equal(short.status, 400);
    assert.equal(alertOf(short.text), 'That password is not allowed: Password not long enough');
    assert.match(short.text, /value="mira@example\.com"/, 'what was entered is kept, never the password');
    assert.equal(await exists('mira'), false);

    const made = await submit(b, form.text, {
      username: 'mira',
      password: 'long enough 1',
      'attr.given_name': 'Mira',
      'attr.email': 'mira@example.com',
    });
    assert.equal(made.status, 200, alertOf(made.text));
    assert.match(made.text, /<h1[^>]*>Confirm your account</);
    assert.match(made.text, /We sent a code to m\*\*\*@e\*\*\*/);
    const mail = await waitForMail(s, (m) => m.Destination.ToAddresses.includes('mira@example.com'));
    assert.equal(mail.Subject, 'Your verification code');

    const wrong = await submit(b, made.text, { code: '000000' === codeIn(mail) ? '111111' : '000000' });
    assert.equal(wrong.status, 400);
    assert.match(alertOf(wrong.text)!, /That code is not right/);

    const done = await submit(b, made.text, { code: codeIn(mail) });
    assert.equal(done.status, 302, alertOf(done.text));
    const back = new URL(done.location!);
    assert.equal(`${back.origin}${back.pathname}`, CALLBACK);
    assert.equal(back.searchParams.get('state'), 'st-7');
    const tokens = await postForm(`${p.base}/oauth2/token`, {
      grant_type: 'authorization_code',
      client_id: clientId,
      code: back.searchParams.get('code')!,
      redirect_uri: CALLBACK,
    });
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    const id = JSON.parse(Buffer.from(String(tokens.body.id_token).split('.')[1], 'base64url').toString());
    assert.equal(id['cognito:username'], 'mira');
    assert.equal(String(id.email_verified), 'true');
    const user = await c.send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: 'mira' }));
    assert.equal(user.UserStatus, 'CONFIRMED');
  });

  test('confirming in another browser confirms, then asks to sign in; a new code on request', async () => {
    const b = new FormBrowser();
    const form = await b.request(pageOf('/signup'));
    await submit(b, form.text, {
      username: 'nils',
      password: 'long enough 2',
      'attr.given_name': 'Nils',
      'attr.email': 'nils@example.com',
    });
    await waitForMail(s, (m) => m.Destination.ToAddresses.includes('nils@example.com'));
    const other = new FormBrowser();
    const confirm = await other.request(`${pageOf('/confirm')}&username=nils`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /value="nils"/);
    const resent = await submit(other, confirm.text, {}, 1);
    assert.equal(resent.status, 200, alertOf(resent.text));
    assert.match(resent.text, /We sent a new code to n\*\*\*@e\*\*\*/);
    const ok = await submit(other, confirm.text, { code: codeIn(await nextMail('nils@example.com', 1)) });
    assert.equal(ok.status, 200);
    assert.match(ok.text, /<h1[^>]*>Sign in</);
    assert.match(ok.text, /Your account is confirmed\. Sign in to go on\./);
    const to = await other.signIn(auth(), 'nils', 'long enough 2');
    assert.ok(to.startsWith(`${CALLBACK}?code=`), to);
  });

  test('confirmation signs in only the browser that signed up, with its cookie intact, and not a disabled user', async () => {
    const signUp = async (username: string) => {
      const b = new FormBrowser();
      const form = await b.request(pageOf('/signup'));
      const made = await submit(b, form.text, {
        username,
        password: 'long enough 6',
        'attr.given_name': 'P',
        'attr.email': `${username}@example.com`,
      });
      assert.equal(made.status, 200, alertOf(made.text));
      return { b, made, code: codeIn(await nextMail(`${username}@example.com`, 0)) };
    };
    const tampered = await signUp('pia');
    const held = tampered.b.cookies.get('cognate-signed-up')!;
    tampered.b.cookies.set('cognate-signed-up', `${held.slice(0, 20)}${held[20] === 'A' ? 'B' : 'A'}${held.slice(21)}`);
    const one = await submit(tampered.b, tampered.made.text, { code: tampered.code });
    assert.equal(one.status, 200);
    assert.match(one.text, /Your account is confirmed\. Sign in to go on\./);

    const disabled = await signUp('quin');
    await c.send(new AdminDisableUserCommand({ UserPoolId: p.poolId, Username: 'quin' }));
    const two = await submit(disabled.b, disabled.made.text, { code: disabled.code });
    assert.equal(two.status, 400);
    assert.equal(alertOf(two.text), 'User is disabled.');
    assert.equal(two.location, undefined);
  });

  test('sign-up refusals: no CSRF token, an existing name, a missing required attribute, a field too long', async () => {
    const b = new FormBrowser();
    const form = await b.request(pageOf('/signup'));
    const forged = await b.request(FormBrowser.action(form.text), {
      form: { username: 'olga', password: 'long enough 3', 'attr.given_name': 'Olga', _csrf: 'x'.repeat(43) },
    });
    assert.equal(forged.status, 403);
    assert.match(alertOf(forged.text)!, /did not come from this page/);
    assert.equal(await exists('olga'), false);

    const taken = await submit(b, form.text, {
      username: 'mira',
      password: 'long enough 3',
      'attr.given_name': 'Mira',
    });
    assert.equal(taken.status, 400);
    assert.match(alertOf(taken.text)!, /already exists/);

    const missing = await submit(b, form.text, { username: 'olga', password: 'long enough 3', 'attr.given_name': '' });
    assert.equal(missing.status, 400);
    assert.match(alertOf(missing.text)!, /given_name/);
    assert.equal(await exists('olga'), false);

    const long = await submit(b, form.text, {
      username: 'o'.repeat(129),
      password: 'long enough 3',
      'attr.given_name': 'Olga',
    });
    assert.equal(long.status, 400);
    assert.equal(alertOf(long.text), 'Something you entered is too long.');

    // Not a form post at all: the domain's error page, no stack trace.
    const json = await fetch(FormBrowser.action(form.text), {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `XSRF-TOKEN=${b.cookies.get('XSRF-TOKEN')}` },
      body: '{}',
    });
    assert.equal(json.status, 400);
    const text = await json.text();
    assert.match(text, /An error was encountered/);
    assert.doesNotMatch(text, /at .*\.js:\d+/);
  });

  test('forgot password: a code by email, the reset with its refusals, then the new password signs in', async () => {
    const b = new FormBrowser();
    const forgot = await b.request(pageOf('/forgotPassword'));
    assert.equal(forgot.status, 200);
    const unknown = await submit(b, forgot.text, { username: 'nobody' });
    assert.equal(unknown.status, 400);
    assert.equal(alertOf(unknown.text), 'Username/client id combination not found.');

    const before = (await mailTo('mira@example.com')).length;
    const reset = await submit(b, forgot.text, { username: 'mira' });
    assert.equal(reset.status, 200, alertOf(reset.text));
    assert.match(reset.text, /<h1[^>]*>Reset your password</);
    assert.match(reset.text, /We sent a code to m\*\*\*@e\*\*\*/);
    const code = codeIn(await nextMail('mira@example.com', before));

    const unlike = await submit(b, reset.text, { code, password: 'new password 4', password_again: 'new password 5' });
    assert.equal(unlike.status, 400);
    assert.equal(alertOf(unlike.text), 'The two passwords are not the same.');
    const weak = await submit(b, reset.text, { code, password: 'nonumbers!', password_again: 'nonumbers!' });
    assert.equal(weak.status, 400);
    assert.match(alertOf(weak.text)!, /^That password is not allowed: /);
    const wrong = await submit(b, reset.text, {
      code: code === '123456' ? '654321' : '123456',
      password: 'new password 4',
      password_again: 'new password 4',
    });
    assert.equal(wrong.status, 400);
    assert.match(alertOf(wrong.text)!, /That code is not right/);
    const forged = await b.request(FormBrowser.action(reset.text), {
      form: { username: 'mira', code, password: 'new password 4', password_again: 'new password 4' },
    });
    assert.equal(forged.status, 403);

    const done = await submit(b, reset.text, { code, password: 'new password 4', password_again: 'new password 4' });
    assert.equal(done.status, 200, alertOf(done.text));
    assert.match(done.text, /Your password has been reset/);
    const to = await new FormBrowser().signIn(auth(), 'mira', 'new password 4');
    assert.ok(to.startsWith(`${CALLBACK}?code=`), to);
  });

  test('a pool that requires MFA: the sign-in sets up an authenticator app, a wrong code keeps the same key', async () => {
    const q = await oauthPool(s, c);
    await c.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: q.poolId,
        MfaConfiguration: 'ON',
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    const qc = (await q.client()).clientId;
    await q.user('tove', 'Passw0rd!long');
    const b = new FormBrowser();
    let secret = '';
    let tries = 0;
    const to = await b.signIn(
      authorizeUrl(q.base, { client_id: qc, scope: 'openid' }),
      'tove',
      'Passw0rd!long',
      async (page) => {
        assert.match(page, /<h1[^>]*>Set up an authenticator app</);
        const shown = FormBrowser.hidden(page, 'secret')!;
        assert.match(page, new RegExp(`otpauth://totp/oauth%3Atove\\?secret=${shown}&#38;issuer=oauth`));
        if (tries++ === 0) {
          secret = shown;
          return { code: '000000', secret: shown };
        }
        assert.equal(shown, secret, 'the same key after a wrong code');
        assert.match(alertOf(page)!, /That code is not right/);
        return { code: TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: clock.now() }), secret: shown };
      },
    );
    assert.ok(to.startsWith(`${CALLBACK}?code=`), to);
    assert.equal(tries, 2);
    const user = await c.send(new AdminGetUserCommand({ UserPoolId: q.poolId, Username: 'tove' }));
    assert.deepEqual(user.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);
  });

  test('a pool where only administrators create users: no sign-up link, and the page says so', async () => {
    const q = await oauthPool(s, c, { AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } });
    const qc = (await q.client()).clientId;
    const b = new FormBrowser();
    const login = await b.request(authorizeUrl(q.base, { client_id: qc }).replace('/oauth2/authorize?', '/login?'));
    assert.doesNotMatch(login.text, /\/signup\?/);
    const signup = await b.request(authorizeUrl(q.base, { client_id: qc }).replace('/oauth2/authorize?', '/signup?'));
    assert.equal(signup.status, 400);
    assert.equal(alertOf(signup.text), 'Only an administrator can create accounts for this app.');
    const posted = await b.request(FormBrowser.action(login.text).replace('/login?', '/signup?'), {
      form: { _csrf: FormBrowser.hidden(login.text, '_csrf')!, username: 'x', password: 'long enough 1' },
    });
    assert.equal(posted.status, 400);
    assert.match(alertOf(posted.text)!, /SignUp is not permitted for this user pool/);
    await rejectsWith(
      c.send(new AdminGetUserCommand({ UserPoolId: q.poolId, Username: 'x' })),
      'UserNotFoundException',
    );
  });

  test('lang picks the page language and the terms links; the branding style colours the page, safely', async () => {
    const q = await oauthPool(s, c, {}, { ManagedLoginVersion: 2 });
    const qc = (await q.client()).clientId;
    for (const [TermsName, base] of [
      ['terms-of-use', 'https://example.com/terms'],
      ['privacy-policy', 'https://example.com/privacy'],
    ])
      await c.send(
        new CreateTermsCommand({
          UserPoolId: q.poolId,
          ClientId: qc,
          TermsName,
          TermsSource: 'LINK',
          Enforcement: 'NONE',
          Links: { 'cognito:default': base, 'cognito:spanish': `${base}/es` },
        }),
      );
    await c.send(
      new CreateManagedLoginBrandingCommand({
        UserPoolId: q.poolId,
        ClientId: qc,
        Settings: {
          components: {
            primaryButton: { lightMode: { defaults: { backgroundColor: '123456ff', textColor: '}body{x:y' } } },
          },
          componentClasses: { buttons: { borderRadius: 20 } },
        },
      }),
    );
    const signup = (lang?: string) =>
      new FormBrowser().request(
        authorizeUrl(q.base, { client_id: qc, ...(lang ? { lang } : {}) }).replace('/oauth2/authorize?', '/signup?'),
      );
    const es = await signup('es');
    assert.match(es.text, /<html lang="es">/);
    assert.match(
      es.text,
      /Al registrarse, acepta las <a href="https:\/\/example\.com\/terms\/es">condiciones de uso<\/a>/,
    );
    assert.match(es.text, /button\{background:#123456ff\}/);
    assert.match(es.text, /button\{border-radius:20px\}/);
    assert.doesNotMatch(es.text, /x:y/);
    const plain = await signup();
    assert.match(plain.text, /<html lang="en">/);
    assert.match(plain.text, /href="https:\/\/example\.com\/privacy"/);
    const zh = await signup('zh-TW');
    assert.match(zh.text, /<html lang="zh-TW">/);
  });
});

test('a sign-up page of a client whose authorize request is bad is the error page, never a form', async () => {
  const s = await startServer();
  try {
    const c = s.cognito();
    const p = await oauthPool(s, c);
    const { clientId } = await p.client();
    const r = await new FormBrowser().request(
      authorizeUrl(p.base, { client_id: clientId, redirect_uri: 'https://evil.example/cb' }).replace(
        '/oauth2/authorize?',
        '/signup?',
      ),
    );
    assert.equal(r.status, 302);
    assert.match(r.location!, /\/error\?error=redirect_mismatch/);
  } finally {
    await s.stop();
  }
});
