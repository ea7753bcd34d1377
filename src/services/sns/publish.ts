// Publishing one SMS: SNS's rules, then the messaging plane's outbox (capture or webhook).
//
// As on AWS, a publish SNS accepts gets a MessageId even when the SMS cannot go out: the spend
// limit, the sandbox, an opted-out number or a missing US origination identity stop it at
// delivery, and only SNS's delivery log says why (docs/reference/cognito-messaging-facts.md §3.5; docs/reference/aws-recorded.md §2.1:
// "Delivery failures after acceptance ... are not API errors"). cognate writes such an SMS to
// the outbox as `failed` with that reason, where /_cognate/messages and `cognate doctor sms` show it.
import { enqueue, type Sent } from '../../messaging/outbox.js';
import type { Tx } from '../../store/store.js';
import { countryOf } from './phone.js';
import { priceOf } from './prices.js';
import { charge, isOptedOut, monthlyLimitUsd, originationNumbers, smsAccount, type Scope } from './store.js';
import { isVerified } from './sandbox.js';

export interface Sms {
  /** the SNS account and Region that send it */
  scope: Scope;
  /** E.164 */
  destination: string;
  message: string;
  senderId?: string;
  originationNumber?: string;
  /** AWS.SNS.SMS.MaxPrice: the most this SMS may cost, USD */
  maxPriceUsd?: number;
  /** who asked: a Cognito pool (and user), or an SNS caller */
  poolId?: string | null;
  userSub?: string | null;
  activity: string;
  /** SNS's own sandbox one-time passwords reach numbers not yet verified, and cost nothing */
  sandboxOtp?: boolean;
}

/**
 * Delivery-log reasons. Recorded: the spend text (mozilla/fxa-auth-server#2243), and `Phone number is
 * opted out` and `This delivery would exceed max price` (SNS's list in aws/aws-sdk-js#3133); the others are cognate's words.
 */
export const REASON = {
  optedOut: 'Phone number is opted out',
  sandbox: 'Phone number is not verified in the SMS sandbox of this account and Region',
  noOrigination:
    'No origination identity (short code, 10DLC or toll-free number) in this Region for a US destination number',
  noQuota: 'No quota left for account',
  maxPrice: 'This delivery would exceed max price',
} as const;

/** `refused`: why the SMS will not reach the phone, when it will not. */
export interface Published extends Sent {
  /** the origination number chosen for it */
  origination?: string;
}

/** The SNS rules an SMS meets, in the order SNS applies them; the reason it stops, if any. */
async function decide(
  trx: Tx,
  sms: Sms,
  now: number,
): Promise<{ refused?: string; origination?: string; sender?: string }> {
  const { scope, destination } = sms;
  if (await isOptedOut(trx, scope, destination)) return { refused: REASON.optedOut };
  const account = await smsAccount(trx, scope);
  if (!sms.sandboxOtp && account.inSandbox && !(await isVerified(trx, scope, destination)))
    return { refused: REASON.sandbox };
  const country = countryOf(destination);
  const sender = sms.senderId ?? account.attributes.DefaultSenderID;
  let origination: string | undefined;
  if (country === 'US') {
    // Since June 2021 US carriers take SMS only from a registered origination identity, in the
    // sandbox too; with several kinds SNS prefers short code, then 10DLC, then toll-free.
    const numbers = await originationNumbers(trx, scope, 'US');
    const chosen = numbers.find((n) => n.phone_number === sms.originationNumber) ?? numbers[0];
    if (!chosen) return { refused: REASON.noOrigination };
    origination = chosen.phone_number;
  }
  if (sms.maxPriceUsd !== undefined && priceOf(country) > Math.round(sms.maxPriceUsd * 1_000_000))
    return { refused: REASON.maxPrice, origination, sender };
  if (!sms.sandboxOtp) {
    const limit = Math.round(monthlyLimitUsd(account) * 1_000_000);
    if (!(await charge(trx, scope, priceOf(country), limit, now)))
      return { refused: REASON.noQuota, origination, sender };
  }
  return { origination, sender };
}

/**
 * Publishes in the caller's transaction. An SMS SNS drops is written as failed with SNS's reason and
 * the reason returned; the publish itself succeeds, as on AWS.
 */
export async function publishSms(trx: Tx, sms: Sms, now: number): Promise<Published> {
  const { refused, origination, sender } = await decide(trx, sms, now);
  const messageId = await enqueue(
    trx,
    {
      account: sms.scope.account,
      region: sms.scope.region,
      poolId: sms.poolId ?? null,
      userSub: sms.userSub ?? null,
      activity: sms.activity,
      channel: 'sms',
      destination: sms.destination,
      sender: origination ?? sender ?? null,
      subject: null,
      bodyText: sms.message,
      refused,
    },
    now,
  );
  return { messageId, refused, origination };
}
