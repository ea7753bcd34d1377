// One line of the import file made into a user, or the reason it cannot be one. The rules are the
// developer guide's ("Formatting the .csv file"); where it gives the reason a line is refused the
// text is AWS's ("Viewing the user pool import results": `The User Record does not set any of the
// auto verified attributes to true. (Example: email_verified to true).`), the other reasons are
// cognate's words, marked so. A schema violation reads as the same check answers AdminCreateUser.
import { AwsError } from '../../../kernel/errors.js';
import type { Pool } from '../pools/store.js';
import { checkAttributes } from '../users/attributes.js';
import { MFA_COLUMN, USERNAME_COLUMN } from './header.js';
import { MAX_LINE_CHARS } from './csv.js';

export interface ImportRow {
  username: string;
  attributes: Record<string, string>;
  mfaEnabled: boolean;
}

export class RowRefused extends Error {}

const NO_AUTO_VERIFIED =
  'The User Record does not set any of the auto verified attributes to true. (Example: email_verified to true).';

/** Reads a flag as AWS's own sample writes it (TRUE, FALSE) or as the API does (true, false). */
function flag(value: string | undefined): boolean | undefined {
  const v = value?.toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

/** birthdate: "must be in the format mm/dd/yyyy" (developer guide); the API's YYYY-MM-DD is taken too (cognate's leniency). */
const BIRTHDATE = /^(?:(0[1-9]|1[0-2])\/(0[1-9]|[12]\d|3[01])\/\d{4}|\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))$/;

/** The pool-wide rules a line is read against, worked out once per job. */
export interface RowRules {
  header: string[];
  usernameAt: number;
  mfaAt: number;
  autoVerified: ('email' | 'phone_number')[];
  mfa: 'ON' | 'OFF' | 'OPTIONAL';
}

export function rowRules(pool: Pool, header: string[]): RowRules {
  return {
    header,
    usernameAt: header.indexOf(USERNAME_COLUMN),
    mfaAt: header.indexOf(MFA_COLUMN),
    autoVerified: (pool.config.AutoVerifiedAttributes ?? []) as ('email' | 'phone_number')[],
    mfa: (pool.config.MfaConfiguration ?? 'OFF') as RowRules['mfa'],
  };
}

/** The user a line describes; throws RowRefused with the reason it is not imported. */
export function readRow(pool: Pool, rules: RowRules, text: string, fields: string[]): ImportRow {
  // Not on record: cognate's words, for this and the other refusals below but the auto-verified one.
  if (text.length > MAX_LINE_CHARS) throw new RowRefused(`The line is longer than ${MAX_LINE_CHARS} characters.`);
  if (fields.length !== rules.header.length)
    throw new RowRefused(`The line has ${fields.length} values where the header has ${rules.header.length} columns.`);
  const username = fields[rules.usernameAt];
  if (!username) throw new RowRefused('The cognito:username value is missing.');
  if (/[\s]/.test(username)) throw new RowRefused('The cognito:username value cannot contain spaces or tabs.');
  const mfaEnabled = flag(fields[rules.mfaAt]);
  if (mfaEnabled === undefined) throw new RowRefused('The cognito:mfa_enabled value must be true or false.');
  if (rules.mfa === 'ON' && !mfaEnabled)
    throw new RowRefused('The cognito:mfa_enabled value must be true: the user pool requires MFA.');
  if (rules.mfa === 'OFF' && mfaEnabled)
    throw new RowRefused('The cognito:mfa_enabled value must be false: the user pool has MFA turned off.');
  const given: { Name: string; Value: string }[] = [];
  for (let i = 0; i < fields.length; i++) {
    if (i === rules.usernameAt || i === rules.mfaAt || fields[i] === '') continue;
    const name = rules.header[i];
    let value = fields[i];
    if (name === 'email_verified' || name === 'phone_number_verified') {
      const f = flag(value);
      if (f === undefined) throw new RowRefused(`The ${name} value must be true or false.`);
      value = String(f);
    }
    if (name === 'birthdate' && !BIRTHDATE.test(value))
      throw new RowRefused('The birthdate value must be in the format mm/dd/yyyy.');
    if (name === 'updated_at' && !/^\d+$/.test(value))
      throw new RowRefused('The updated_at value must be a time in epoch seconds.');
    given.push({ Name: name, Value: value });
  }
  let attributes: Record<string, string>;
  try {
    attributes = checkAttributes(pool, given, { creating: true });
  } catch (e) {
    if (e instanceof AwsError) throw new RowRefused(e.message.trim());
    throw e;
  }
  // "At least one of the auto-verified attributes must be true for each user ... If the user pool
  // only has one auto-verified attribute, that attribute must be verified for each user."
  if (!rules.autoVerified.some((a) => attributes[`${a}_verified`] === 'true')) throw new RowRefused(NO_AUTO_VERIFIED);
  for (const a of ['email', 'phone_number'] as const) {
    if (attributes[`${a}_verified`] === 'true' && !attributes[a])
      throw new RowRefused(`The ${a}_verified value is true but the ${a} value is missing.`);
  }
  return { username, attributes, mfaEnabled };
}
