import type { GetCSVHeaderRequest, GetCSVHeaderResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { csvHeader } from '../import/header.js';

const GetCSVHeader: Operation<GetCSVHeaderRequest, GetCSVHeaderResponse> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  return { UserPoolId: pool.id, CSVHeader: csvHeader(pool) };
};
export default GetCSVHeader;
