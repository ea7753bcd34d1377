// The text of each message: the pool's template where Cognito lets the pool customise it,
// Cognito's default otherwise. Rendered when the message is queued, so the stored message is what
// is sent and a later change to the pool does not alter it.
import type { Pool } from '../pools/store.js';

/** What a message is about; also the `activity` recorded with it. */
export type Activity = 'signup' | 'resend' | 'verify_attribute' | 'forgot_password' | 'invitation' | 'mfa';

/**
 * Cognito's default texts: the verification and invitation ones from recorded DescribeUserPool
 * examples (docs/reference/cognito-messaging-facts.md §4.2), the password-reset one from a received default mail.
 * The link-style default is not recorded anywhere public; ours says the same in Cognito's tone.
 */
export const DEFAULTS = {
  verificationSubject: 'Your verification code',
  verificationMessage: 'Your verification code is {####}. ',
  linkSubject: 'Your verification link',
  linkMessage: 'Please click the link below to verify your email address. {##Verify Email##} ',
  resetMessage: 'Your password reset code is {####}',
  inviteSubject: 'Your temporary password',
  inviteMessage: 'Your username is {username} and temporary password is {####}. ',
  authenticationMessage: 'Your authentication code is {####}. ',
} as const;

export interface Vars {
  /** the code or temporary password that replaces {####} */
  code: string;
  username: string;
  /** the confirmation link that replaces {##text##} in link-style messages */
  link?: string;
  /** what the pool's CustomMessage trigger returned (triggers/custom-message.ts), checked there */
  custom?: CustomTexts;
}

/** A CustomMessage trigger's texts; a message is present only where it carries the code's placeholder. */
export interface CustomTexts {
  emailSubject?: string;
  emailMessage?: string;
  smsMessage?: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function fill(template: string, vars: Vars): string {
  // Replacer functions, not strings: a code or username with `$&` or `$$` is inserted as written.
  return template.replaceAll('{####}', () => vars.code).replaceAll('{username}', () => vars.username);
}

/** {##text##} becomes a link: an anchor in the HTML part, the text and address in the text part. */
function fillLink(template: string, vars: Vars): { text: string; html: string } {
  const parts = /\{##([\s\S]*?)##\}/;
  const m = parts.exec(template);
  const base = fill(template, vars);
  if (!m || !vars.link) return { text: base, html: base };
  const html = base.replace(parts, () => `<a href="${escapeHtml(vars.link!)}">${m[1]}</a>`);
  const text = base.replace(parts, () => `${m[1]}: ${vars.link}`);
  return { text, html };
}

export function renderEmail(pool: Pool, activity: Activity, vars: Vars): RenderedEmail {
  const rendered = renderPoolEmail(pool, activity, vars);
  const custom = vars.custom;
  if (!custom) return rendered;
  const body = custom.emailMessage === undefined ? undefined : fillLink(custom.emailMessage, vars);
  return {
    subject: custom.emailSubject ?? rendered.subject,
    ...(body ?? { text: rendered.text, html: rendered.html }),
  };
}

function renderPoolEmail(pool: Pool, activity: Activity, vars: Vars): RenderedEmail {
  const c = pool.config;
  const t = c.VerificationMessageTemplate ?? {};
  switch (activity) {
    case 'signup':
    // biome-ignore lint/suspicious/noFallthroughSwitchClause: not by link, sign-up's code is sent as verify_attribute's
    case 'resend':
      if (t.DefaultEmailOption === 'CONFIRM_WITH_LINK') {
        return {
          subject: t.EmailSubjectByLink ?? DEFAULTS.linkSubject,
          ...fillLink(t.EmailMessageByLink ?? DEFAULTS.linkMessage, vars),
        };
      }
    // fall through: code-style verification
    case 'verify_attribute': {
      const body = fill(t.EmailMessage ?? DEFAULTS.verificationMessage, vars);
      return { subject: t.EmailSubject ?? DEFAULTS.verificationSubject, text: body, html: body };
    }
    case 'forgot_password': {
      // Not customisable (the mission's documents, docs/reference/seeds/004: "forgot password ... not customizable").
      const body = fill(DEFAULTS.resetMessage, vars);
      return { subject: DEFAULTS.verificationSubject, text: body, html: body };
    }
    case 'invitation': {
      const invite = c.AdminCreateUserConfig?.InviteMessageTemplate ?? {};
      const body = fill(invite.EmailMessage ?? DEFAULTS.inviteMessage, vars);
      return { subject: invite.EmailSubject ?? DEFAULTS.inviteSubject, text: body, html: body };
    }
    case 'mfa': {
      // Email one-time codes take the pool's EmailMfaConfiguration (SetUserPoolMfaConfig).
      const body = fill(c.EmailMfaConfiguration?.Message ?? DEFAULTS.authenticationMessage, vars);
      return { subject: c.EmailMfaConfiguration?.Subject ?? DEFAULTS.verificationSubject, text: body, html: body };
    }
  }
}

export function renderSms(pool: Pool, activity: Activity, vars: Vars): string {
  if (vars.custom?.smsMessage !== undefined) return fill(vars.custom.smsMessage, vars);
  const c = pool.config;
  switch (activity) {
    case 'signup':
    case 'resend':
    case 'verify_attribute':
      return fill(c.VerificationMessageTemplate?.SmsMessage ?? DEFAULTS.verificationMessage, vars);
    case 'forgot_password':
      return fill(DEFAULTS.resetMessage, vars);
    case 'invitation':
      return fill(c.AdminCreateUserConfig?.InviteMessageTemplate?.SMSMessage ?? DEFAULTS.inviteMessage, vars);
    case 'mfa':
      return fill(c.SmsAuthenticationMessage ?? DEFAULTS.authenticationMessage, vars);
  }
}
