// The sign-in form of managed login (its posts: ./sign-in.ts), also the page the other steps come
// back to with a notice (an account confirmed, a password reset) or a refusal in plain words.
import { CSRF_FIELD } from './csrf.js';
import { formTag, pageUrl, render, type LoginContext } from './context.js';
import { esc, field, hidden, submit } from './page.js';
import { externalProviders } from '../federation/flow.js';

/** Links to the account pages beside the sign-in form. */
function accountLinks(c: LoginContext): string {
  const signUp = !c.d.pool.config.AdminCreateUserConfig?.AllowAdminCreateUserOnly;
  return `<div class="links"><a class="redirect-customizable" href="${esc(pageUrl(c, '/forgotPassword'))}">${esc(c.w.forgotLink)}</a>${
    signUp ? `<a class="redirect-customizable" href="${esc(pageUrl(c, '/signup'))}">${esc(c.w.signUpLink)}</a>` : ''
  }</div>`;
}

/**
 * "Sign in with" a button per IdP of the client: each is the authorize request again with
 * identity_provider, so the browser goes on to that IdP. Shown above the pool's own form, which
 * is shown only when the client supports COGNITO.
 */
function providerButtons(c: LoginContext): string {
  const names = externalProviders(c.a);
  if (!names.length) return '';
  const links = names.map((name) => {
    const q = new URLSearchParams(c.a.query);
    q.delete('idp_identifier');
    q.set('identity_provider', name);
    return `<a class="idpButton-customizable" href="${esc(c.d.base)}/oauth2/authorize?${esc(q.toString())}">${esc(c.w.signInWith(name))}</a>`;
  });
  return `<div class="providers">${links.join('')}</div>`;
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
    title: c.w.signIn,
    error,
    notice,
    body: (csrf) => {
      const own = (c.a.client.config.SupportedIdentityProviders ?? []).includes('COGNITO');
      const buttons = providerButtons(c);
      const form = `${formTag(c, '/login')}
${hidden(CSRF_FIELD, csrf)}
${field('username', c.w.username, 'text', `autocomplete="username" autocapitalize="none" required value="${esc(username)}"`)}
${field('password', c.w.password, 'password', 'autocomplete="current-password" required')}
${submit(c.w.signIn)}
</form>${accountLinks(c)}`;
      return `${buttons}${buttons && own ? `<p class="or">${esc(c.w.or)}</p>` : ''}${own ? form : ''}`;
    },
  });
}
