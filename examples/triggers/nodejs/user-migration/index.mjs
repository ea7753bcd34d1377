// UserMigration: moves users from a legacy directory into the pool the first time they sign in
// (their password is checked against the old system) or ask for a password reset. The directory
// here is a table in the code; a real one would be an API or a database.
import { createHash, timingSafeEqual } from 'node:crypto';

const sha256 = (s) => createHash('sha256').update(s).digest();
const LEGACY_USERS = {
  'legacy-lee': { email: 'lee@example.com', passwordSha256: sha256('Legacy-Passw0rd') },
};

export const handler = async (event) => {
  const user = LEGACY_USERS[event.userName];
  if (!user) throw new Error('Bad user name or password');
  if (event.triggerSource === 'UserMigration_Authentication') {
    const given = sha256(event.request.password ?? '');
    if (!timingSafeEqual(given, user.passwordSha256)) throw new Error('Bad user name or password');
    event.response.finalUserStatus = 'CONFIRMED';
  }
  event.response.userAttributes = { email: user.email, email_verified: 'true' };
  event.response.messageAction = 'SUPPRESS';
  return event;
};
