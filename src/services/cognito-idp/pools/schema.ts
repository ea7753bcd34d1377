// The 20 standard attributes every pool has, in the order DescribeUserPool lists them, with the
// string-valued constraints AWS returns (recorded 2023, docs/reference/aws-recorded.md §4.3).
import type {
  NumberAttributeConstraintsType,
  SchemaAttributeType,
  StringAttributeConstraintsType,
} from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';

const str = (Name: string, min = '0', max = '2048', extra: Partial<SchemaAttributeType> = {}): SchemaAttributeType => ({
  Name,
  AttributeDataType: 'String',
  DeveloperOnlyAttribute: false,
  Mutable: true,
  Required: false,
  StringAttributeConstraints: { MinLength: min, MaxLength: max },
  ...extra,
});
const bool = (Name: string): SchemaAttributeType => ({
  Name,
  AttributeDataType: 'Boolean',
  DeveloperOnlyAttribute: false,
  Mutable: true,
  Required: false,
});

export const STANDARD_SCHEMA: readonly SchemaAttributeType[] = [
  str('sub', '1', '2048', { Mutable: false, Required: true }),
  str('name'),
  str('given_name'),
  str('family_name'),
  str('middle_name'),
  str('nickname'),
  str('preferred_username'),
  str('profile'),
  str('picture'),
  str('website'),
  str('email'),
  bool('email_verified'),
  str('gender'),
  str('birthdate', '10', '10'),
  str('zoneinfo'),
  str('locale'),
  str('phone_number'),
  bool('phone_number_verified'),
  str('address'),
  {
    Name: 'updated_at',
    AttributeDataType: 'Number',
    DeveloperOnlyAttribute: false,
    Mutable: true,
    Required: false,
    NumberAttributeConstraints: { MinValue: '0' },
  },
];

export const STANDARD_NAMES = new Set(STANDARD_SCHEMA.map((a) => a.Name!));

/**
 * Schema refusals. AWS's texts are on record for one: a Terraform user quoted "You can not change
 * AttributeDataType or set developerOnlyAttribute for standard schema attribute email_verified"
 * from CreateUserPool (docs/reference/cognito-validation-facts.md §2). The others are moto's (getmoto/moto#4493,
 * 2021, worded in the same `user.<name>:` form), which suites written against moto assert; AWS's
 * own texts for them are not on record. The 2048 cap is the developer guide's for string attributes.
 */
const MAX_STRING_LENGTH = 2048;

/** A constraint's value as AWS takes it: a whole number in a string (negative only for numbers). */
function limit(value: string | undefined, negative: boolean): number | undefined {
  if (value === undefined) return undefined;
  return (negative ? /^-?\d+$/ : /^\d+$/).test(value.trim()) ? Number(value) : Number.NaN;
}

function checkStringConstraints(name: string, c: StringAttributeConstraintsType): void {
  const min = limit(c.MinLength, false);
  const max = limit(c.MaxLength, false);
  if (Number.isNaN(min) || Number.isNaN(max))
    throw new InvalidParameterException(`Invalid StringAttributeConstraints for schema attribute ${name}`);
  if ((min ?? 0) > MAX_STRING_LENGTH || (max ?? 0) > MAX_STRING_LENGTH)
    throw new InvalidParameterException(
      `user.${name}: String attributes cannot have a length of more than ${MAX_STRING_LENGTH}`,
    );
  if (min !== undefined && max !== undefined && min > max)
    throw new InvalidParameterException(`user.${name}: Max length cannot be less than min length.`);
}

function checkNumberConstraints(name: string, c: NumberAttributeConstraintsType): void {
  // Negative bounds are accepted: the model allows any number and AWS's refusal of one is not on record.
  const min = limit(c.MinValue, true);
  const max = limit(c.MaxValue, true);
  if (Number.isNaN(min) || Number.isNaN(max))
    throw new InvalidParameterException(`Invalid NumberAttributeConstraints for schema attribute ${name}`);
  if (min !== undefined && max !== undefined && min > max)
    throw new InvalidParameterException(`user.${name}: Max value cannot be less than min value.`);
}

/**
 * A standard attribute as the pool's Schema adjusts it: Required, Mutable and the constraints of its
 * own type; its type and DeveloperOnlyAttribute are fixed.
 */
export function standardSchemaAttribute(
  standard: SchemaAttributeType,
  given: SchemaAttributeType,
): SchemaAttributeType {
  const name = standard.Name!;
  if (
    (given.AttributeDataType && given.AttributeDataType !== standard.AttributeDataType) ||
    given.DeveloperOnlyAttribute
  )
    throw new InvalidParameterException(
      `You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute ${name}`,
    );
  const attr = { ...standard };
  if (given.Required !== undefined) attr.Required = given.Required;
  if (given.Mutable !== undefined) attr.Mutable = given.Mutable;
  if (standard.StringAttributeConstraints && given.StringAttributeConstraints) {
    attr.StringAttributeConstraints = { ...standard.StringAttributeConstraints, ...given.StringAttributeConstraints };
    checkStringConstraints(name, attr.StringAttributeConstraints);
  }
  if (standard.NumberAttributeConstraints && given.NumberAttributeConstraints) {
    attr.NumberAttributeConstraints = { ...standard.NumberAttributeConstraints, ...given.NumberAttributeConstraints };
    checkNumberConstraints(name, attr.NumberAttributeConstraints);
  }
  return attr;
}

/**
 * A custom attribute as stored: named custom:<name> (dev:custom:<name> when developer-only; a name
 * that already starts with custom: gets a second one, as AWS names it: awsdocs/aws-cloudformation-user-guide#932).
 * Only its own type's constraints are kept. What AWS shows for an attribute created without
 * constraints is not on record beyond its own unconstrained string attribute `identities`, which
 * carries `StringAttributeConstraints: {}`; so a String one gets that empty member, and a Number
 * one none, as moto answers (getmoto/moto#5074, made to pass Terraform's acceptance tests) and as
 * Terraform's provider needs to read a Number schema entry without a constraints block back
 * unchanged (it skips only an empty string block: internal/service/cognitoidp/user_pool.go,
 * skipFlatteningStringAttributeContraints). Boolean and DateTime attributes have none.
 */
export function customSchemaAttribute(given: SchemaAttributeType): SchemaAttributeType {
  const name = given.Name!;
  if (!given.AttributeDataType)
    throw new InvalidParameterException(
      `Invalid AttributeDataType input, consider using the provided AttributeDataType enum.`,
    );
  if (given.Required) throw new InvalidParameterException('Required custom attributes are not supported currently.');
  const attr: SchemaAttributeType = {
    Name: `${given.DeveloperOnlyAttribute ? 'dev:' : ''}custom:${name}`,
    AttributeDataType: given.AttributeDataType,
    DeveloperOnlyAttribute: given.DeveloperOnlyAttribute ?? false,
    Mutable: given.Mutable ?? true,
    Required: false,
  };
  if (given.AttributeDataType === 'String') {
    attr.StringAttributeConstraints = { ...given.StringAttributeConstraints };
    checkStringConstraints(attr.Name!, attr.StringAttributeConstraints);
  }
  if (given.AttributeDataType === 'Number' && given.NumberAttributeConstraints) {
    attr.NumberAttributeConstraints = { ...given.NumberAttributeConstraints };
    checkNumberConstraints(attr.Name!, attr.NumberAttributeConstraints);
  }
  return attr;
}
