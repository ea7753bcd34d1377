// Signing in: which flows a client allows, the password check with Cognito's lockout, the user
// states that stop a sign-in, and what comes after a proven password (a challenge or the tokens).
// InitiateAuth and AdminInitiateAuth are thin operations over these.
import {
  InvalidParameterException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  UserNotConfirmedException,
  UserNotFoundException,
} from '../../../generated/cognito-idp/errors.js';
import type { Deps } from '../../context.js';
import { hashPassword, verifyPassword } from '../../../crypto/passwords.js';
import { newVerifier, srpPoolName } from '../../../crypto/srp.js';
import type { Client, Pool } from '../pools/store.js';
import { findUser, type User } from '../users/store.js';
import { challenge, type AuthStep, type Finish } from './step.js';
import { deviceChallenge, deviceData, finishSignIn, namedDevice, skipsMfa } from './device.js';
import {
  admitSuccess,
  attemptsExceeded,
  isLockedOut,
  nameLockedOut,
  recordFailure,
  recordNameFailure,
} from './lockout.js';
import { nameSubject } from '../users/limits.js';
import { readPoint, type ReadPoint } from '../../../store/kept.js';
import { hidesUsers } from '../users/recovery.js';
import { mfaStep } from './mfa.js';
import { rotates } from './refresh.js';
import { preAuthentication } from '../triggers/authentication.js';
import { migrateUser } from '../triggers/user-migration.js';
import type { TokenSource } from '../triggers/pre-token-generation.js';

export type { AuthStep } from './step.js';

export type AuthFlow =
  | 'USER_SRP_AUTH'
  | 'REFRESH_TOKEN_AUTH'
  | 'USER_PASSWORD_AUTH'
  | 'ADMIN_USER_PASSWORD_AUTH'
  | 'CUSTOM_AUTH'
  | 'USER_AUTH';

/** What a client created without ExplicitAuthFlows allows (as AWS fills them in). */
export const DEFAULT_EXPLICIT_AUTH_FLOWS = ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH'];

/** Whether the client's ExplicitAuthFlows allow the flow; the legacy values allow SRP and refresh always. */
export function flowAllowed(client: Client, flow: AuthFlow): boolean {
  const flows = client.config.ExplicitAuthFlows ?? DEFAULT_EXPLICIT_AUTH_FLOWS;
  const legacy = flows.some((f) => !f.startsWith('ALLOW_'));
  switch (flow) {
    case 'USER_PASSWORD_AUTH':
      return flows.includes('ALLOW_USER_PASSWORD_AUTH') || flows.includes('USER_PASSWORD_AUTH');
    case 'ADMIN_USER_PASSWORD_AUTH':
      return flows.includes('ALLOW_ADMIN_USER_PASSWORD_AUTH') || flows.includes('ADMIN_NO_SRP_AUTH');
    case 'USER_SRP_AUTH':
      return legacy || flows.includes('ALLOW_USER_SRP_AUTH');
    case 'REFRESH_TOKEN_AUTH':
      // "You can't authenticate with REFRESH_TOKEN_AUTH in app clients with refresh token rotation
      // enabled" (AWS's "Refresh tokens" page); AWS's error for it is not on record, so the client
      // answers as one whose flows leave it out.
      return !rotates(client) && (legacy || flows.includes('ALLOW_REFRESH_TOKEN_AUTH'));
    case 'CUSTOM_AUTH':
      return flows.includes('ALLOW_CUSTOM_AUTH') || flows.includes('CUSTOM_AUTH_FLOW_ONLY');
    case 'USER_AUTH':
      return flows.includes('ALLOW_USER_AUTH');
  }
}

/** Recorded (docs/reference/aws-recorded.md §4.2). */
export const INCORRECT = 'Incorrect username or password.';

let decoy: Promise<string> | undefined;
/** Spends a password check's time on a user that does not exist, so timing tells nothing. */
async function checkNothing(deps: Deps, password: string): Promise<void> {
  decoy ??= hashPassword('decoy password', deps.config.kdf);
  await verifyPassword(password, await decoy);
}

/**
 * A hiding client's answer to a name that is no user: a wrong password's, lockout included,
 * with `check` spending the time a check would.
 */
export async function refuseUnknown(
  deps: Deps,
  pool: Pool,
  username: string,
  check: () => Promise<void>,
): Promise<never> {
  const subject = nameSubject(deps.serverKey, pool, username);
  if (await nameLockedOut(deps.store.db, pool.id, subject, deps.now())) throw attemptsExceeded();
  await check();
  if (await recordNameFailure(deps, pool.id, subject, deps.now())) throw new NotAuthorizedException(INCORRECT);
  throw attemptsExceeded();
}

/**
 * After the password check: a wrong one counts (or meets a lockout begun meanwhile); a right one
 * must find none. `readAt`: the read point taken before the user was read.
 */
export async function settlePassword(deps: Deps, user: User, proven: boolean, readAt: ReadPoint): Promise<void> {
  const now = deps.now();
  if (!proven) {
    if (await recordFailure(deps, user, now)) throw new NotAuthorizedException(INCORRECT);
    throw attemptsExceeded();
  }
  if (!(await admitSuccess(deps, user, now, readAt))) throw attemptsExceeded();
}

/**
 * InitiateAuth's and AdminInitiateAuth's ClientMetadata as PreAuthentication and UserMigration get
 * it: as their `validationData` ("This payload contains a validationData attribute, which provides
 * the data that you assigned to the ClientMetadata parameter in your InitiateAuth request", API
 * reference; the migrate user trigger's page likewise).
 */
export const initiateMetadata = (clientMetadata: Record<string, string> | undefined) =>
  clientMetadata ? { validationData: clientMetadata } : {};

/**
 * The user a username and password name, once the password is proven. Refusals in Cognito's
 * words; a client with PreventUserExistenceErrors answers an unknown user as a wrong password.
 */
export async function provePassword(
  deps: Deps,
  pool: Pool,
  client: Client,
  username: string,
  password: string,
  clientMetadata?: Record<string, string>,
): Promise<User> {
  const readAt = readPoint(deps.store.db);
  const user = await findUser(deps.store.db, pool, username);
  const hide = hidesUsers(client);
  if (!user) {
    // The pool's UserMigration may know the name; the function has checked the password.
    const migrated = await migrateUser(deps, pool, client, 'UserMigration_Authentication', username, {
      password,
      ...initiateMetadata(clientMetadata),
    });
    if (migrated) {
      if (migrated.status === 'RESET_REQUIRED') throw passwordResetRequired();
      return migrated;
    }
    if (!hide) throw new UserNotFoundException('User does not exist.');
    return refuseUnknown(deps, pool, username, () => checkNothing(deps, password));
  }
  // An unconfirmed user hears so whatever the password (AWS staff: intended;
  // amazon-archives/amazon-cognito-identity-js#288). Not from a hiding client: how AWS answers
  // there is not on record, and that answer to any password tells a user from a made-up name; so
  // the password comes first, and only whoever knows it hears that the user is not confirmed.
  if (user.status === 'UNCONFIRMED' && !hide) throw new UserNotConfirmedException('User is not confirmed.');
  if (user.status === 'RESET_REQUIRED' && !hide) throw passwordResetRequired();
  if (isLockedOut(user, deps.now())) throw attemptsExceeded();
  await preAuthentication(deps, pool, client, user, initiateMetadata(clientMetadata));
  const proven = !!user.passwordHash && (await verifyPassword(password, user.passwordHash));
  await settlePassword(deps, user, proven, readAt);
  if (user.status === 'UNCONFIRMED') throw new UserNotConfirmedException('User is not confirmed.');
  if (!user.srp) {
    // A password set before cognate kept SRP verifiers: this proof is the moment to make one.
    const srp = newVerifier(srpPoolName(pool.id), user.username, password);
    await deps.store.db
      .updateTable('users')
      .set({ srp_salt: srp.salt, srp_verifier: srp.verifier })
      .where('pool_id', '=', pool.id)
      .where('sub', '=', user.sub)
      .where('srp_verifier', 'is', null)
      .execute();
    user.srp = srp;
  }
  return user;
}

/**
 * A user whose password was reset (AdminResetUserPassword, an import) must set a new one with
 * ForgotPassword. To a sign-in with any password "Amazon Cognito returns a NotAuthorizedException
 * when PreventUserExistenceErrors is enabled. Otherwise, it returns PasswordResetRequiredException"
 * (developer guide, "Requiring imported users to reset their passwords"): so a client that does
 * not hide users hears it before the password is checked (clients, Amplify's authenticator among
 * them, branch on the exception's name to send the user to ForgotPassword); a hiding client only
 * after the password is proven. The text, without a final period, is the one apps compare.
 */
export const passwordResetRequired = () => new PasswordResetRequiredException('Password reset required for the user');

/** The states in which a proven user still may not sign in. */
export function checkSignInState(user: User, now: number): void {
  // Recorded with its final period (localstack/localstack#8454, the AWS CLI against Cognito).
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  if (user.status === 'RESET_REQUIRED') throw passwordResetRequired();
  // AWS's words for a temporary password past its validity: "User account has expired, it must be
  // reset by an administrator." (Stack Overflow 51109154, 2018; apps compare this exact text).
  if (user.status === 'FORCE_CHANGE_PASSWORD' && user.passwordExpiresAt !== null && user.passwordExpiresAt <= now) {
    throw new NotAuthorizedException('User account has expired, it must be reset by an administrator.');
  }
}

/** Required attributes the user has no value for (sub is never missing: it is not an attribute one sets). */
export function missingRequired(pool: Pool, attributes: Record<string, string>): string[] {
  return (pool.config.SchemaAttributes ?? [])
    .filter((a) => a.Required && a.Name && a.Name !== 'sub' && !attributes[a.Name])
    .map((a) => a.Name!);
}

/** What a NEW_PASSWORD_REQUIRED challenge shows: the user's attributes and the required ones to give. */
function newPasswordParameters(pool: Pool, user: User): Record<string, string> {
  const required = missingRequired(pool, user.attributes).map((name) => `userAttributes.${name}`);
  return {
    USER_ID_FOR_SRP: user.username,
    requiredAttributes: JSON.stringify(required),
    userAttributes: JSON.stringify(user.attributes),
  };
}

/**
 * After the password: a new password if the one used was temporary, then MFA (or a remembered
 * device in its place), then device SRP or the tokens (./device.ts). `deviceKey`: the DEVICE_KEY
 * the sign-in named; `finish`: how it ends (the API's tokens, or managed login's session).
 */
export async function afterPassword(
  deps: Deps,
  pool: Pool,
  client: Client,
  user: User,
  deviceKey?: string,
  finish: Finish = finishSignIn,
  source?: TokenSource,
): Promise<AuthStep> {
  if (user.status === 'FORCE_CHANGE_PASSWORD')
    return challenge(
      deps,
      pool,
      client,
      user,
      'NEW_PASSWORD_REQUIRED',
      newPasswordParameters(pool, user),
      deviceData(deviceKey),
    );
  const device = await namedDevice(deps, pool, user, deviceKey);
  if (device && skipsMfa(pool, device)) return deviceChallenge(deps, pool, client, user, device);
  const key = device?.device_key;
  return (await mfaStep(deps, pool, client, user, key)) ?? finish(deps, pool, client, user, key, source);
}

/** AWS's text for a missing auth parameter (aws/aws-sdk-cpp#452, SRP_A; aws/aws-sdk-php#1057, a raw 400 body). */
export function requireParameter(params: Record<string, string> | undefined, name: string): string {
  const v = params?.[name];
  if (v === undefined) throw new InvalidParameterException(`Missing required parameter ${name}`);
  return v;
}
