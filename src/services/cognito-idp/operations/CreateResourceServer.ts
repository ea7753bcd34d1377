import type {
  CreateResourceServerRequest,
  CreateResourceServerResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { InvalidParameterException, LimitExceededException } from '../../../generated/cognito-idp/errors.js';
import { UniqueViolation } from '../../../store/errors.js';
import { callerOf } from '../caller.js';
import { getPool, raisePoolVersion } from '../pools/store.js';
import { MAX_RESOURCE_SERVERS, checkScopes, resourceServerType } from '../resource-servers/store.js';

const CreateResourceServer: Operation<CreateResourceServerRequest, CreateResourceServerResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const row = {
    pool_id: pool.id,
    identifier: input.Identifier,
    name: input.Name,
    scopes: JSON.stringify(checkScopes(input.Scopes)),
    created_at: deps.now(),
  };
  try {
    await deps.store.tx(async (trx) => {
      const { n } = await trx
        .selectFrom('resource_servers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('pool_id', '=', pool.id)
        .executeTakeFirstOrThrow();
      // AWS's text for the 26th is not on record: cognate's words.
      if (Number(n) >= MAX_RESOURCE_SERVERS) {
        throw new LimitExceededException(`A user pool can have at most ${MAX_RESOURCE_SERVERS} resource servers.`);
      }
      await trx.insertInto('resource_servers').values(row).execute();
      await raisePoolVersion(trx, pool.id);
    });
  } catch (e) {
    // AWS's text for a taken identifier is not on record: cognate's words.
    if (e instanceof UniqueViolation) {
      throw new InvalidParameterException(`A resource server with identifier ${input.Identifier} already exists.`);
    }
    throw e;
  }
  return { ResourceServer: resourceServerType(row) };
};
export default CreateResourceServer;
