import type { SignUpRequest, SignUpResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { getClientAndPool } from '../pools/store.js';
import { checkSecretHash } from '../users/secret-hash.js';
import { signUp } from '../users/sign-up.js';

const SignUp: Operation<SignUpRequest, SignUpResponse> = async (deps, _ctx, input) => {
  const { client, pool } = await getClientAndPool(deps.store.db, input.ClientId);
  checkSecretHash(client, input.Username, input.SecretHash);
  return signUp(deps, pool, client, input);
};
export default SignUp;
