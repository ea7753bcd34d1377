// Managed login in AWS's languages (developer guide, "Managed login localization"): every page
// rendered with each `lang` (the sign-in, sign-up, confirmation, password pages, the
// authenticator set-up and its code, a new password in place of a temporary one, refusals, the
// error page) says nothing in English and names its language; the language is kept by a cookie
// until another `lang` comes; an unknown one is English; a classic hosted UI domain stays English.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand,
  CreateIdentityProviderCommand,
  CreateTermsCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Secret, TOTP } from 'otpauth';
import { WORDS } from '../src/services/cognito-idp/login/i18n/index.js';
import { startServer, type TestServer } from './support/server.js';
import { authorizeUrl, FormBrowser, oauthPool, type OAuthPool } from './support/oauth.js';

const en = WORDS.en;
const LANGS = ['de', 'es', 'fr', 'id', 'it', 'ja', 'ko', 'pt-BR', 'zh-CN', 'zh-TW'];

/** Every English sentence or phrase of the pages (two words or more), the functions' with sample values. */
const ENGLISH: string[] = (() => {
  const out: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'function') out.push(String(v('Xyz', [en.policyLower, en.policySymbol])));
    else if (v && typeof v === 'object') for (const x of Object.values(v)) add(x);
  };
  add(en);
  // Sample values leave their fixed parts; the long pieces around them are what must not show.
  return out
    .flatMap((s) => s.split(/Xyz|\[object Object\]/))
    .map((s) => s.replace(/[.:,?]+$/, '').trim())
    .filter((s) => s.split(/\s+/).length >= 2);
})();

/** What a person reads on the page: its text and the labels screen readers read. */
const readable = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<svg[\s\S]*?<\/svg>/g, '')
    .replace(/aria-label="([^"]*)"/g, '>$1<')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));

function saysNoEnglish(html: string, lang: string, page: string) {
  const text = readable(html);
  for (const s of ENGLISH) assert.ok(!text.includes(s), `${lang} ${page} says "${s}"`);
  assert.ok(!/undefined|\[object/.test(text), `${lang} ${page}: ${text}`);
  assert.match(html, new RegExp(`<html lang="${lang}">`), `${lang} ${page}`);
}

let s: TestServer;
let p: OAuthPool;
let mfa: OAuthPool;
let clientId: string;
let mfaClient: string;

before(async () => {
  s = await startServer();
  const c = s.cognito();
  p = await oauthPool(
    s,
    c,
    {
      AutoVerifiedAttributes: ['email'],
      Schema: [
        { Name: 'given_name', AttributeDataType: 'String', Required: true, Mutable: true },
        { Name: 'team', AttributeDataType: 'String', Mutable: true },
      ],
    },
    { ManagedLoginVersion: 2 },
  );
  await c.send(
    new CreateIdentityProviderCommand({
      UserPoolId: p.poolId,
      ProviderName: 'Google',
      ProviderType: 'Google',
      ProviderDetails: { client_id: 'g', client_secret: 'g', authorize_scopes: 'openid email' },
    }),
  );
  ({ clientId } = await p.client({ SupportedIdentityProviders: ['COGNITO', 'Google'] }));
  for (const TermsName of ['terms-of-use', 'privacy-policy'])
    await c.send(
      new CreateTermsCommand({
        UserPoolId: p.poolId,
        ClientId: clientId,
        TermsName,
        TermsSource: 'LINK',
        Enforcement: 'NONE',
        Links: { 'cognito:default': `https://example.com/${TermsName}` },
      }),
    );
  await c.send(
    new AdminCreateUserCommand({
      UserPoolId: p.poolId,
      Username: 'temp',
      TemporaryPassword: 'Temp0rary!pass',
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: 'temp@example.com' },
        { Name: 'given_name', Value: 'Tem' },
      ],
    }),
  );
  await p.user('ann', 'Passw0rd!long', { email: 'ann@example.com', given_name: 'Ann' });
  mfa = await oauthPool(s, c, {}, { ManagedLoginVersion: 2 });
  await c.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: mfa.poolId,
      MfaConfiguration: 'ON',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    }),
  );
  ({ clientId: mfaClient } = await mfa.client());
  for (const lang of LANGS) await mfa.user(`jon-${lang}`, 'Passw0rd!long', { email: `jon-${lang}@example.com` });
});
after(() => s?.stop());

const at = (q: OAuthPool, client: string, path: string, lang: string, extra: Record<string, string> = {}) =>
  authorizeUrl(q.base, { client_id: client, lang, ...extra }).replace('/oauth2/authorize?', `${path}?`);

test('every language has every word, none empty', () => {
  const keys = (o: object): string[] =>
    Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v).map((x) => `${k}.${x}`) : [k]));
  const want = keys(en).sort();
  assert.deepEqual(Object.keys(WORDS).sort(), [
    'de',
    'en',
    'es',
    'fr',
    'id',
    'it',
    'ja',
    'ko',
    'pt-br',
    'zh-cn',
    'zh-tw',
  ]);
  for (const [lang, w] of Object.entries(WORDS)) {
    assert.deepEqual(keys(w).sort(), want, lang);
    for (const [k, v] of Object.entries(w)) if (typeof v === 'string') assert.ok(v.trim(), `${lang}.${k} is empty`);
  }
});

for (const lang of LANGS)
  test(`every page in ${lang}, with no English word left`, async () => {
    const w = WORDS[lang.toLowerCase()];
    const b = new FormBrowser();
    const login = await b.request(at(p, clientId, '/login', lang));
    assert.equal(login.status, 200);
    saysNoEnglish(login.text, lang, 'sign-in');
    assert.ok(readable(login.text).includes(w.signInWith('Google')));
    const wrong = await b.request(FormBrowser.action(login.text), {
      form: { _csrf: FormBrowser.hidden(login.text, '_csrf')!, username: 'ann', password: 'not it' },
    });
    saysNoEnglish(wrong.text, lang, 'wrong password');
    assert.ok(readable(wrong.text).includes(w.incorrect), `${lang}: ${readable(wrong.text)}`);

    const temp = await b.request(FormBrowser.action(login.text), {
      form: { _csrf: FormBrowser.hidden(login.text, '_csrf')!, username: 'temp', password: 'Temp0rary!pass' },
    });
    saysNoEnglish(temp.text, lang, 'new password');
    assert.ok(readable(temp.text).includes(w.newPasswordTitle));

    const signup = await b.request(at(p, clientId, '/signup', lang));
    saysNoEnglish(signup.text, lang, 'sign-up');
    assert.ok(
      readable(signup.text).includes(w.optional(w.attributes.email)),
      `${lang} sign-up names the optional email`,
    );
    assert.ok(readable(signup.text).includes(w.attributes.given_name));
    const short = await b.request(FormBrowser.action(signup.text), {
      form: {
        _csrf: FormBrowser.hidden(signup.text, '_csrf')!,
        username: `u-${lang}`,
        password: 'short',
        'attr.given_name': 'U',
      },
    });
    saysNoEnglish(short.text, lang, 'sign-up refused');
    assert.ok(readable(short.text).includes(w.passwordNotAllowed));
    const made = await b.request(FormBrowser.action(signup.text), {
      form: {
        _csrf: FormBrowser.hidden(signup.text, '_csrf')!,
        username: `u-${lang}`,
        password: 'Passw0rd!long',
        'attr.given_name': 'U',
        'attr.email': `u-${lang}@example.com`,
      },
    });
    assert.equal(made.status, 200);
    saysNoEnglish(made.text, lang, 'confirmation');
    const badCode = await b.request(FormBrowser.action(made.text), {
      form: { _csrf: FormBrowser.hidden(made.text, '_csrf')!, username: `u-${lang}`, code: '000000' },
    });
    saysNoEnglish(badCode.text, lang, 'confirmation refused');

    const forgot = await b.request(at(p, clientId, '/forgotPassword', lang));
    saysNoEnglish(forgot.text, lang, 'forgot password');
    const empty = await b.request(FormBrowser.action(forgot.text), {
      form: { _csrf: FormBrowser.hidden(forgot.text, '_csrf')!, username: '' },
    });
    saysNoEnglish(empty.text, lang, 'forgot password refused');
    const reset = await b.request(at(p, clientId, '/confirmForgotPassword', lang, { username: 'ann' }));
    saysNoEnglish(reset.text, lang, 'reset password');
    const differ = await b.request(FormBrowser.action(reset.text), {
      form: {
        _csrf: FormBrowser.hidden(reset.text, '_csrf')!,
        username: 'ann',
        code: '123456',
        password: 'Passw0rd!one',
        password_again: 'Passw0rd!two',
      },
    });
    assert.ok(readable(differ.text).includes(w.notSame));
    saysNoEnglish(differ.text, lang, 'reset refused');

    // The authenticator set-up, then the next sign-in's code page.
    const signInMfa = async (mb: FormBrowser) => {
      const mfaLogin = await mb.request(at(mfa, mfaClient, '/login', lang));
      return mb.request(FormBrowser.action(mfaLogin.text), {
        form: {
          _csrf: FormBrowser.hidden(mfaLogin.text, '_csrf')!,
          username: `jon-${lang}`,
          password: 'Passw0rd!long',
        },
      });
    };
    const mb = new FormBrowser();
    const setup = await signInMfa(mb);
    assert.ok(readable(setup.text).includes(w.totpTitle), `${lang}: ${readable(setup.text)}`);
    saysNoEnglish(setup.text, lang, 'authenticator set-up');
    const secret = /id="totp-secret">([^<]+)</.exec(setup.text)![1].replace(/\s/g, '');
    const set = await mb.request(FormBrowser.action(setup.text), {
      form: {
        _csrf: FormBrowser.hidden(setup.text, '_csrf')!,
        challenge: 'MFA_SETUP',
        session: FormBrowser.hidden(setup.text, 'session')!,
        username: FormBrowser.hidden(setup.text, 'username')!,
        secret: FormBrowser.hidden(setup.text, 'secret')!,
        code: TOTP.generate({ secret: Secret.fromBase32(secret) }),
      },
    });
    assert.equal(set.status, 302, readable(set.text));
    const codePage = await signInMfa(new FormBrowser());
    assert.ok(readable(codePage.text).includes(w.enterAppCode), `${lang}: ${readable(codePage.text)}`);
    saysNoEnglish(codePage.text, lang, 'authenticator code');

    const error = await new FormBrowser().request(`${p.base}/error?error=redirect_mismatch&lang=${lang}`);
    saysNoEnglish(error.text, lang, 'error page');
    assert.ok(readable(error.text).includes(w.redirectMismatch));
  });

test('the language is kept by a cookie until another lang comes; an unknown lang is English', async () => {
  const b = new FormBrowser();
  const de = await b.request(at(p, clientId, '/login', 'de'));
  assert.match(de.text, /<html lang="de">/);
  assert.ok(de.headers.getSetCookie().some((c) => c.startsWith('cognate-lang=de;')));
  const plain = await b.request(
    authorizeUrl(p.base, { client_id: clientId }).replace('/oauth2/authorize?', '/forgotPassword?'),
  );
  assert.match(plain.text, /<html lang="de">/);
  assert.ok(readable(plain.text).includes(WORDS.de.forgotNotice));
  const back = await b.request(at(p, clientId, '/login', 'en'));
  assert.match(back.text, /<html lang="en">/);
  assert.ok(readable(back.text).includes('Forgot your password?'));
  const after = await b.request(authorizeUrl(p.base, { client_id: clientId }).replace('/oauth2/authorize?', '/login?'));
  assert.match(after.text, /<html lang="en">/);
  const unknown = await new FormBrowser().request(at(p, clientId, '/login', 'xx'));
  assert.match(unknown.text, /<html lang="en">/);
  assert.ok(readable(unknown.text).includes('Need an account? Sign up'));
});

test('a classic hosted UI domain (ManagedLoginVersion 1) stays English, as on AWS', async () => {
  const c = s.cognito();
  const classic = await oauthPool(s, c);
  const { clientId: id } = await classic.client();
  const page = await new FormBrowser().request(at(classic, id, '/login', 'de'));
  assert.match(page.text, /<html lang="en">/);
  assert.ok(readable(page.text).includes('Forgot your password?'));
  assert.ok(!page.headers.getSetCookie().some((x) => x.startsWith('cognate-lang=')));
});
