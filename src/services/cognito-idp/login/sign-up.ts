// The sign-up page of managed login (/signup): a username (or the email or phone number the pool
// signs in with), a password with the pool's policy shown, and each attribute the pool requires
// (and those it verifies, where the code goes), with the client's terms links. The post runs
// SignUp's own step (users/sign-up.ts: the policy, the schema, the message through the outbox);
// then the confirmation page, and a sealed cookie that lets the confirmation sign the person in.
import type { Pool } from '../pools/store.js';
import { signUp } from '../users/sign-up.js';
import { CSRF_FIELD } from './csrf.js';
import { formTag, pageUrl, postedForm, render, type LoginContext } from './context.js';
import type { Words } from './i18n/index.js';
import { showConfirm } from './confirm.js';
import { LIMITS, TooLong, value } from './form.js';
import { attributeLabel, esc, field, hidden, submit } from './page.js';
import { showSignIn } from './sign-in-form.js';
import { signedUpCookie } from './signed-up.js';
import { isAwsError, plainWords } from './words.js';

/** What the username field asks for: the pool's sign-in attributes, else a username. */
function usernameField(pool: Pool, w: Words): { label: string; type: string; covers: string[] } {
  const by = pool.config.UsernameAttributes ?? [];
  if (by.length === 2) return { label: w.emailOrPhone, type: 'text', covers: [] };
  if (by[0] === 'email') return { label: w.email, type: 'email', covers: ['email'] };
  if (by[0] === 'phone_number') return { label: w.phone, type: 'tel', covers: ['phone_number'] };
  return { label: w.username, type: 'text', covers: [] };
}

/** The attributes the form asks for: the required ones, and the verified ones (where a code can go). */
function attributesOf(pool: Pool, covered: string[]): { name: string; required: boolean }[] {
  const required = (pool.config.SchemaAttributes ?? [])
    .filter((a) => a.Required && a.Name && a.Name !== 'sub')
    .map((a) => a.Name!);
  const verified = (pool.config.AutoVerifiedAttributes ?? []).filter((a) => !required.includes(a));
  return [
    ...required.map((name) => ({ name, required: true })),
    ...verified.map((name) => ({ name, required: false })),
  ].filter((a) => !covered.includes(a.name));
}

const INPUT_TYPES: Record<string, string> = { email: 'email', phone_number: 'tel', birthdate: 'date' };

/** The pool's password policy, in words (Cognito's default: 8 characters and every kind). */
export function policyWords(pool: Pool, w: Words): string {
  const p = pool.config.Policies?.PasswordPolicy ?? {};
  const kinds = [
    p.RequireLowercase && w.policyLower,
    p.RequireUppercase && w.policyUpper,
    p.RequireNumbers && w.policyNumber,
    p.RequireSymbols && w.policySymbol,
  ].filter((k): k is string => typeof k === 'string');
  return w.policy(p.MinimumLength ?? 8, kinds);
}

/** The sign-up form, with what was entered (never the password) and an error when there is one. */
export async function showSignUp(
  c: LoginContext,
  status = 200,
  error?: string,
  entered: URLSearchParams = new URLSearchParams(),
): Promise<void> {
  const pool = c.d.pool;
  const { w } = c;
  const user = usernameField(pool, w);
  const kept = (name: string) => esc(entered.get(name) ?? '');
  await render(c, status, {
    title: w.signUp,
    error,
    agreeBy: 'signing up',
    body: (csrf) => `${formTag(c, '/signup')}
${hidden(CSRF_FIELD, csrf)}
${field('username', user.label, user.type, `autocomplete="username" autocapitalize="none" required maxlength="${LIMITS.username}" value="${kept('username')}"`)}
${attributesOf(pool, user.covers)
  .map((a) =>
    field(
      `attr.${a.name}`,
      a.required ? attributeLabel(w, a.name) : w.optional(attributeLabel(w, a.name)),
      INPUT_TYPES[a.name] ?? 'text',
      `${a.required ? 'required ' : ''}maxlength="${LIMITS.attribute}" value="${kept(`attr.${a.name}`)}"`,
    ),
  )
  .join('\n')}
${field('password', w.password, 'password', `autocomplete="new-password" required maxlength="${LIMITS.password}" aria-describedby="password-policy"`)}
<p class="legalText-customizable" id="password-policy">${esc(policyWords(pool, w))}</p>
${submit(w.signUp)}
</form><div class="links"><a class="redirect-customizable" href="${esc(pageUrl(c, '/login'))}">${esc(w.haveAccount)}</a></div>`,
  });
}

/** GET /signup: the form, unless the pool lets only administrators create users. */
export async function getSignUp(c: LoginContext): Promise<void> {
  // "SignUp is not permitted for this user pool" is the API's answer; the page says it plainly.
  if (c.d.pool.config.AdminCreateUserConfig?.AllowAdminCreateUserOnly)
    return showSignIn(c, { status: 400, error: c.w.adminOnly });
  return showSignUp(c);
}

/** POST /signup. */
export async function postSignUp(c: LoginContext, body: Buffer): Promise<void> {
  const form = postedForm(c, body);
  if (!form) return showSignUp(c, 403, c.w.forged);
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
    if (e instanceof TooLong) return showSignUp(c, 400, c.w.tooLong, form);
    throw e;
  }
  if (!username || !password) return showSignUp(c, 400, c.w.enterNewUsernameAndPassword, form);
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
    return showSignUp(c, 400, plainWords(e, c.w), form);
  }
  if (!done.CodeDeliveryDetails)
    // The pool verifies nothing: the account waits for an administrator (cognate's words).
    return showSignIn(c, { notice: c.w.createdWaitAdmin, username });
  const to = done.CodeDeliveryDetails.Destination ?? '';
  return showConfirm(c, { username, notice: c.w.confirmSent(to) }, [signedUpCookie(c, done.UserSub!)]);
}
