// "Why didn't my user get the email?" for one user pool: the troubleshooting path of the mission's
// document (docs/reference/seeds/000, "Fehlerbehebung"), walked with what AWS's APIs show. Which sending account
// the pool uses (DescribeUserPool's EmailConfiguration); with COGNITO_DEFAULT, Cognito's daily
// quota; with DEVELOPER, the SES identity (in the pool's account, in a Region the pool may use,
// verified, From belonging to it), the SES sandbox and whether the recipients are verified, SES's
// 24-hour quota; then the last delivery failures and their reasons. Each finding says what to change.
// The same report comes from `cognate doctor email` (an AWS client of any endpoint, email-source.ts)
// and from GET /_cognate/doctor/email (cognate reading its own store): they differ only in their
// source. Against AWS the delivery log and the default sender's count are not there to read: the
// report names them under `unavailable` and judges without them.
import type { UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import type { GetAccountResponse, GetEmailIdentityResponse } from '@aws-sdk/client-sesv2';
import { allowedSesRegions } from '../services/cognito-idp/pools/email-regions.js';
import { fromBelongsTo, parseSesIdentityArn } from '../services/cognito-idp/pools/email-config.js';
import { bareAddress } from '../services/ses/identities.js';

export interface MessageView {
  id: string;
  channel: string;
  destination: string;
  sender: string | null;
  status: string;
  lastError: string | null;
  createdAt: string | null;
}

export interface EmailDoctorSource {
  /** undefined when the pool does not exist for this caller */
  describeUserPool(poolId: string): Promise<UserPoolType | undefined>;
  /** undefined when the identity does not exist in that account and Region */
  getEmailIdentity(account: string, region: string, identity: string): Promise<GetEmailIdentityResponse | undefined>;
  getAccount(account: string, region: string): Promise<GetAccountResponse>;
  /** the pool's messages, newest first; absent where there is no delivery log to read (AWS) */
  messages?(poolId: string, opts: { status?: string; channel?: string; limit: number }): Promise<MessageView[]>;
  /** why cognate's own records (delivery log, default sender's count) are not read: the endpoint is not cognate */
  withoutCognate?: string;
  /** Cognito's default-sender quota of an account and Region today; undefined where nobody reports it (AWS) */
  defaultEmailQuota?(account: string, region: string): Promise<{ used: number; limit: number } | undefined>;
  /** the account whose SES the source can see (the SDK's credentials); undefined when it can see any */
  callerAccount?: string;
}

export type Level = 'ok' | 'info' | 'warning' | 'problem';

export interface Finding {
  check: string;
  level: Level;
  detail: string;
  fix?: string;
}

export interface EmailReport {
  pool: string;
  region?: string;
  account?: string;
  emailConfiguration?: UserPoolType['EmailConfiguration'];
  sendingAccount?: string;
  findings: Finding[];
  recentFailures: MessageView[];
  /** the facts this report could not read, each with why and where AWS shows it (absent when none) */
  unavailable?: string[];
  verdict: 'ok' | 'problems found' | 'pool not found';
}

const poolRegion = (poolId: string) => poolId.split('_')[0];

export async function emailReport(
  source: EmailDoctorSource,
  poolId: string,
  opts: { recipients?: string[] } = {},
): Promise<EmailReport> {
  const findings: Finding[] = [];
  const add = (check: string, level: Level, detail: string, fix?: string) =>
    findings.push({ check, level, detail, ...(fix ? { fix } : {}) });
  const pool = await source.describeUserPool(poolId);
  if (!pool) {
    add(
      'pool',
      'problem',
      `User pool ${poolId} does not exist for these credentials in ${poolRegion(poolId)}.`,
      "Check --region, --profile (the pool's account) and the pool id.",
    );
    return { pool: poolId, findings, recentFailures: [], verdict: 'pool not found' };
  }
  const region = pool.Arn?.split(':')[3] ?? poolRegion(poolId);
  const account = pool.Arn?.split(':')[4];
  const email = pool.EmailConfiguration ?? {};
  const sending = email.EmailSendingAccount ?? 'COGNITO_DEFAULT';
  const log = source.messages?.bind(source);
  const emails = log ? await log(poolId, { channel: 'email', limit: 1000 }) : [];
  const recentFailures = log ? await log(poolId, { channel: 'email', status: 'failed', limit: 5 }) : [];
  const unavailable: string[] = [];
  const why = source.withoutCognate ?? 'the source keeps no such record';
  add(
    'sending account',
    'info',
    `DescribeUserPool's EmailConfiguration: ${JSON.stringify(email)}. The pool sends with ${sending === 'DEVELOPER' ? 'your own SES identity (DEVELOPER)' : "Cognito's default email (COGNITO_DEFAULT)"}.`,
  );

  if (sending === 'COGNITO_DEFAULT') {
    const today = new Date().toISOString().slice(0, 10);
    const quota = account ? await source.defaultEmailQuota?.(account, region) : undefined;
    const counted = quota !== undefined || log !== undefined;
    const used = quota?.used ?? emails.filter((m) => m.createdAt?.startsWith(today)).length;
    const limit = quota?.limit ?? 50;
    const spent = used >= limit;
    if (!counted)
      unavailable.push(
        `How many emails Cognito's default sender sent today: cognate counts them, AWS shows no count (${why}).`,
      );
    add(
      'default sender quota',
      !counted ? 'info' : spent ? 'problem' : used >= limit * 0.8 ? 'warning' : 'ok',
      !counted
        ? `Cognito's default sender allows 50 emails a day per account and Region; past the quota, messages are refused with LimitExceededException "Exceeded daily email limit ...". Today's count is not known here.`
        : quota
          ? `Cognito's default sender allows ${limit} emails a day per account and Region; account ${account} has used ${used} of them in ${region} today (UTC). Past the quota, messages are refused with LimitExceededException "Exceeded daily email limit ...".`
          : `Cognito's default sender allows 50 emails a day per account and Region; this pool queued ${used} today. Past the quota, messages are refused with LimitExceededException "Exceeded daily email limit ...".`,
      used >= limit * 0.8
        ? `Send through your own SES identity: aws cognito-idp update-user-pool --user-pool-id ${poolId} --email-configuration SourceArn=arn:aws:ses:${region}:${account ?? '<account>'}:identity/<verified identity>,EmailSendingAccount=DEVELOPER,From=<address> (DescribeUserPool first: UpdateUserPool resets what it is not sent).`
        : undefined,
    );
    if (email.SourceArn)
      add(
        'custom From',
        'info',
        `With COGNITO_DEFAULT the SourceArn ${email.SourceArn} only sets the From address; Cognito's quota still applies.`,
      );
  } else {
    await developerChecks(source, { poolId, region, account, email, emails, recipients: opts.recipients }, add);
  }

  if (!log) {
    unavailable.push(
      `The pool's last deliveries and their failures: cognate's delivery log (GET /_cognate/messages) is not read (${why}). On AWS, SES event publishing (to CloudWatch, Firehose or SNS) records them.`,
    );
    const sandboxed = findings.some((f) => f.check === 'sandbox' && f.level === 'warning');
    if (sandboxed && !opts.recipients?.length)
      unavailable.push(
        'Whether the recipients may receive in the SES sandbox: with no delivery log to take them from, name them with --recipient ADDRESS.',
      );
  } else if (recentFailures.length) {
    // SES's refusals at send time (sandbox, identity, quotas) are answered by the checks above; the rest failed in delivery.
    const bySes = recentFailures.every((m) =>
      /^(Email address is not verified|Maximum sending rate exceeded|Daily message quota exceeded)/.test(
        m.lastError ?? '',
      ),
    );
    add(
      'delivery',
      'problem',
      `The last ${recentFailures.length} failed email(s): ${recentFailures.map((m) => `${m.destination} (${m.createdAt}): ${m.lastError}`).join('; ')}.`,
      bySes
        ? 'SES refused them when Cognito sent them: fix what the checks above find, then have the user ask again (ResendConfirmationCode, ForgotPassword).'
        : 'See each message with GET /_cognate/messages?id=<id>; a relay refusal (SMTP 5xx) needs the relay or the address fixed, a transient one is retried.',
    );
  } else {
    add('delivery', 'ok', `No failed deliveries among this pool's last ${emails.length} email(s).`);
  }
  return {
    pool: poolId,
    region,
    account,
    emailConfiguration: email,
    sendingAccount: sending,
    findings,
    recentFailures,
    ...(unavailable.length ? { unavailable } : {}),
    verdict: findings.some((f) => f.level === 'problem') ? 'problems found' : 'ok',
  };
}

interface DeveloperContext {
  poolId: string;
  region: string;
  account?: string;
  email: NonNullable<UserPoolType['EmailConfiguration']>;
  emails: MessageView[];
  recipients?: string[];
}

async function developerChecks(
  source: EmailDoctorSource,
  c: DeveloperContext,
  add: (check: string, level: Level, detail: string, fix?: string) => void,
): Promise<void> {
  const arn = c.email.SourceArn ? parseSesIdentityArn(c.email.SourceArn) : undefined;
  if (!arn)
    return add(
      'identity',
      'problem',
      `SourceArn ${c.email.SourceArn ?? '(none)'} does not name an SES identity.`,
      'Set SourceArn to arn:aws:ses:<region>:<account>:identity/<email or domain>.',
    );
  if (c.account && arn.account !== c.account) {
    return add(
      'account',
      'problem',
      `The identity belongs to account ${arn.account}, the pool to ${c.account}: a pool cannot use another account's SES identity.`,
      `Create and verify the identity in account ${c.account}.`,
    );
  }
  add('account', 'ok', `The identity is in the pool's account ${arn.account}.`);
  const allowed = allowedSesRegions(c.region);
  if (!allowed.includes(arn.region))
    add(
      'region',
      'problem',
      `The identity is in ${arn.region}; a pool in ${c.region} may use SES in ${allowed.join(', ')}.`,
      `Verify the identity in ${c.region} and point SourceArn there.`,
    );
  else add('region', 'ok', `SES Region ${arn.region} may be used by a pool in ${c.region}.`);
  if (source.callerAccount && source.callerAccount !== arn.account) {
    return add(
      'identity',
      'warning',
      `These credentials are for account ${source.callerAccount}; the identity's account ${arn.account} cannot be looked into.`,
      "Run the doctor with credentials of the pool's account (--profile).",
    );
  }

  const identity = await source.getEmailIdentity(arn.account, arn.region, arn.identity);
  if (!identity) {
    add(
      'identity',
      'problem',
      `SES has no identity ${arn.identity} in ${arn.region}.`,
      `aws sesv2 create-email-identity --email-identity ${arn.identity} --region ${arn.region}, then verify it.`,
    );
  } else if (!identity.VerifiedForSendingStatus) {
    add(
      'identity',
      'problem',
      `The identity ${arn.identity} is ${identity.VerificationStatus} in ${arn.region}: SES refuses to send from it.`,
      identity.IdentityType === 'EMAIL_ADDRESS'
        ? `Follow the link in the verification email sent to ${arn.identity} (expired after 24 hours: create it again).`
        : `Publish the DKIM CNAMEs (${(identity.DkimAttributes?.Tokens ?? []).map((t) => `${t}._domainkey.${arn.identity}`).join(', ')}) and wait, or run cognate ses verify-domain ${arn.identity} --region ${arn.region}.`,
    );
  } else {
    add('identity', 'ok', `The identity ${arn.identity} is verified in ${arn.region}.`);
  }
  const from = c.email.From ?? arn.identity;
  if (c.email.From && !fromBelongsTo(c.email.From, arn.identity))
    add(
      'from',
      'problem',
      `From ${c.email.From} is not the identity ${arn.identity} nor an address in it.`,
      `Use a From address of ${arn.identity}.`,
    );
  else add('from', 'ok', `Mail goes out from ${from}.`);

  const account = await source.getAccount(arn.account, arn.region);
  const quota = account.SendQuota ?? {};
  if (!account.ProductionAccessEnabled) {
    const review = account.Details?.ReviewDetails?.Status;
    add(
      'sandbox',
      'warning',
      `The account is in the SES sandbox in ${arn.region}: only verified recipients receive mail, ${quota.Max24HourSend} a day, ${quota.MaxSendRate} a second.${review ? ` Production access request: ${review}.` : ''}`,
      review === 'PENDING'
        ? 'The request waits for review (cognate: cognate ses review --grant).'
        : `Leave the sandbox: aws sesv2 put-account-details --production-access-enabled --mail-type TRANSACTIONAL --website-url <url> --region ${arn.region}; or verify each recipient.`,
    );
    const recipients = [...new Set(c.recipients?.length ? c.recipients : c.emails.map((m) => m.destination))].slice(
      0,
      10,
    );
    for (const r of recipients) {
      const verified = await recipientVerified(source, arn.account, arn.region, r);
      add(
        'recipient',
        verified ? 'ok' : 'problem',
        verified
          ? `${r} is verified: it may receive in the sandbox.`
          : `${r} is not verified: in the sandbox SES refuses it ("Email address is not verified. The following identities failed the check in region ${arn.region.toUpperCase()}: ${r}").`,
        verified
          ? undefined
          : `Verify ${r} (aws sesv2 create-email-identity --email-identity ${r}) or leave the sandbox.`,
      );
    }
  } else {
    add('sandbox', 'ok', `The account has production access in ${arn.region}: any recipient may receive.`);
  }
  const used = quota.SentLast24Hours ?? 0;
  const max = quota.Max24HourSend ?? 0;
  add(
    'quota',
    max > 0 && used >= max ? 'problem' : 'ok',
    `SES sent ${used} of ${max} in the last 24 hours (at most ${quota.MaxSendRate} a second).`,
    max > 0 && used >= max ? 'Wait for the 24-hour window, or raise the quota (production access).' : undefined,
  );
}

async function recipientVerified(
  source: EmailDoctorSource,
  account: string,
  region: string,
  address: string,
): Promise<boolean> {
  const bare = bareAddress(address);
  const labels = bare.slice(bare.lastIndexOf('@') + 1).split('.');
  const names = [bare, ...labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'))];
  for (const name of names) {
    const identity = await source.getEmailIdentity(account, region, name);
    if (identity?.VerifiedForSendingStatus) return true;
  }
  return /@simulator\.amazonses\.com$/i.test(bare);
}

/** The report as people read it. */
export function formatReport(r: EmailReport): string {
  const mark: Record<Level, string> = { ok: 'ok     ', info: 'info   ', warning: 'warning', problem: 'PROBLEM' };
  const lines = [
    `cognate doctor email: pool ${r.pool}${r.region ? ` (${r.region}${r.account ? `, account ${r.account}` : ''})` : ''}`,
    '',
  ];
  for (const f of r.findings) {
    lines.push(`[${mark[f.level]}] ${f.check}: ${f.detail}`);
    if (f.fix) lines.push(`          fix: ${f.fix}`);
  }
  if (r.unavailable?.length) {
    lines.push('', 'not known here:');
    for (const u of r.unavailable) lines.push(`  - ${u}`);
  }
  lines.push('', `verdict: ${r.verdict}`);
  return `${lines.join('\n')}\n`;
}
