// A DEVELOPER pool's email goes out through the pool's SES identity, so SES's rules apply at every
// send, in the SES account and Region of the SourceArn: the identity (and From) must still be
// verified; in the sandbox the recipient must be verified too; SES's sending rate and 24-hour
// quota count it. SES's refusal reaches the API caller as Cognito passes it on:
// CodeDeliveryFailureException `Cognito received the following error from Amazon SES when
// attempting to send email: Email address is not verified. The following identities failed the
// check in region US-WEST-2: after@example.com` (recorded for UpdateUserAttributes from a sandboxed
// account, dev.classmethod.jp "cognito-sandbox-ses-codedeliveryfailureexception", 2023).
// AWS keeps the change that caused the message (the user is created: aws/aws-sdk#438) and answers
// the error afterwards; the refused message stays in the outbox as failed with SES's reason, where
// /_cognate/messages and `cognate doctor email` show it.
// COGNITO_DEFAULT keeps Cognito's own daily quota (messages/queue.ts).
import { CodeDeliveryFailureException } from '../../../generated/cognito-idp/errors.js';
import { enqueue, type NewMessage } from '../../../messaging/outbox.js';
import { failAfterCommit, type Tx } from '../../../store/store.js';
import type { Config } from '../../../config.js';
import { sendEmail } from '../../ses/sending.js';
import { parseSesIdentityArn, SES_ERROR_PREFIX } from '../pools/email-config.js';
import type { Pool } from '../pools/store.js';

export interface EmailGateOptions {
  cognitoEmail: Config['cognitoEmail'];
  sesProductionQuota: Config['sesProductionQuota'];
}

/** Sends one email of the pool in the caller's transaction; returns the message id. */
export async function sendPoolEmail(
  trx: Tx,
  pool: Pool,
  email: NewMessage,
  now: number,
  opts: EmailGateOptions,
): Promise<string> {
  const config = pool.config.EmailConfiguration;
  if (opts.cognitoEmail === 'direct' || config?.EmailSendingAccount !== 'DEVELOPER' || !config.SourceArn)
    return enqueue(trx, email, now);
  const arn = parseSesIdentityArn(config.SourceArn);
  if (!arn) return enqueue(trx, email, now); // refused when the pool was configured; a pool stored by an older version sends as before
  const source = email.sender ?? arn.identity;
  const sent = await sendEmail(
    trx,
    { account: arn.account, region: arn.region },
    {
      senders: [source],
      source,
      recipients: [email.destination],
      replyTo: email.replyTo,
      subject: email.subject,
      text: email.bodyText,
      html: email.bodyHtml,
      poolId: email.poolId,
      userSub: email.userSub,
      activity: email.activity,
      filedUnder: { account: email.account, region: email.region },
    },
    opts,
    now,
  );
  if (sent.refused) failAfterCommit(trx, new CodeDeliveryFailureException(SES_ERROR_PREFIX + sent.refused.message));
  return sent.messageId;
}
