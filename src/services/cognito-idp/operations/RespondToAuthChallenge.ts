import type {
  RespondToAuthChallengeRequest,
  RespondToAuthChallengeResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { getClientAndPool } from '../pools/store.js';
import { respondToChallenge } from '../auth/respond.js';
import { auditChallenge } from '../risk/audit.js';

const RespondToAuthChallenge: Operation<RespondToAuthChallengeRequest, RespondToAuthChallengeResponse> = async (
  deps,
  ctx,
  input,
) => {
  const { client, pool } = await getClientAndPool(deps.store.db, input.ClientId);
  const { ChallengeName, Session, ChallengeResponses } = input;
  return auditChallenge(
    deps,
    ctx.requestId,
    pool,
    client,
    ChallengeName,
    Session,
    ChallengeResponses,
    input.UserContextData,
    (d) =>
      respondToChallenge(
        d,
        pool,
        client,
        ChallengeName,
        Session,
        ChallengeResponses,
        input.UserContextData?.IpAddress ?? ctx.sourceIp,
      ),
  );
};
export default RespondToAuthChallenge;
