// Email identities are verified the way SES does it: a verification email with a link, sent
// through the messaging plane (so the owner's real inbox works with an SMTP relay), and following
// the link within 24 hours makes the identity verified. cognate serves the link itself.
// SES's own wording of the mail is not on record (docs/reference/cognito-messaging-facts.md §8.11); this text
// says the same things: which address, which Region, what the link does, that it expires in 24 hours.
import { randomBytes } from 'node:crypto';
import { codeMatches, hashCode } from '../../crypto/codes.js';
import type { Route } from '../../kernel/route.js';
import { sendPage } from '../../kernel/page.js';
import type { Tx } from '../../store/store.js';
import type { Deps } from '../context.js';
import { enqueue } from '../../messaging/outbox.js';
import { getIdentity, linkHashOf, putIdentity, setStatus, type Scope } from './identities.js';

export const VERIFY_PATH = '/_cognate/ses/verify-email';
export const VERIFICATION_SENDER = 'no-reply-aws@amazon.com';

const REGION_NAMES: Record<string, string> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-1': 'US West (N. California)',
  'us-west-2': 'US West (Oregon)',
  'ca-central-1': 'Canada (Central)',
  'eu-west-1': 'Europe (Ireland)',
  'eu-west-2': 'Europe (London)',
  'eu-west-3': 'Europe (Paris)',
  'eu-central-1': 'Europe (Frankfurt)',
  'eu-north-1': 'Europe (Stockholm)',
  'eu-south-1': 'Europe (Milan)',
  'ap-south-1': 'Asia Pacific (Mumbai)',
  'ap-northeast-1': 'Asia Pacific (Tokyo)',
  'ap-northeast-2': 'Asia Pacific (Seoul)',
  'ap-southeast-1': 'Asia Pacific (Singapore)',
  'ap-southeast-2': 'Asia Pacific (Sydney)',
  'sa-east-1': 'South America (São Paulo)',
  'me-south-1': 'Middle East (Bahrain)',
};
export const regionName = (region: string) => REGION_NAMES[region] ?? region;

/** The link's secret is kept as a code is: a keyed hash bound to the account, Region and address. */
const linkScope = (scope: Scope, email: string) => `ses-verify\0${scope.account}\0${scope.region}\0${email}`;

/**
 * Creates the email identity (or starts its verification over) and queues the verification email,
 * in the caller's transaction. Returns false when nothing was sent (already verified, or it exists
 * and `restart` is false). The caller wakes the worker after commit.
 */
export async function requestEmailVerification(
  trx: Tx,
  deps: Deps,
  scope: Scope,
  email: string,
  restart: boolean,
): Promise<boolean> {
  const now = deps.now();
  const secret = randomBytes(32).toString('base64url');
  if (
    !(await putIdentity(
      trx,
      scope,
      { name: email, linkHash: hashCode(deps.serverKey, linkScope(scope, email), secret) },
      now,
      restart,
    ))
  )
    return false;
  const q = new URLSearchParams({ account: scope.account, region: scope.region, identity: email, token: secret });
  const link = `${deps.publicUrl}${VERIFY_PATH}?${q}`;
  const where = regionName(scope.region);
  await enqueue(
    trx,
    {
      account: scope.account,
      region: scope.region,
      poolId: null,
      userSub: null,
      activity: 'ses_verification',
      channel: 'email',
      destination: email,
      sender: VERIFICATION_SENDER,
      subject: `Amazon Web Services – Email Address Verification Request in region ${where}`,
      bodyText: [
        'Dear Amazon Web Services Customer,',
        '',
        `Someone asked to use ${email} as a sender with Amazon SES in region ${where} (account ${scope.account}).`,
        'If that was you, confirm that you own this address by opening this link:',
        '',
        link,
        '',
        'The link stops working 24 hours after the request. If you did not ask for this, ignore this message: the address will not be verified.',
      ].join('\n'),
    },
    now,
  );
  return true;
}

export function verifyEmailRoute(deps: Deps): Route {
  return {
    method: 'GET',
    path: VERIFY_PATH,
    async handle(_req, res, url) {
      const p = url.searchParams;
      const [account, region, email, token] = ['account', 'region', 'identity', 'token'].map((k) => p.get(k) ?? '');
      if (!account || !region || !email || !token)
        return sendPage(res, 400, 'Invalid link', 'This verification link is incomplete.');
      const scope = { account, region };
      const now = deps.now();
      const identity = await getIdentity(deps.store.db, scope, email, now);
      if (identity?.status === 'SUCCESS')
        return sendPage(
          res,
          200,
          'Email address already verified',
          `${email} is a verified sender in region ${regionName(region)}.`,
        );
      const stored = await linkHashOf(deps.store.db, scope, email);
      const ok =
        !!stored &&
        identity?.status === 'PENDING' &&
        codeMatches(deps.serverKey, linkScope(scope, email), token, stored);
      if (!ok)
        return sendPage(
          res,
          400,
          'Verification failed',
          'This link is not valid or has expired. Ask for a new verification email.',
        );
      await setStatus(deps.store.db, scope, email, { status: 'SUCCESS', errorType: null }, now);
      sendPage(
        res,
        200,
        'Congratulations!',
        `You have verified ${email}. You can now send email from this address in region ${regionName(region)}.`,
      );
    },
  };
}
