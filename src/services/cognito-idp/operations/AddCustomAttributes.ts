import type {
  AddCustomAttributesRequest,
  AddCustomAttributesResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { addCustomAttributes } from '../pools/config.js';
import { customSchemaAttribute } from '../pools/schema.js';
import { getPool, updatePool } from '../pools/store.js';

const AddCustomAttributes: Operation<AddCustomAttributesRequest, AddCustomAttributesResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const schema = addCustomAttributes(
    pool.config.SchemaAttributes ?? [],
    input.CustomAttributes.map(customSchemaAttribute),
  );
  await updatePool(deps.store.db, pool, { config: { ...pool.config, SchemaAttributes: schema } }, deps.now());
  return {};
};
export default AddCustomAttributes;
