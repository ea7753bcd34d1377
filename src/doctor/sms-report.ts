// "Why didn't my user get the SMS?" — the report behind `cognate doctor sms --pool <id>` and
// GET /_cognate/doctor/sms. It asks only what an AWS client can ask, through the AWS SDK
// (doctor/clients.ts): Cognito DescribeUserPool; the role through IAM (sms-role.ts); SNS
// GetSMSSandboxAccountStatus, ListSMSSandboxPhoneNumbers, GetSMSAttributes, ListOriginationNumbers.
// Where the endpoint is cognate it also reads cognate's own pages (cognate-facts.ts): the delivery
// log, and /_cognate/sns/sms for the month's spend and the numbers' types, which AWS shows only in
// CloudWatch; elsewhere the report names them under `unavailable`.
import { DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  GetSMSAttributesCommand,
  GetSMSSandboxAccountStatusCommand,
  paginateListOriginationNumbers,
  paginateListSMSSandboxPhoneNumbers,
} from '@aws-sdk/client-sns';
import type { Decision } from '../policy/evaluate.js';
import { allowedSnsRegions, effectiveSnsRegion } from '../services/cognito-idp/pools/sms-regions.js';
import { awsClients, type AwsAccess } from './clients.js';
import type { CognateReach } from './cognate-facts.js';
import { errorText } from './sdk-errors.js';
import { checkRole } from './sms-role.js';

export interface SmsReport {
  ok: boolean;
  pool: { id: string; arn?: string; account: string; region: string; mfa?: string; autoVerified?: string[] };
  smsConfiguration: { SnsCallerArn?: string; ExternalId?: string; SnsRegion?: string } | null;
  /** how the server sends pool SMS (--cognito-sms) */
  serverMode?: string;
  role?: { arn: string; found: boolean; error?: string };
  trust?: {
    allowed: boolean;
    summary: string;
    externalIdRequiredForMfa: boolean;
    externalIdEnforced: boolean;
    decision?: Decision;
    document?: unknown;
  };
  permission?: {
    allowed: boolean;
    summary: string;
    policies: { name: string; kind: 'inline' | 'attached'; readable: boolean }[];
    decision?: Decision;
    /** IAM's SimulatePrincipalPolicy for sns:Publish: allowed | implicitDeny | explicitDeny (absent where the endpoint has none) */
    simulated?: string;
  };
  sns?: {
    account: string;
    region: string;
    configuredRegion?: string;
    allowedRegions: string[];
    regionOk: boolean;
    inSandbox?: boolean;
    sandboxNumbers?: { phoneNumber: string; status: string }[];
    monthlySpendLimitUsd?: number;
    spendQuotaUsd?: number;
    monthToDateSpentUsd?: number;
    spendOk?: boolean;
    originationNumbers?: { phoneNumber: string; type?: string; country?: string }[];
    usOrigination?: string | null;
    error?: string;
  };
  lastFailures: { id: string; createdAt: string; activity: string; destination: string; reason: string | null }[];
  advice: string[];
  /** the facts this report could not read, each with why and where AWS shows it (absent when none) */
  unavailable?: string[];
}

/** What GET /_cognate/sns/sms answers (src/services/sns/operator-api.ts), as far as the report reads it. */
interface SmsStatus {
  cognitoSms: string;
  spendQuotaUsd: number;
  monthToDateSpentUsd: number;
  originationNumbers: { phoneNumber: string; type: string }[];
}

interface FailedMessage {
  id: string;
  createdAt: string;
  activity: string;
  destination: string;
  lastError: string | null;
}

/**
 * The report for pool `poolId`, asked as `access` (the pool's account) in `region` (the pool id's,
 * unless given). On cognate, SNS of another account (the role's) is asked with that account's
 * 12-digit key; elsewhere only with `access`, so another account's SNS is reported as not read.
 */
export async function diagnoseSms(
  access: AwsAccess,
  poolId: string,
  cognate: CognateReach,
  region = poolId.split('_')[0],
): Promise<SmsReport> {
  const clients = awsClients(access, region);
  const pool = (await clients.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool ?? {};
  const account = String(pool.Arn).split(':')[4];
  const report: SmsReport = {
    ok: false,
    pool: {
      id: poolId,
      arn: pool.Arn,
      account,
      region,
      mfa: pool.MfaConfiguration,
      autoVerified: pool.AutoVerifiedAttributes ?? [],
    },
    smsConfiguration: null,
    lastFailures: [],
    advice: [],
  };
  const advise = (s: string) => report.advice.push(s);
  const unavailable: string[] = [];
  const sms = pool.SmsConfiguration as SmsReport['smsConfiguration'] | undefined;
  report.smsConfiguration = sms ?? null;
  const { facts } = cognate;

  if (facts) {
    const failures = await facts
      .get<{ messages: FailedMessage[] }>(
        `/_cognate/messages?pool=${encodeURIComponent(poolId)}&status=failed&channel=sms&limit=10`,
      )
      .catch(() => ({ messages: [] }));
    report.lastFailures = failures.messages.map((m) => ({
      id: m.id,
      createdAt: m.createdAt,
      activity: m.activity,
      destination: m.destination,
      reason: m.lastError,
    }));
  } else {
    unavailable.push(
      `The pool's last SMS and why they failed: cognate's delivery log (GET /_cognate/messages) is not read (${cognate.why}). On AWS, SNS's SMS delivery status logging (DeliveryStatusIAMRole) writes them to CloudWatch Logs.`,
    );
  }

  const mfa = pool.MfaConfiguration === 'ON' || pool.MfaConfiguration === 'OPTIONAL';
  const snsAccount =
    (sms?.SnsCallerArn && /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(sms.SnsCallerArn)?.[1]) || account;
  const snsRegion = effectiveSnsRegion(region, sms?.SnsRegion);
  const status = facts
    ? await facts.get<SmsStatus>(`/_cognate/sns/sms?account=${snsAccount}&region=${snsRegion}`).catch(() => undefined)
    : undefined;
  if (!facts)
    unavailable.push(
      `This month's SMS spend and the origination numbers' types (short code, 10DLC, toll-free): cognate's GET /_cognate/sns/sms is not read (${cognate.why}). On AWS, CloudWatch's metric SMSMonthToDateSpentUSD (namespace AWS/SNS) shows the spend.`,
    );
  report.serverMode = status?.cognitoSms;
  if (report.serverMode === 'direct')
    advise(
      'This server runs with --cognito-sms direct: pool SMS skip the role and SNS and go straight to the SMS transport.',
    );
  const finish = () => {
    if (unavailable.length) report.unavailable = unavailable;
    return report;
  };

  if (!sms?.SnsCallerArn) {
    advise(
      'The pool has no SmsConfiguration: Cognito sends no SMS (AWS answers "User pool does not have SMS configuration to send messages."). Set SmsConfiguration with a role Cognito may assume (update-user-pool --sms-configuration SnsCallerArn=...,ExternalId=...,SnsRegion=...).',
    );
    report.ok = report.serverMode === 'direct';
    return finish();
  }

  // ---- the role: trust and permission, evaluated as Cognito's calls would be ----
  const { advice, ...role } = await checkRole(clients.iam, {
    roleArn: sms.SnsCallerArn,
    externalId: sms.ExternalId,
    poolArn: pool.Arn,
    account,
    region,
    mfa,
  });
  Object.assign(report, role);
  for (const a of advice) advise(a);

  // ---- SNS: Region, sandbox, spend, origination ----
  const allowedRegions = allowedSnsRegions(region);
  const regionOk = !sms.SnsRegion || allowedRegions.includes(sms.SnsRegion);
  report.sns = {
    account: snsAccount,
    region: snsRegion,
    ...(sms.SnsRegion ? { configuredRegion: sms.SnsRegion } : {}),
    allowedRegions,
    regionOk,
  };
  if (!regionOk)
    advise(`SnsRegion ${sms.SnsRegion} is not one a pool in ${region} may use: use ${allowedRegions.join(' or ')}.`);
  try {
    // SNS of the role's account: on cognate an access key of 12 digits is that account; elsewhere
    // only the caller's own account can be read.
    if (snsAccount !== account && !facts)
      throw new Error(
        `SNS of account ${snsAccount} (the role's) cannot be read with these credentials (account ${account}); run the doctor with that account's credentials (--profile) to check it`,
      );
    const sns =
      snsAccount === account
        ? awsClients(access, snsRegion).sns
        : awsClients({ ...access, credentials: { accessKeyId: snsAccount, secretAccessKey: 'cognate' } }, snsRegion)
            .sns;
    report.sns.inSandbox = (await sns.send(new GetSMSSandboxAccountStatusCommand({}))).IsInSandbox === true;
    report.sns.sandboxNumbers = [];
    for await (const page of paginateListSMSSandboxPhoneNumbers({ client: sns }, {}))
      for (const n of page.PhoneNumbers ?? [])
        report.sns.sandboxNumbers.push({ phoneNumber: n.PhoneNumber ?? '', status: n.Status ?? '' });
    const attributes = (await sns.send(new GetSMSAttributesCommand({}))).attributes ?? {};
    report.sns.monthlySpendLimitUsd = Number(attributes.MonthlySpendLimit ?? '1');
    const types = new Map<string, string>((status?.originationNumbers ?? []).map((o) => [o.phoneNumber, o.type]));
    report.sns.originationNumbers = [];
    for await (const page of paginateListOriginationNumbers({ client: sns }, {}))
      for (const o of page.PhoneNumbers ?? [])
        report.sns.originationNumbers.push({
          phoneNumber: o.PhoneNumber ?? '',
          country: o.Iso2CountryCode,
          type: types.get(o.PhoneNumber ?? ''),
        });
    const order = ['short-code', '10dlc', 'toll-free'];
    const us = report.sns.originationNumbers
      .filter((o) => o.country === 'US')
      .sort((a, b) => order.indexOf(a.type ?? '') - order.indexOf(b.type ?? ''));
    report.sns.usOrigination = us[0]?.phoneNumber ?? null;
    if (status) {
      report.sns.monthToDateSpentUsd = status.monthToDateSpentUsd;
      report.sns.spendQuotaUsd = status.spendQuotaUsd;
      report.sns.spendOk = status.monthToDateSpentUsd < report.sns.monthlySpendLimitUsd;
    }
  } catch (e) {
    report.sns.error = errorText(e);
  }
  const s = report.sns;
  if (s.inSandbox) {
    const verified = (s.sandboxNumbers ?? []).filter((n) => n.status === 'Verified').map((n) => n.phoneNumber);
    advise(
      `SNS in ${snsRegion} (account ${snsAccount}) is in the SMS sandbox: only verified numbers receive SMS (${verified.length ? verified.join(', ') : 'none verified'}). Verify numbers (aws sns create-sms-sandbox-phone-number, then verify-sms-sandbox-phone-number with the code) or move the account out of the sandbox (cognate sns leave-sandbox --account ${snsAccount} --region ${snsRegion}).`,
    );
  }
  if (s.spendOk === false)
    advise(
      `This month's SMS spend (${s.monthToDateSpentUsd} USD) has reached MonthlySpendLimit (${s.monthlySpendLimitUsd} USD): SNS sends no more SMS. Raise it with aws sns set-sms-attributes --attributes MonthlySpendLimit=<USD>${s.spendQuotaUsd !== undefined ? `, up to the account's spend quota of ${s.spendQuotaUsd} USD (cognate sns set-spend-quota raises that, as an AWS Support case does)` : ''}.`,
    );
  if (s.usOrigination === null)
    advise(
      `No origination number in ${snsRegion}: SMS to US (+1) numbers are not delivered. Provision one (cognate sns add-origination-number --account ${snsAccount} --region ${snsRegion} --number ... --type short-code|10dlc|toll-free).`,
    );
  for (const reason of new Set(report.lastFailures.map((f) => f.reason)))
    if (reason === 'Phone number is opted out')
      advise('Some recipients opted out (they replied STOP): aws sns opt-in-phone-number, once in 30 days.');

  report.ok =
    !!report.role?.found &&
    !!report.trust?.allowed &&
    (!mfa || report.trust.externalIdEnforced) &&
    !!report.permission?.allowed &&
    regionOk &&
    !s.inSandbox &&
    s.spendOk !== false &&
    !s.error;
  return finish();
}
