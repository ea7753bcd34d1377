// `cognate setup email`: the mission's procedure for a pool's own email (docs/reference/seeds/000:
// verify an SES identity, leave the sandbox, point EmailConfiguration at the identity without
// UpdateUserPool resetting the rest), done with the public AWS operations only, so it runs
// against cognate and, with the same command and the person's credentials, against AWS. Each
// step reads first and changes only what is missing, so a second run sends nothing but reads.
import type { EmailConfigurationType, UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import { DescribeUserPoolCommand, UpdateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  CreateEmailIdentityCommand,
  DeleteEmailIdentityCommand,
  GetAccountCommand,
  GetEmailIdentityCommand,
  PutAccountDetailsCommand,
  type GetEmailIdentityResponse,
  type PutAccountDetailsRequest,
} from '@aws-sdk/client-sesv2';
import type { AwsClients } from '../doctor/clients.js';
import { fromBelongsTo, parseSesIdentityArn } from '../services/cognito-idp/pools/email-config.js';
import { allowedSesRegions } from '../services/cognito-idp/pools/email-regions.js';
import { bareAddress, kindOf } from '../services/ses/identities.js';
import type { Steps } from './steps.js';
import { carryOver } from './update-user-pool.js';

export interface EmailSetupOptions {
  pool: string;
  /** `addr@x` or `Name <addr@x>` */
  from: string;
  /** the SES identity: the From address (default) or its domain */
  identity?: string;
  replyTo?: string;
  /** the SES Region; default: the Region of the pool's current identity, else the pool's own */
  sesRegion?: string;
  wait: boolean;
  timeoutSeconds: number;
  /** how often --wait asks SES */
  pollMs: number;
  /** --request-production: PutAccountDetails with the fields SES requires */
  production?: Omit<PutAccountDetailsRequest, 'ProductionAccessEnabled'>;
  /** progress on one rewritten line (a terminal), else a line now and then */
  tty: boolean;
}

export type EmailSetupOutcome = 'configured' | 'unchanged' | 'planned' | 'waiting for verification';

export interface EmailSetupResult {
  outcome: EmailSetupOutcome;
  region: string;
  account?: string;
  sesRegion?: string;
  identity?: string;
}

export interface EmailSetupContext {
  /** the clients of a Region (the pool's, SES's) */
  clientsIn(region: string): AwsClients;
  poolRegion: string;
  steps: Steps;
  sleep?: (ms: number) => Promise<void>;
}

const missing = (e: unknown) => e instanceof Error && e.name === 'NotFoundException';

async function getIdentity(ses: AwsClients, identity: string): Promise<GetEmailIdentityResponse | undefined> {
  try {
    return await ses.sesv2.send(new GetEmailIdentityCommand({ EmailIdentity: identity }));
  } catch (e) {
    if (missing(e)) return undefined;
    throw e;
  }
}

export async function setupEmail(c: EmailSetupContext, o: EmailSetupOptions): Promise<EmailSetupResult> {
  const { steps } = c;
  const region = c.poolRegion;
  const pool = (await c.clientsIn(region).cognito.send(new DescribeUserPoolCommand({ UserPoolId: o.pool }))).UserPool!;
  const [, partition = 'aws', , , account] = (pool.Arn ?? '').split(':');
  const current: EmailConfigurationType = pool.EmailConfiguration ?? {};
  steps.record({
    step: 'pool',
    status: 'info',
    detail: `${o.pool} in ${region}${account ? `, account ${account}` : ''}: EmailConfiguration ${JSON.stringify(current)}.`,
  });

  // The identity the pool already names is kept when From belongs to it (a verified domain stays the
  // identity of its addresses); else the From address itself, or its domain where SES has that.
  const named = current.SourceArn ? parseSesIdentityArn(current.SourceArn) : undefined;
  const keep =
    !o.identity &&
    named &&
    (!account || named.account === account) &&
    fromBelongsTo(o.from, named.identity) &&
    allowedSesRegions(region).includes(named.region) &&
    (!o.sesRegion || o.sesRegion === named.region);
  const sesRegion = o.sesRegion ?? (keep ? named.region : region);
  const ses = c.clientsIn(sesRegion);
  let identity = o.identity ?? (keep ? named.identity : bareAddress(o.from));
  let found = await getIdentity(ses, identity);
  if (!found && !o.identity && !keep) {
    const domain = identity.slice(identity.lastIndexOf('@') + 1);
    const byDomain = await getIdentity(ses, domain);
    if (byDomain) [identity, found] = [domain, byDomain];
  }

  found = await ensureIdentity(steps, ses, sesRegion, identity, found);
  let verified = !!found?.VerifiedForSendingStatus;
  if (!verified) {
    instructions(steps, identity, sesRegion, found, o.wait);
    if (o.wait && !steps.opts.dryRun) verified = await waitVerified(c, ses, identity, o);
  }

  await sandbox(steps, ses, sesRegion, o.production);

  const arn = `arn:${partition}:ses:${sesRegion}:${account ?? '<account>'}:identity/${identity}`;
  const target: EmailConfigurationType = Object.fromEntries(
    Object.entries({
      ...current,
      EmailSendingAccount: 'DEVELOPER',
      SourceArn: arn,
      From: o.from,
      ReplyToEmailAddress: o.replyTo ?? current.ReplyToEmailAddress,
    }).filter(([, v]) => v !== undefined),
  );
  const result = { region, account, sesRegion, identity };
  if (!verified && !steps.opts.dryRun) {
    steps.record({
      step: 'email configuration',
      status: 'waiting',
      detail: `Not changed yet: Cognito accepts ${arn} once SES has verified it. Run this command again then (or with --wait).`,
    });
    return { outcome: 'waiting for verification', ...result };
  }
  await pointPool(steps, c.clientsIn(region), pool, current, target);
  if (steps.opts.dryRun) return { outcome: 'planned', ...result };
  return { outcome: steps.changed() ? 'configured' : 'unchanged', ...result };
}

/** The identity exists (created now when it did not, created again when its verification failed). */
async function ensureIdentity(
  steps: Steps,
  ses: AwsClients,
  sesRegion: string,
  identity: string,
  found: GetEmailIdentityResponse | undefined,
): Promise<GetEmailIdentityResponse | undefined> {
  const kind = kindOf(identity) === 'DOMAIN' ? 'domain' : 'address';
  const create = { service: 'sesv2', operation: 'CreateEmailIdentity', input: { EmailIdentity: identity } };
  if (!found) {
    const created = await steps.change(
      'identity',
      [create],
      () => ses.sesv2.send(new CreateEmailIdentityCommand({ EmailIdentity: identity })),
      (made) =>
        `SES had no identity ${identity} in ${sesRegion}: ${kind} identity ${made ? 'created' : 'to be created'}.`,
    );
    return created && { ...created, VerificationStatus: 'PENDING' };
  }
  if (found.VerificationStatus === 'FAILED') {
    // SES stops looking after 24 hours (an address) or 72 (a domain) and the identity stays FAILED;
    // creating it again starts over (docs/reference/cognito-messaging-facts.md §2.3).
    const again = await steps.change(
      'identity',
      [{ service: 'sesv2', operation: 'DeleteEmailIdentity', input: { EmailIdentity: identity } }, create],
      async () => {
        await ses.sesv2.send(new DeleteEmailIdentityCommand({ EmailIdentity: identity }));
        return ses.sesv2.send(new CreateEmailIdentityCommand({ EmailIdentity: identity }));
      },
      (made) =>
        `The ${kind} identity ${identity} failed verification in ${sesRegion} (its time ran out): ${made ? 'created again' : 'to be created again'}.`,
    );
    return again && { ...again, VerificationStatus: 'PENDING' };
  }
  steps.record({
    step: 'identity',
    status: found.VerifiedForSendingStatus ? 'unchanged' : 'info',
    detail: `The ${kind} identity ${identity} exists in ${sesRegion}: ${found.VerifiedForSendingStatus ? 'verified' : (found.VerificationStatus ?? 'PENDING')}.`,
  });
  return found;
}

/** What the person must do to verify the identity. */
function instructions(
  steps: Steps,
  identity: string,
  sesRegion: string,
  found: GetEmailIdentityResponse | undefined,
  wait: boolean,
): void {
  const then = wait ? 'This command waits for it.' : 'Then run this command again (or with --wait to wait for it).';
  if (kindOf(identity) === 'EMAIL_ADDRESS') {
    steps.record({
      step: 'verification',
      status: 'waiting',
      detail: `SES sends a verification email to ${identity}: open the link in it within 24 hours. ${then}`,
    });
    return;
  }
  const tokens = found?.DkimAttributes?.Tokens ?? [];
  steps.record({
    step: 'verification',
    status: 'waiting',
    detail: tokens.length
      ? `Publish these DNS records in the zone of ${identity} (Easy DKIM; SES looks for them for 72 hours). ${then}`
      : `SES looks for the DNS records of ${identity} in ${sesRegion} (its DKIM tokens are shown once the identity exists). ${then}`,
    lines: tokens.map((t) => `${t}._domainkey.${identity}. IN CNAME ${t}.dkim.amazonses.com.`),
  });
}

/** Asks SES until the identity is verified or the time is up; a progress line meanwhile. */
async function waitVerified(
  c: EmailSetupContext,
  ses: AwsClients,
  identity: string,
  o: EmailSetupOptions,
): Promise<boolean> {
  const sleep = c.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = Date.now();
  const deadline = started + o.timeoutSeconds * 1000;
  let shown = '';
  let shownAt = 0;
  for (;;) {
    const got = await getIdentity(ses, identity);
    const seconds = Math.round((Date.now() - started) / 1000);
    const status = got?.VerifiedForSendingStatus ? 'verified' : (got?.VerificationStatus ?? 'not found');
    const line = `waiting for ${identity}: ${status}, ${seconds} s of ${o.timeoutSeconds} s`;
    if (o.tty) c.steps.print(`\r${line}`);
    else if (status !== shown || seconds - shownAt >= 30) {
      c.steps.print(`${line}\n`);
      [shown, shownAt] = [status, seconds];
    }
    const done = got?.VerifiedForSendingStatus || Date.now() >= deadline || got?.VerificationStatus === 'FAILED';
    if (done) {
      if (o.tty) c.steps.print('\n');
      c.steps.record({
        step: 'verification',
        status: got?.VerifiedForSendingStatus ? 'done' : 'waiting',
        detail: got?.VerifiedForSendingStatus
          ? `SES verified ${identity} after ${seconds} s.`
          : `${identity} is ${status} after ${seconds} s (--timeout ${o.timeoutSeconds}). Run this command again once it is verified.`,
      });
      return !!got?.VerifiedForSendingStatus;
    }
    await sleep(Math.min(o.pollMs, Math.max(0, deadline - Date.now())));
  }
}

/** The account's SES sandbox in that Region; production access asked for when --request-production. */
async function sandbox(
  steps: Steps,
  ses: AwsClients,
  sesRegion: string,
  production: EmailSetupOptions['production'],
): Promise<void> {
  const account = await ses.sesv2.send(new GetAccountCommand({}));
  if (account.ProductionAccessEnabled) {
    steps.record({
      step: 'sandbox',
      status: 'unchanged',
      detail: `The account has production access in ${sesRegion}.`,
    });
    return;
  }
  const review = account.Details?.ReviewDetails;
  const limits = `only verified recipients receive mail, ${account.SendQuota?.Max24HourSend} a day`;
  if (review?.Status === 'PENDING') {
    steps.record({
      step: 'sandbox',
      status: 'info',
      detail: `The account is in the SES sandbox in ${sesRegion} (${limits}); its request for production access${review.CaseId ? ` (case ${review.CaseId})` : ''} waits for review.`,
    });
    return;
  }
  if (!production) {
    steps.record({
      step: 'sandbox',
      status: 'info',
      detail: `The account is in the SES sandbox in ${sesRegion}: ${limits}. To reach your users, run again with --request-production --website-url URL.`,
    });
    return;
  }
  const input: PutAccountDetailsRequest = { ...production, ProductionAccessEnabled: true };
  await steps.change(
    'sandbox',
    [{ service: 'sesv2', operation: 'PutAccountDetails', input }],
    async () => {
      await ses.sesv2.send(new PutAccountDetailsCommand(input));
      return ses.sesv2.send(new GetAccountCommand({}));
    },
    (after) =>
      after === undefined
        ? `The account is in the SES sandbox in ${sesRegion}: production access to be requested.`
        : after.ProductionAccessEnabled
          ? `Production access requested in ${sesRegion}, and granted.`
          : `Production access requested in ${sesRegion}: ${after.Details?.ReviewDetails?.Status ?? 'PENDING'} (AWS answers within about a day).`,
  );
}

const same = (a: EmailConfigurationType, b: EmailConfigurationType) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/** UpdateUserPool with the new EmailConfiguration and every other setting as it was. */
async function pointPool(
  steps: Steps,
  cognito: AwsClients,
  pool: UserPoolType,
  current: EmailConfigurationType,
  target: EmailConfigurationType,
): Promise<void> {
  if (same(current, target)) {
    steps.record({
      step: 'email configuration',
      status: 'unchanged',
      detail: `The pool already sends as ${target.From} through ${target.SourceArn} (DEVELOPER).`,
    });
    return;
  }
  const input = carryOver(pool, { EmailConfiguration: target });
  await steps.change(
    'email configuration',
    [{ service: 'cognito-idp', operation: 'UpdateUserPool', input }],
    () => cognito.cognito.send(new UpdateUserPoolCommand(input)),
    () => `EmailConfiguration ${JSON.stringify(target)}; every other setting sent back as DescribeUserPool showed it.`,
  );
}
