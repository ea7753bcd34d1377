import type { AddCustomAttributesRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { addCustomAttributes } from '../pools/config.js';
import { customSchemaAttribute } from '../pools/schema.js';
import { getPool } from '../pools/store.js';

const AddCustomAttributes: Operation<AddCustomAttributesRequest> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId!);
  const schema = addCustomAttributes(pool.config.SchemaAttributes ?? [], input.CustomAttributes!.map(customSchemaAttribute));
  await deps.store.db.updateTable('user_pools')
    .set({ config: JSON.stringify({ ...pool.config, SchemaAttributes: schema }), updated_at: deps.now() })
    .where('id', '=', pool.id).execute();
  return {};
};
export default AddCustomAttributes;
