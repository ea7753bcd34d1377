// The account's request-rate limits per API category (Get/UpdateProvisionedLimit), per account and
// Region. The categories and their free (default) rates, in requests per second, are the developer
// guide's ("Quotas in Amazon Cognito", operation quotas; docs/reference/cognito-messaging-facts.md
// §6.1), as is which of them may be raised. A provisioned value lies between the free rate and the
// account's maximum in Service Quotas (UpdateProvisionedLimit, API reference); cognate has no
// Service Quotas and takes ten times the free rate as that maximum (cognate's choice). A limit set
// is enforced (throttle.ts; which operation counts against which category: rate-categories.ts).
// Refusal texts are cognate's.
import type { LimitDefinitionType } from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';

export const FREE_RPS: Record<string, number> = {
  UserAuthentication: 120,
  UserCreation: 50,
  UserFederation: 25,
  UserAccountRecovery: 30,
  UserRead: 120,
  UserUpdate: 25,
  UserToken: 120,
  UserResourceRead: 50,
  UserResourceUpdate: 25,
  UserList: 30,
  UserPoolRead: 15,
  UserPoolUpdate: 15,
  UserPoolResourceRead: 20,
  UserPoolResourceUpdate: 15,
  UserPoolClientRead: 15,
  UserPoolClientUpdate: 15,
  ClientAuthentication: 150,
};

export const ADJUSTABLE = new Set([
  'UserAuthentication',
  'UserCreation',
  'UserFederation',
  'UserRead',
  'UserToken',
  'UserResourceRead',
  'ClientAuthentication',
]);

export const MAX_FACTOR = 10;

/** The category a limit definition names (LimitClass API_CATEGORY, attribute Category). */
export function categoryOf(def: LimitDefinitionType): string {
  const category = def.Attributes?.Category;
  const extra = Object.keys(def.Attributes ?? {}).filter((k) => k !== 'Category');
  if (category === undefined || extra.length)
    throw new InvalidParameterException('An API_CATEGORY limit is named by exactly one attribute, Category.');
  if (!Object.hasOwn(FREE_RPS, category))
    throw new InvalidParameterException(
      `${category} is not an API category. Valid categories: ${Object.keys(FREE_RPS).join(', ')}.`,
    );
  return category;
}
