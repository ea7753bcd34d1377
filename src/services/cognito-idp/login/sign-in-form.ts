// The sign-in form of managed login (its posts: ./sign-in.ts), also the page the other steps come
// back to with a notice (an account confirmed, a password reset) or a refusal in plain words.
import { CSRF_FIELD } from './csrf.js';
import { formTag, pageUrl, render, type LoginContext } from './context.js';
import { esc, field, hidden, submit } from './page.js';

/** Links to the account pages beside the sign-in form. */
function accountLinks(c: LoginContext): string {
  const signUp = !c.d.pool.config.AdminCreateUserConfig?.AllowAdminCreateUserOnly;
  return `<div class="links"><a class="redirect-customizable" href="${esc(pageUrl(c, '/forgotPassword'))}">Forgot your password?</a>${
    signUp ? `<a class="redirect-customizable" href="${esc(pageUrl(c, '/signup'))}">Need an account? Sign up</a>` : ''
  }</div>`;
}

export interface Shown {
  status?: number;
  /** a refusal in plain words */
  error?: string;
  /** a sentence that is no error (your account is confirmed, ...) */
  notice?: string;
  username?: string;
}

/** The sign-in form, with an error or a notice when there is one. */
export async function showSignIn(c: LoginContext, shown: Shown = {}): Promise<void> {
  const { status = 200, error, notice, username = '' } = shown;
  await render(c, status, {
    title: 'Sign in',
    error,
    notice,
    body: (csrf) => `${formTag(c, '/login')}
${hidden(CSRF_FIELD, csrf)}
${field('username', 'Username', 'text', `autocomplete="username" autocapitalize="none" required value="${esc(username)}"`)}
${field('password', 'Password', 'password', 'autocomplete="current-password" required')}
${submit('Sign in')}
</form>${accountLinks(c)}`,
  });
}
