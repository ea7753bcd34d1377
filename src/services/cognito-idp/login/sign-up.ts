// The sign-up page of managed login (/signup): a username (or the email or phone number the pool
// signs in with), a password with the pool's policy shown, and each attribute the pool requires
// (and those it verifies, where the code goes), with the client's terms links. The post runs
// SignUp's own step (users/sign-up.ts: the policy, the schema, the message through the outbox);
// then the confirmation page, and a sealed cookie that lets the confirmation sign the person in.
import type { Pool } from '../pools/store.js';
import { signUp } from '../users/sign-up.js';
import { CSRF_FIELD } from './csrf.js';
import { FORGED, formTag, pageUrl, postedForm, render, type LoginContext } from './context.js';
import { showConfirm } from './confirm.js';
import { LIMITS, TOO_LONG, TooLong, value } from './form.js';
import { esc, field, hidden, submit } from './page.js';
import { showSignIn } from './sign-in-form.js';
import { signedUpCookie } from './signed-up.js';
import { isAwsError, plainWords } from './words.js';

/** What the username field asks for: the pool's sign-in attributes, else a username. */
function usernameField(pool: Pool): { label: string; type: string; covers: string[] } {
  const by = pool.config.UsernameAttributes ?? [];
  if (by.length === 2) return { label: 'Email or phone number', type: 'text', covers: [] };
  if (by[0] === 'email') return { label: 'Email', type: 'email', covers: ['email'] };
  if (by[0] === 'phone_number') return { label: 'Phone number', type: 'tel', covers: ['phone_number'] };
  return { label: 'Username', type: 'text', covers: [] };
}

/** The attributes the form asks for: the required ones, and the verified ones (where a code can go). */
function attributesOf(pool: Pool): { name: string; required: boolean }[] {
  const covered = usernameField(pool).covers;
  const required = (pool.config.SchemaAttributes ?? [])
    .filter((a) => a.Required && a.Name && a.Name !== 'sub')
    .map((a) => a.Name!);
  const verified = (pool.config.AutoVerifiedAttributes ?? []).filter((a) => !required.includes(a));
  return [
    ...required.map((name) => ({ name, required: true })),
    ...verified.map((name) => ({ name, required: false })),
  ].filter((a) => !covered.includes(a.name));
}

const label = (name: string) => {
  const plain = name.replace(/^custom:/, '').replace(/_/g, ' ');
  return plain.charAt(0).toUpperCase() + plain.slice(1);
};

const INPUT_TYPES: Record<string, string> = { email: 'email', phone_number: 'tel', birthdate: 'date' };

/** The pool's password policy, in words (Cognito's default: 8 characters and every kind). */
export function policyWords(pool: Pool): string {
  const p = pool.config.Policies?.PasswordPolicy ?? {};
  const kinds = [
    p.RequireLowercase && 'a lower-case letter',
    p.RequireUppercase && 'an upper-case letter',
    p.RequireNumbers && 'a number',
    p.RequireSymbols && 'a symbol',
  ].filter(Boolean);
  const length = `at least ${p.MinimumLength ?? 8} characters`;
  return `Your password needs ${kinds.length ? `${length}, with ${kinds.join(', ')}` : length}.`;
}

/** The sign-up form, with what was entered (never the password) and an error when there is one. */
export async function showSignUp(
  c: LoginContext,
  status = 200,
  error?: string,
  entered: URLSearchParams = new URLSearchParams(),
): Promise<void> {
  const pool = c.d.pool;
  const user = usernameField(pool);
  const kept = (name: string) => esc(entered.get(name) ?? '');
  await render(c, status, {
    title: 'Sign up',
    error,
    agreeBy: 'signing up',
    body: (csrf) => `${formTag(c, '/signup')}
${hidden(CSRF_FIELD, csrf)}
${field('username', user.label, user.type, `autocomplete="username" autocapitalize="none" required maxlength="${LIMITS.username}" value="${kept('username')}"`)}
${attributesOf(pool)
  .map((a) =>
    field(
      `attr.${a.name}`,
      a.required ? label(a.name) : `${label(a.name)} (optional)`,
      INPUT_TYPES[a.name] ?? 'text',
      `${a.required ? 'required ' : ''}maxlength="${LIMITS.attribute}" value="${kept(`attr.${a.name}`)}"`,
    ),
  )
  .join('\n')}
${field('password', 'Password', 'password', `autocomplete="new-password" required maxlength="${LIMITS.password}" aria-describedby="password-policy"`)}
<p class="legalText-customizable" id="password-policy">${esc(policyWords(pool))}</p>
${submit('Sign up')}
</form><div class="links"><a class="redirect-customizable" href="${esc(pageUrl(c, '/login'))}">Already have an account? Sign in</a></div>`,
  });
}

/** GET /signup: the form, unless the pool lets only administrators create users. */
export async function getSignUp(c: LoginContext): Promise<void> {
  // "SignUp is not permitted for this user pool" is the API's answer; the page says it plainly.
  if (c.d.pool.config.AdminCreateUserConfig?.AllowAdminCreateUserOnly)
    return showSignIn(c, { status: 400, error: 'Only an administrator can create accounts for this app.' });
  return showSignUp(c);
}

/** POST /signup. */
export async function postSignUp(c: LoginContext, body: Buffer): Promise<void> {
  const form = postedForm(c, body);
  if (!form) return showSignUp(c, 403, FORGED);
  let username: string;
  let password: string;
  const attributes: { Name: string; Value: string }[] = [];
  try {
    username = value(form, 'username', 'username');
    password = value(form, 'password', 'password');
    for (const [k] of form)
      if (k.startsWith('attr.')) {
        const v = value(form, k, 'attribute');
        // An optional field left empty sets nothing.
        if (v) attributes.push({ Name: k.slice('attr.'.length), Value: v });
      }
  } catch (e) {
    if (e instanceof TooLong) return showSignUp(c, 400, TOO_LONG, form);
    throw e;
  }
  if (!username || !password) return showSignUp(c, 400, 'Enter a username and a password.', form);
  let done: Awaited<ReturnType<typeof signUp>>;
  try {
    done = await signUp(c.deps, c.d.pool, c.a.client, {
      Username: username,
      Password: password,
      UserAttributes: attributes,
      ...(c.req.socket.remoteAddress ? { UserContextData: { IpAddress: c.req.socket.remoteAddress } } : {}),
    });
  } catch (e) {
    if (!isAwsError(e)) throw e;
    return showSignUp(c, 400, plainWords(e), form);
  }
  if (!done.CodeDeliveryDetails)
    // The pool verifies nothing: the account waits for an administrator (cognate's words).
    return showSignIn(c, {
      notice: 'Your account was created. An administrator must confirm it before you can sign in.',
      username,
    });
  const to = done.CodeDeliveryDetails.Destination;
  return showConfirm(c, { username, notice: `We sent a code to ${to}. Enter it to confirm your account.` }, [
    signedUpCookie(c, done.UserSub!),
  ]);
}
