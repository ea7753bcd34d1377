import type {
  UpdateAuthEventFeedbackRequest,
  UpdateAuthEventFeedbackResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { getPoolById, noSuchPool } from '../pools/store.js';
import { requireUser } from '../users/store.js';
import { requireThreatProtection } from '../risk/mode.js';
import { checkFeedbackToken, giveFeedback } from '../risk/feedback.js';

/**
 * Feedback a user gives through a notification's link, unsigned, proven by its FeedbackToken.
 * Its Provider: "User" (AWS's value for a user's feedback is not on record; cognate's word).
 */
const UpdateAuthEventFeedback: Operation<UpdateAuthEventFeedbackRequest, UpdateAuthEventFeedbackResponse> = async (
  deps,
  _ctx,
  input,
) => {
  const pool = await getPoolById(deps.store.db, input.UserPoolId);
  if (!pool) throw noSuchPool(input.UserPoolId);
  requireThreatProtection(pool);
  const user = await requireUser(deps.store.db, pool, input.Username);
  checkFeedbackToken(deps.serverKey, input.FeedbackToken, pool.id, user.sub, input.EventId);
  await giveFeedback(deps, pool, user.sub, input.EventId, input.FeedbackValue, 'User');
  return {};
};
export default UpdateAuthEventFeedback;
