import type {
  RespondToAuthChallengeRequest,
  RespondToAuthChallengeResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { getClientAndPool } from '../pools/store.js';
import { respondToChallenge } from '../auth/respond.js';

const RespondToAuthChallenge: Operation<RespondToAuthChallengeRequest, RespondToAuthChallengeResponse> = async (
  deps,
  _ctx,
  input,
) => {
  const { client, pool } = await getClientAndPool(deps.store.db, input.ClientId);
  return respondToChallenge(deps, pool, client, input.ChallengeName, input.Session, input.ChallengeResponses);
};
export default RespondToAuthChallenge;
