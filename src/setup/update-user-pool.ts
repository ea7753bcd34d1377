// UpdateUserPool sets every member it is not sent to its default ("If you don't provide a value
// for an attribute, Amazon Cognito sets it to its default value": the operation's documentation;
// docs/reference/cognito-messaging-facts.md §1.7), so a setup that changes one setting sends all
// the others back as DescribeUserPool shows them. Which members those are comes from the service
// model, not from a list written here: every member of UpdateUserPoolRequest but the pool's id,
// read from the member of UserPoolType with the same name, or else the one member of UserPoolType
// with the same shape (PoolName is UserPoolType's Name). A model update that adds a member is
// carried over without a change here; one this rule cannot place fails loudly.
import type { UpdateUserPoolRequest, UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import { model } from '../generated/cognito-idp/model.js';

function members(shape: string): Record<string, string> {
  const m = model.shapes[shape]?.m;
  if (!m || typeof m === 'string') throw new Error(`cognito-idp model: ${shape} is not a structure`);
  return m;
}

/** UpdateUserPoolRequest member → the UserPoolType member DescribeUserPool shows it in. */
export const CARRIED: Readonly<Record<string, string>> = (() => {
  const request = members(model.operations.UpdateUserPool.input!);
  const pool = members('UserPoolType');
  const map: Record<string, string> = {};
  for (const [name, shape] of Object.entries(request)) {
    if (name === 'UserPoolId') continue;
    if (pool[name] === shape) map[name] = name;
    else {
      const same = Object.keys(pool).filter((p) => pool[p] === shape && !(p in request));
      if (same.length !== 1) throw new Error(`UpdateUserPoolRequest.${name}: no single UserPoolType member holds it`);
      map[name] = same[0];
    }
  }
  return map;
})();

/**
 * The UpdateUserPool input that leaves the pool as DescribeUserPool shows it, with `changes` on top.
 */
export function carryOver(pool: UserPoolType, changes: Partial<UpdateUserPoolRequest>): UpdateUserPoolRequest {
  const input: Record<string, unknown> = { UserPoolId: pool.Id };
  for (const [member, from] of Object.entries(CARRIED)) {
    const value = (pool as Record<string, unknown>)[from];
    if (value !== undefined) input[member] = value;
  }
  const request = { ...input, ...changes } as UpdateUserPoolRequest;
  // DescribeUserPool shows the deprecated AdminCreateUserConfig.UnusedAccountValidityDays beside
  // PasswordPolicy.TemporaryPasswordValidityDays, and UpdateUserPool refuses the two together
  // ("Please use TemporaryPasswordValidityDays in PasswordPolicy instead of
  // UnusedAccountValidityDays": pulumi/pulumi-aws-native#1256, aws/aws-sdk-js#3817): the
  // deprecated mirror is left out when the password policy carries the value.
  const admin = request.AdminCreateUserConfig;
  if (
    admin?.UnusedAccountValidityDays !== undefined &&
    request.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays !== undefined
  ) {
    const { UnusedAccountValidityDays: _mirror, ...rest } = admin;
    request.AdminCreateUserConfig = rest;
  }
  return request;
}
