// UserMigration (developer guide, "Migrate user Lambda trigger"): when a name is no user of the
// pool at a sign-in with a password (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH) or at
// ForgotPassword, Cognito asks the function; a response with userAttributes creates the user.
// At sign-in the user gets the password just checked by the function and the status it returns
// (CONFIRMED when it returns none; RESET_REQUIRED makes the sign-in answer
// PasswordResetRequiredException); at ForgotPassword there is no password (the request carries
// none) and the user is RESET_REQUIRED, so the code sent next sets one. The call runs before the
// transaction that creates the user.
// What Cognito answers when it cannot use the function (no permission, bad output): the
// UserNotFoundException "Exception migrating user in app client <id>" (AWS re:Post knowledge
// center, "cognito-migration-lambda-trigger-errors"; re:Post question QU3VgGes1IRne3OVkCDMjrBA).
// A handler that throws is UserLambdaValidationException "UserMigration failed with error ...",
// as for every trigger (./invoke.ts). A response without userAttributes means "no such user".
import {
  InvalidLambdaResponseException,
  UnexpectedLambdaException,
  UserNotFoundException,
  UsernameExistsException,
} from '../../../generated/cognito-idp/errors.js';
import { newUuid } from '../../../crypto/ids.js';
import type { Deps } from '../../context.js';
import type { Client, Pool } from '../pools/store.js';
import { checkAttributes } from '../users/attributes.js';
import { claimAlias } from '../users/aliases.js';
import { applyPassword, preparePassword } from '../users/password.js';
import { findUser, insertUser, newUser, type User } from '../users/store.js';
import { resolveUsername } from '../users/username.js';
import { runTrigger } from './invoke.js';

export type MigrationSource = 'UserMigration_Authentication' | 'UserMigration_ForgotPassword';

const STATUSES = new Set(['CONFIRMED', 'RESET_REQUIRED']);

/**
 * The user `username` names, made from the pool's UserMigration function, or undefined when the
 * pool has none or the function knows no such user. `password`: the one given at sign-in.
 */
export async function migrateUser(
  deps: Deps,
  pool: Pool,
  client: Client,
  source: MigrationSource,
  username: string,
  opts: { password?: string; clientMetadata?: Record<string, string>; validationData?: Record<string, string> },
): Promise<User | undefined> {
  if (!pool.config.LambdaConfig?.UserMigration) return undefined;
  let response: Record<string, unknown> | undefined;
  try {
    response = await runTrigger(deps, pool, 'UserMigration', {
      source,
      userName: username,
      clientId: client.clientId,
      request: {
        ...(opts.password !== undefined ? { password: opts.password } : {}),
        validationData: opts.validationData ?? null,
        ...(opts.clientMetadata ? { clientMetadata: opts.clientMetadata } : {}),
      },
      response: {
        userAttributes: null,
        forceAliasCreation: null,
        enableSMSMFA: null,
        finalUserStatus: null,
        messageAction: null,
        desiredDeliveryMediums: null,
      },
    });
  } catch (e) {
    if (e instanceof UnexpectedLambdaException || e instanceof InvalidLambdaResponseException)
      throw new UserNotFoundException(`Exception migrating user in app client ${client.clientId}`);
    throw e;
  }
  const given = response?.userAttributes;
  if (!given || typeof given !== 'object' || Array.isArray(given) || !Object.keys(given).length) return undefined;
  const list = Object.entries(given as Record<string, unknown>)
    .filter(([Name]) => Name !== 'sub')
    .map(([Name, v]) => ({ Name, Value: String(v) }));
  const sub = newUuid();
  const resolved = resolveUsername(pool, username, sub, checkAttributes(pool, list, { creating: true }));
  const requested = typeof response?.finalUserStatus === 'string' ? response.finalUserStatus : 'CONFIRMED';
  // At ForgotPassword there is no password to keep: the reset code sets one.
  const status =
    source === 'UserMigration_ForgotPassword' ? 'RESET_REQUIRED' : STATUSES.has(requested) ? requested : 'CONFIRMED';
  const prepared =
    opts.password !== undefined ? await preparePassword(deps, pool, resolved.username, opts.password) : undefined;
  const now = deps.now();
  const user = newUser(pool, sub, resolved.username, status as User['status'], resolved.attributes, now);
  if (prepared) applyPassword(user, prepared);
  if (response?.enableSMSMFA === true && user.attributes.phone_number)
    user.mfa = { sms: { enabled: true, preferred: false } };
  const force = response?.forceAliasCreation === true;
  try {
    await deps.store.tx(async (trx) => {
      for (const attr of ['email', 'phone_number'])
        if (user.attributes[`${attr}_verified`] === 'true') await claimAlias(trx, pool, user, attr, force, now);
      await insertUser(trx, pool, user, 'User already exists');
    });
  } catch (e) {
    // Two sign-ins of one new user at once: the first created it, the second signs in as it.
    if (!(e instanceof UsernameExistsException)) throw e;
    return findUser(deps.store.db, pool, username);
  }
  return user;
}
