import type {
  AdminUpdateAuthEventFeedbackRequest,
  AdminUpdateAuthEventFeedbackResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { requireUser } from '../users/store.js';
import { requireThreatProtection } from '../risk/mode.js';
import { giveFeedback } from '../risk/feedback.js';

/** Feedback an administrator gives: its Provider is "Admin", as for feedback from the console (API reference, EventFeedbackType). */
const AdminUpdateAuthEventFeedback: Operation<
  AdminUpdateAuthEventFeedbackRequest,
  AdminUpdateAuthEventFeedbackResponse
> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  requireThreatProtection(pool);
  const user = await requireUser(deps.store.db, pool, input.Username);
  await giveFeedback(deps, pool, user.sub, input.EventId, input.FeedbackValue, 'Admin');
  return {};
};
export default AdminUpdateAuthEventFeedback;
