// The way a user pool's SMS leaves Cognito, as on AWS: Cognito assumes the pool's SMS role (trust
// policy and ExternalId evaluated at send time too, so a role changed after the pool was set up
// stops SMS at once), then publishes with SNS, whose rules (sandbox, opt-outs, spend limit, US
// origination) decide whether the SMS reaches the phone; SNS's refusals are not API errors
// (sns/publish.ts), so the Cognito call still succeeds and the message shows as failed with
// SNS's reason in /_cognate/messages and `cognate doctor sms`.
//
// A pool without SmsConfiguration cannot send SMS on AWS: AdminCreateUser answered
// `InvalidParameterException: User pool does not have SMS configuration to send messages.`
// (recorded in rahulpsd18/cognito-backup-restore). With `--cognito-sms direct` cognate instead
// hands every SMS straight to the transport, unchecked.
import type { NewMessage } from '../../../messaging/outbox.js';
import { enqueue } from '../../../messaging/outbox.js';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import type { Tx } from '../../../store/store.js';
import { publishSms } from '../../sns/publish.js';
import type { Pool } from '../pools/store.js';
import { requireUsableRole, snsScopeOf } from '../pools/sms-config.js';

export const NO_SMS_CONFIGURATION = 'User pool does not have SMS configuration to send messages.';

export interface SmsGateOptions {
  cognitoSms: 'aws' | 'direct';
}

/** Sends one SMS of the pool in the caller's transaction; returns the message id. */
export async function sendPoolSms(
  trx: Tx,
  pool: Pool,
  sms: NewMessage,
  now: number,
  opts: SmsGateOptions,
): Promise<string> {
  if (opts.cognitoSms === 'direct') return enqueue(trx, sms, now);
  const config = pool.config.SmsConfiguration;
  // Not AWS's (which sends through End User Messaging): cognate's words for what it has not built.
  if (config?.EumsSms)
    throw new InvalidParameterException(
      'cognate does not send SMS through AWS End User Messaging (EumsSms) yet: use SnsCallerArn, or start cognate with --cognito-sms direct.',
    );
  if (!config?.SnsCallerArn) throw new InvalidParameterException(NO_SMS_CONFIGURATION);
  await requireUsableRole(trx, pool, config, sms.activity === 'mfa');
  const published = await publishSms(
    trx,
    {
      scope: snsScopeOf(pool, config),
      destination: sms.destination,
      message: sms.bodyText,
      poolId: pool.id,
      userSub: sms.userSub,
      activity: sms.activity,
    },
    now,
  );
  return published.messageId;
}
