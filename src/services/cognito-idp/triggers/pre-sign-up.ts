// PreSignUp: before a user is created by SignUp or AdminCreateUser (developer guide, "Pre sign-up
// Lambda trigger"). The handler may refuse (by throwing: UserLambdaValidationException), or answer
// autoConfirmUser, autoVerifyEmail, autoVerifyPhone. Called before the transaction that creates the
// user, so nothing is written when it refuses.
import type { Deps } from '../../context.js';
import type { Pool } from '../pools/store.js';
import { runTrigger } from './invoke.js';

export interface PreSignUpAnswer {
  autoConfirmUser: boolean;
  autoVerifyEmail: boolean;
  autoVerifyPhone: boolean;
}

export async function preSignUp(
  deps: Deps,
  pool: Pool,
  source: 'PreSignUp_SignUp' | 'PreSignUp_AdminCreateUser',
  call: {
    userName: string;
    attributes: Record<string, string>;
    clientId?: string;
    validationData?: Record<string, string>;
    clientMetadata?: Record<string, string>;
  },
): Promise<PreSignUpAnswer | undefined> {
  const response = await runTrigger(deps, pool, 'PreSignUp', {
    source,
    userName: call.userName,
    ...(call.clientId ? { clientId: call.clientId } : {}),
    request: {
      userAttributes: call.attributes,
      validationData: call.validationData ?? null,
      ...(call.clientMetadata ? { clientMetadata: call.clientMetadata } : {}),
    },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  });
  if (!response) return undefined;
  return {
    autoConfirmUser: response.autoConfirmUser === true,
    autoVerifyEmail: response.autoVerifyEmail === true,
    autoVerifyPhone: response.autoVerifyPhone === true,
  };
}

/** A list of AttributeType as the handler sees it: a plain object. */
export const attributeMap = (list: { Name?: string; Value?: string }[] | undefined): Record<string, string> =>
  Object.fromEntries((list ?? []).filter((a) => a.Name).map((a) => [a.Name!, a.Value ?? '']));
