// A DEVELOPER pool's email goes out through the pool's SES identity, so SES's rules apply at every
// send, in the SES account and Region of the SourceArn: the identity (and From) must still be
// verified; in the sandbox the recipient must be verified too; SES's sending rate and 24-hour
// quota count it. SES's refusal reaches the API caller as Cognito passes it on:
// CodeDeliveryFailureException `Cognito received the following error from Amazon SES when
// attempting to send email: Email address is not verified. The following identities failed the
// check in region US-WEST-2: after@example.com` (recorded for UpdateUserAttributes from a sandboxed
// account, dev.classmethod.jp "cognito-sandbox-ses-codedeliveryfailureexception", 2023).
// COGNITO_DEFAULT keeps Cognito's own daily quota (messages/queue.ts).
import { CodeDeliveryFailureException } from '../../../generated/cognito-idp/errors.js';
import type { Tx } from '../../../store/store.js';
import type { Config } from '../../../config.js';
import { admit } from '../../ses/sending.js';
import { parseSesIdentityArn, SES_ERROR_PREFIX } from '../pools/email-config.js';
import type { Pool } from '../pools/store.js';

export interface EmailGateOptions {
  cognitoEmail: Config['cognitoEmail'];
  sesProductionQuota: Config['sesProductionQuota'];
}

/** Lets the email through SES's checks or throws what Cognito answers; counts it against the SES account. */
export async function gateDeveloperEmail(trx: Tx, pool: Pool, sender: string, destination: string, now: number, opts: EmailGateOptions): Promise<void> {
  const email = pool.config.EmailConfiguration;
  if (opts.cognitoEmail === 'direct' || email?.EmailSendingAccount !== 'DEVELOPER' || !email.SourceArn) return;
  const arn = parseSesIdentityArn(email.SourceArn);
  if (!arn) return; // refused when the pool was configured; a pool stored by an older version sends as before
  const refusal = await admit(trx, { account: arn.account, region: arn.region }, { senders: [sender], recipients: [destination] }, opts, now);
  if (refusal) throw new CodeDeliveryFailureException(SES_ERROR_PREFIX + refusal.message);
}
