import type { GetSendStatisticsResponse } from '@aws-sdk/client-ses';
import type { Operation } from '../../context.js';
import { sendStatistics } from '../account.js';
import { scopeOf } from '../service.js';

/**
 * Fifteen-minute data points over the last two weeks (API_GetSendStatistics). cognate hands every
 * accepted message over, so bounces, complaints and rejects stay 0.
 */
const GetSendStatistics: Operation<void, GetSendStatisticsResponse> = async (deps, ctx) => {
  const points = await sendStatistics(deps.store.db, scopeOf(ctx), deps.now());
  return {
    SendDataPoints: points.map((p) => ({
      Timestamp: new Date(p.at),
      DeliveryAttempts: p.attempts,
      Bounces: 0,
      Complaints: 0,
      Rejects: 0,
    })),
  };
};
export default GetSendStatistics;
