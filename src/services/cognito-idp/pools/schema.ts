// The 20 standard attributes every pool has, in the order DescribeUserPool lists them, with the
// string-valued constraints AWS returns (recorded 2023, docs/reference/aws-recorded.md §4.3).
import type { SchemaAttributeType } from '@aws-sdk/client-cognito-identity-provider';
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

/** A custom attribute as stored: named custom:<name> (dev:custom:<name> when developer-only). */
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
  if (given.AttributeDataType === 'String') attr.StringAttributeConstraints = given.StringAttributeConstraints ?? {};
  if (given.AttributeDataType === 'Number') attr.NumberAttributeConstraints = given.NumberAttributeConstraints ?? {};
  return attr;
}
