import type { GetPolicyRequest, GetPolicyResponse } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { ResourceNotFoundException } from '../../../generated/lambda/errors.js';
import { parseFunctionName } from '../names.js';
import { resolveFunction } from '../functions.js';
import { readPolicy } from '../policy.js';

const GetPolicy: Operation<GetPolicyRequest, GetPolicyResponse> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const ref = parseFunctionName(scope, input.FunctionName, input.Qualifier);
  await resolveFunction(deps.store.db, scope, ref);
  const policy = await readPolicy(deps.store.db, scope, ref.name, ref.qualifier ?? '');
  // Lambda's text for a function without a policy (GetPolicy, ResourceNotFoundException).
  if (!policy) throw new ResourceNotFoundException('The resource you requested does not exist.');
  return { Policy: JSON.stringify(policy.doc), RevisionId: policy.revision };
};
export default GetPolicy;
