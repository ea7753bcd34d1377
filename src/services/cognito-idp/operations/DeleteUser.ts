import type { DeleteUserRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { authenticate } from '../tokens/verify.js';
import { deleteUserData } from '../users/delete.js';

const DeleteUser: Operation<DeleteUserRequest, void> = async (deps, _ctx, input) => {
  const { pool, user } = await authenticate(deps, input.AccessToken);
  await deps.store.tx((trx) => deleteUserData(trx, pool.id, user.sub));
};
export default DeleteUser;
