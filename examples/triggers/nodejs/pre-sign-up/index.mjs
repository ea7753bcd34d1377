// PreSignUp: turns away sign-ups from blocked email domains, confirms users of the trusted domain
// at once (and marks their address verified), and leaves everyone else to confirm with a code.
// Environment: TRUSTED_DOMAIN (example.com), BLOCKED_DOMAINS (a comma-separated list).
export const handler = async (event) => {
  const email = (event.request.userAttributes.email ?? '').toLowerCase();
  const domain = email.slice(email.lastIndexOf('@') + 1);
  const blocked = (process.env.BLOCKED_DOMAINS ?? '').split(',').map((d) => d.trim().toLowerCase());
  if (domain && blocked.includes(domain)) {
    throw new Error(`Sign-up from ${domain} is not allowed`);
  }
  if (domain === (process.env.TRUSTED_DOMAIN ?? 'example.com')) {
    event.response.autoConfirmUser = true;
    event.response.autoVerifyEmail = true;
  }
  return event;
};
