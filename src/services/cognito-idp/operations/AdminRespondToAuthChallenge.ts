import type {
  AdminRespondToAuthChallengeRequest,
  AdminRespondToAuthChallengeResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getClient, getPool } from '../pools/store.js';
import { respondToChallenge } from '../auth/respond.js';
import { auditChallenge } from '../risk/audit.js';

const AdminRespondToAuthChallenge: Operation<
  AdminRespondToAuthChallengeRequest,
  AdminRespondToAuthChallengeResponse
> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const client = await getClient(deps.store.db, pool.id, input.ClientId);
  const { ChallengeName, Session, ChallengeResponses } = input;
  return auditChallenge(
    deps,
    ctx.requestId,
    pool,
    client,
    ChallengeName,
    Session,
    ChallengeResponses,
    input.ContextData,
    (d) =>
      respondToChallenge(
        d,
        pool,
        client,
        ChallengeName,
        Session,
        ChallengeResponses,
        input.ContextData?.IpAddress ?? ctx.sourceIp,
      ),
  );
};
export default AdminRespondToAuthChallenge;
