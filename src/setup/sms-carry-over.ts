// UpdateUserPool resets every member a request leaves out to its default ("Updating user pool and
// app client configuration" in the developer guide; the mission's documents warn of it;
// docs/reference/cognito-messaging-facts.md §1.7). So a procedure that changes one member sends
// back every other member DescribeUserPool shows. Which members those are comes from the service
// model: the members of UpdateUserPoolRequest, each read from the UserPoolType member of the same
// name, so a member a future model adds is carried over without a change here.
import type { UpdateUserPoolRequest, UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import { model } from '../generated/cognito-idp/model.js';

/** The two request members whose DescribeUserPool member has another name. */
const RENAMED: Record<string, string> = { UserPoolId: 'Id', PoolName: 'Name' };

const membersOf = (shape: string): string[] => Object.keys((model.shapes[shape]?.m as Record<string, string>) ?? {});

/**
 * The members UpdateUserPool takes, each with the DescribeUserPool member it is read from. Throws
 * if the model has a request member that DescribeUserPool does not show (a model update that
 * needs a look), rather than silently resetting it.
 */
export function carriedMembers(): [request: string, described: string][] {
  const described = new Set(membersOf('UserPoolType'));
  return membersOf('UpdateUserPoolRequest').map((m) => {
    const from = RENAMED[m] ?? m;
    if (!described.has(from))
      throw new Error(`UpdateUserPoolRequest.${m} has no DescribeUserPool member to carry it over from`);
    return [m, from];
  });
}

/** An UpdateUserPool request that changes `changes` and leaves every other member as `pool` has it. */
export function updateUserPoolInput(
  pool: UserPoolType,
  changes: Partial<UpdateUserPoolRequest>,
): UpdateUserPoolRequest {
  const source = pool as Record<string, unknown>;
  const input: Record<string, unknown> = {};
  for (const [member, from] of carriedMembers()) if (source[from] !== undefined) input[member] = source[from];
  const admin = input.AdminCreateUserConfig as UserPoolType['AdminCreateUserConfig'];
  const policies = input.Policies as UserPoolType['Policies'];
  // DescribeUserPool shows the legacy UnusedAccountValidityDays beside the password policy's
  // TemporaryPasswordValidityDays, and UpdateUserPool refuses the two together ("Please use
  // TemporaryPasswordValidityDays in PasswordPolicy instead of UnusedAccountValidityDays"; Terraform's
  // AWS provider drops the legacy member on that answer, internal/service/cognitoidp/user_pool.go).
  // The legacy member only mirrors the policy's value, so leaving it out resets nothing.
  if (
    admin?.UnusedAccountValidityDays !== undefined &&
    policies?.PasswordPolicy?.TemporaryPasswordValidityDays !== undefined
  ) {
    const { UnusedAccountValidityDays: _legacy, ...rest } = admin;
    input.AdminCreateUserConfig = rest;
  }
  return { ...input, ...changes } as UpdateUserPoolRequest;
}
