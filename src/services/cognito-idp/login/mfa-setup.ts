// Setting up an authenticator app on the sign-in page, as AWS's managed login does when the pool
// requires MFA and the user has no factor yet (the MFA_SETUP challenge): the page takes a new
// secret through the same step as AssociateSoftwareToken with a Session, shows it (as a QR code of
// the otpauth:// URI to scan, as AWS's page does; as text to type; and as an otpauth:// link that
// opens an authenticator app on a phone), and the app's code goes through
// VerifySoftwareToken's step and then RespondToAuthChallenge MFA_SETUP's (auth/software-token.ts).
import { EnableSoftwareTokenMFAException } from '../../../generated/cognito-idp/errors.js';
import { associateDuringSignIn, verifyDuringSignIn } from '../auth/software-token.js';
import { auditChallenge } from '../risk/audit.js';
import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { respondToChallenge } from '../auth/respond.js';
import type { AuthStep } from '../auth/sign-in.js';
import { CSRF_FIELD } from './csrf.js';
import { contextOf, formTag, render, type LoginContext } from './context.js';
import { esc, field, hidden, submit } from './page.js';
import { capture } from './finish.js';
import { showSignIn } from './sign-in-form.js';
import type { User } from '../users/store.js';
import { isAwsError, plainWords } from './words.js';

/** The key as people type it: groups of four. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

async function setupPage(
  c: LoginContext,
  session: string,
  username: string,
  secret: string,
  error?: string,
): Promise<void> {
  const issuer = c.d.pool.name;
  const uri = `otpauth://totp/${encodeURIComponent(`${issuer}:${username}`)}?${new URLSearchParams({ secret, issuer })}`;
  // Inline SVG: shown without JavaScript and within the page's CSP (no script, no remote image).
  const qr = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  await render(c, error ? 400 : 200, {
    title: c.w.totpTitle,
    error,
    notice: c.w.totpNotice,
    body: (csrf) => `<figure id="totp-qr" role="img" aria-label="${esc(c.w.totpQr)}">${qr}</figure>
<p class="textDescription-customizable">${esc(c.w.totpKey)}: <code id="totp-secret">${esc(grouped(secret))}</code></p>
<p class="links"><a class="redirect-customizable" href="${esc(uri)}">${esc(c.w.totpOpen)}</a></p>
${formTag(c, '/challenge')}
${hidden(CSRF_FIELD, csrf)}${hidden('challenge', 'MFA_SETUP')}${hidden('session', session)}${hidden('username', username)}${hidden('secret', secret)}
${field('code', c.w.totpCode, 'text', 'inputmode="numeric" autocomplete="one-time-code" required')}
${submit(c.w.continue)}
</form>`,
  });
}

/** The MFA_SETUP challenge's page: a new secret for this sign-in. */
export async function showTotpSetup(c: LoginContext, session: string, username: string): Promise<void> {
  let associated: { secretCode: string; session: string };
  try {
    associated = await associateDuringSignIn(c.deps, session);
  } catch (e) {
    if (!isAwsError(e)) throw e;
    return showSignIn(c, { status: 400, error: plainWords(e, c.w), username });
  }
  return setupPage(c, associated.session, username, associated.secretCode);
}

/**
 * The app's code for the secret being set up: the sign-in's next step (and who signed in, once it
 * ends), or undefined once a page is shown (the code was wrong, the session is no longer good).
 */
export async function answerTotpSetup(
  c: LoginContext,
  form: URLSearchParams,
  responses: Record<string, string>,
): Promise<{ step: AuthStep; done: { user?: User } } | undefined> {
  const session = form.get('session') ?? '';
  const username = form.get('username') ?? '';
  const code = (form.get('code') ?? '').trim();
  let verified: string;
  try {
    verified = await verifyDuringSignIn(c.deps, session, code);
  } catch (e) {
    if (!isAwsError(e)) throw e;
    // A wrong code leaves the session unspent: the same key again, to try the next code. The key
    // shown comes back from the form; the one proven is the one sealed in the session.
    if (e instanceof EnableSoftwareTokenMFAException)
      return void (await setupPage(
        c,
        session,
        username,
        (form.get('secret') ?? '').replace(/[^A-Z2-7]/g, ''),
        c.w.totpWrong,
      ));
    return void (await showSignIn(c, { status: 400, error: plainWords(e, c.w), username }));
  }
  const done = capture();
  let step: AuthStep;
  try {
    step = await auditChallenge(
      c.deps,
      randomUUID(),
      c.d.pool,
      c.a.client,
      'MFA_SETUP',
      verified,
      responses,
      contextOf(c),
      (d) =>
        respondToChallenge(
          d,
          c.d.pool,
          c.a.client,
          'MFA_SETUP',
          verified,
          responses,
          contextOf(c)?.IpAddress,
          done.finish,
        ),
    );
  } catch (e) {
    if (!isAwsError(e)) throw e;
    return void (await showSignIn(c, { status: 400, error: plainWords(e, c.w), username }));
  }
  return { step, done };
}
