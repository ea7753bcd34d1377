// What SendEmail and SendRawEmail share: admission and the v1 refusals (MessageRejected; past the
// rate or the daily quota `Throttling`, recorded with `Maximum sending rate exceeded.` in
// awsdocs/amazon-ses-developer-guide#60; the daily text is the SES guide's).
import type { Deps } from '../context.js';
import type { RequestContext } from '../../kernel/operation.js';
import { AwsError } from '../../kernel/errors.js';
import { MessageRejected } from '../../generated/ses/errors.js';
import { sendEmail, type OutgoingEmail } from './sending.js';
import { scopeOf } from './service.js';

export function sendV1(deps: Deps, ctx: RequestContext, email: OutgoingEmail): Promise<string> {
  const now = deps.now();
  return deps.store.tx(async (trx) => {
    const { messageId, refused } = await sendEmail(trx, scopeOf(ctx), email, deps.config, now);
    if (refused?.kind === 'unverified') throw new MessageRejected(refused.message);
    if (refused) throw new AwsError('Throttling', refused.message);
    return messageId;
  });
}
