// What SendEmail and SendRawEmail share: admission and the v1 refusals (MessageRejected; past the
// rate or the daily quota `Throttling`, recorded with `Maximum sending rate exceeded.` in
// awsdocs/amazon-ses-developer-guide#60; the daily text is the SES guide's).
import type { Deps } from '../context.js';
import type { RequestContext } from '../../kernel/operation.js';
import { AwsError } from '../../kernel/errors.js';
import { MessageRejected } from '../../generated/ses/errors.js';
import { admit, queueEmail, type OutgoingEmail } from './sending.js';
import { scopeOf } from './service.js';

export async function sendV1(deps: Deps, ctx: RequestContext, senders: string[], email: OutgoingEmail): Promise<string> {
  const scope = scopeOf(ctx);
  const now = deps.now();
  const id = await deps.store.tx(async (trx) => {
    const refusal = await admit(trx, scope, { senders, recipients: email.recipients }, deps.config, now);
    if (refusal?.kind === 'unverified') throw new MessageRejected(refusal.message);
    if (refusal) throw new AwsError('Throttling', refusal.message);
    return queueEmail(trx, scope, email, now);
  });
  deps.messagesQueued();
  return id;
}
