// User attributes against the pool's schema: names that exist, values within the constraints,
// required attributes present, immutable ones left alone.
import type { AttributeType, SchemaAttributeType } from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import type { Pool } from '../pools/store.js';

const E164 = /^\+[0-9]{4,15}$/;
const EMAIL = /^[^@\s]+@[^@\s]+$/;

function schemaOf(pool: Pool): Map<string, SchemaAttributeType> {
  return new Map((pool.config.SchemaAttributes ?? []).map((a) => [a.Name!, a]));
}

/**
 * Attributes the schema does not have, every one named, each line ending in a newline. Creating a
 * user (SignUp, AdminCreateUser): `Attributes did not conform to the schema: custom:a: Attribute
 * does not exist in the schema.\ncustom:b: ...\n` (aws-amplify/amplify-flutter#509, 2021;
 * aws-amplify/amplify-js#2167, 2018). Changing one (UpdateUserAttributes and the operations that
 * change or delete attributes): `user.custom:a: Attribute does not exist in the schema.\nuser.custom:b:
 * ...\n` (aws-amplify/amplify-flutter#1531, 2022). For AdminUpdateUserAttributes and the delete
 * operations AWS's text is not on record: cognate words them as UpdateUserAttributes'.
 */
export function unknownAttributes(names: string[], when: 'creating' | 'updating'): InvalidParameterException {
  const lines = names.map(
    (n) => `${when === 'updating' ? 'user.' : ''}${n}: Attribute does not exist in the schema.\n`,
  );
  return new InvalidParameterException(
    when === 'creating' ? `Attributes did not conform to the schema: ${lines.join('')}` : lines.join(''),
  );
}

/** Turns AWS's list form into a map, checking each attribute against the schema. */
export function checkAttributes(
  pool: Pool,
  given: AttributeType[] | undefined,
  opts: { creating: boolean },
): Record<string, string> {
  const schema = schemaOf(pool);
  const unknown = (given ?? []).map((a) => a.Name!).filter((name) => !schema.has(name) || name === 'sub');
  if (unknown.length) throw unknownAttributes(unknown, opts.creating ? 'creating' : 'updating');
  const out: Record<string, string> = {};
  for (const { Name, Value } of given ?? []) {
    const name = Name!;
    const attr = schema.get(name)!;
    const value = Value ?? '';
    // Of the texts below only the phone number's is on record (amazon-archives/amazon-cognito-identity-js#316,
    // 2017; dabit3/gatsby-auth-starter-aws-amplify#31, 2020); the others are cognate's words, in
    // the recorded forms (`user.<name>: ...\n` for a change, "Attributes did not conform to the schema: ...").
    if (!opts.creating && attr.Mutable === false)
      throw new InvalidParameterException(`user.${name}: Attribute cannot be updated.\n`);
    if (attr.AttributeDataType === 'Boolean' && value !== 'true' && value !== 'false') {
      throw new InvalidParameterException(
        `Attributes did not conform to the schema: ${name}: Attribute value must be true or false`,
      );
    }
    const c = attr.StringAttributeConstraints;
    if (c && value.length > Number(c.MaxLength ?? 2048)) {
      throw new InvalidParameterException(`${name}: String must be no longer than ${c.MaxLength} characters`);
    }
    if (name === 'email' && value !== '' && !EMAIL.test(value))
      throw new InvalidParameterException('Invalid email address format.');
    if (name === 'phone_number' && value !== '' && !E164.test(value))
      throw new InvalidParameterException('Invalid phone number format.');
    out[name] = value;
  }
  if (opts.creating) {
    const missing = [...schema.values()].filter((a) => a.Required && a.Name !== 'sub' && !(a.Name! in out));
    if (missing.length) {
      throw new InvalidParameterException(
        `Attributes did not conform to the schema: ${missing.map((a) => `${a.Name}: The attribute is required\n`).join('')}`,
      );
    }
  }
  return out;
}

/** Changing an email or phone number makes it unverified again, unless the caller says otherwise. */
export function applyAttributes(
  current: Record<string, string>,
  changes: Record<string, string>,
): Record<string, string> {
  const next = { ...current, ...changes };
  for (const attr of ['email', 'phone_number']) {
    if (attr in changes && changes[attr] !== current[attr] && !(`${attr}_verified` in changes))
      next[`${attr}_verified`] = 'false';
  }
  return next;
}
