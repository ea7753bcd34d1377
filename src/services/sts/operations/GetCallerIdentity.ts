import type { GetCallerIdentityRequest, GetCallerIdentityResponse } from '@aws-sdk/client-sts';
import type { Operation } from '../../context.js';

/** Who the signature says is calling. Keys are not issued by cognate, so every caller is its account's root. */
const GetCallerIdentity: Operation<GetCallerIdentityRequest, GetCallerIdentityResponse> = async (_deps, ctx) => {
  const { account, accessKey } = ctx.caller!;
  return { Account: account, UserId: accessKey, Arn: `arn:aws:iam::${account}:root` };
};
export default GetCallerIdentity;
