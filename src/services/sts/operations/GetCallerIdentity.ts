import type { GetCallerIdentityRequest, GetCallerIdentityResponse } from '@aws-sdk/client-sts';
import type { Operation } from '../../context.js';
import { findSession } from '../sessions.js';

/**
 * Who the signature says is calling: the role session for keys AssumeRole issued, otherwise the
 * account's root (cognate issues no long-term keys).
 */
const GetCallerIdentity: Operation<GetCallerIdentityRequest, GetCallerIdentityResponse> = async (deps, ctx) => {
  const { account, accessKey } = ctx.caller!;
  const session = await findSession(deps.store.db, accessKey, deps.now());
  if (session) return { Account: session.account, UserId: session.userId, Arn: session.arn };
  return { Account: account, UserId: accessKey, Arn: `arn:aws:iam::${account}:root` };
};
export default GetCallerIdentity;
