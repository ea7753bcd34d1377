// "Why didn't my user get the SMS?" — the report behind `cognate doctor sms --pool <id>` and
// GET /_cognate/doctor/sms. It asks only what an AWS client can ask (Cognito DescribeUserPool; IAM
// GetRole, ListRolePolicies, GetRolePolicy, ListAttachedRolePolicies, GetPolicy, GetPolicyVersion;
// SNS GetSMSSandboxAccountStatus, ListSMSSandboxPhoneNumbers, GetSMSAttributes,
// ListOriginationNumbers) plus cognate's own status pages (/_cognate/messages, /_cognate/sns/sms
// for the month's spend, which AWS shows only in CloudWatch), and evaluates the role's policies
// the way Cognito's sts:AssumeRole and sns:Publish would, condition by condition.
import type { UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import { parsePolicy, PolicyError } from '../policy/document.js';
import { evaluate, type Decision, type NamedPolicy } from '../policy/evaluate.js';
import { allowedSnsRegions, effectiveSnsRegion } from '../services/cognito-idp/pools/sms-regions.js';
import { AwsClient, ApiError, tag, tags, text } from './aws-client.js';

const IAM = '2010-05-08';
const SNS = '2010-03-31';
const COGNITO = 'AWSCognitoIdentityProviderService';

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
}

/** What GET /_cognate/sns/sms answers (src/services/sns/operator-api.ts), as far as the report reads it. */
interface SmsStatus {
  cognitoSms: string;
  spendQuotaUsd: number;
  monthToDateSpentUsd: number;
  originationNumbers: { phoneNumber: string; type: string }[];
}

const roleName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

async function readPolicy(
  textDoc: string,
  kind: 'identity' | 'trust',
): Promise<ReturnType<typeof parsePolicy> | string> {
  try {
    return parsePolicy(textDoc, kind);
  } catch (e) {
    if (e instanceof PolicyError) return e.message;
    throw e;
  }
}

/** The report for pool `poolId`, asked with the client's credentials (the pool's account). */
export async function diagnoseSms(client: AwsClient, poolId: string): Promise<SmsReport> {
  const region = poolId.split('_')[0];
  const described = await client.json<{ UserPool: UserPoolType }>(
    'cognito-idp',
    `${COGNITO}.DescribeUserPool`,
    region,
    { UserPoolId: poolId },
  );
  const pool = described.UserPool;
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
  const sms = pool.SmsConfiguration as SmsReport['smsConfiguration'] | undefined;
  report.smsConfiguration = sms ?? null;

  const failures = await client
    .cognate<{
      messages: {
        id: string;
        createdAt: string;
        activity: string;
        destination: string;
        lastError: string | null;
        channel: string;
      }[];
    }>(`/_cognate/messages?pool=${encodeURIComponent(poolId)}&status=failed&channel=sms&limit=10`)
    .catch(() => ({ messages: [] }));
  report.lastFailures = failures.messages.map((m) => ({
    id: m.id,
    createdAt: m.createdAt,
    activity: m.activity,
    destination: m.destination,
    reason: m.lastError,
  }));

  const mfa = pool.MfaConfiguration === 'ON' || pool.MfaConfiguration === 'OPTIONAL';
  const snsAccount =
    (sms?.SnsCallerArn && /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(sms.SnsCallerArn)?.[1]) || account;
  const snsRegion = effectiveSnsRegion(region, sms?.SnsRegion);
  const status = await client
    .cognate<SmsStatus>(`/_cognate/sns/sms?account=${snsAccount}&region=${snsRegion}`)
    .catch(() => undefined);
  report.serverMode = status?.cognitoSms;
  if (report.serverMode === 'direct')
    advise(
      'This server runs with --cognito-sms direct: pool SMS skip the role and SNS and go straight to the SMS transport.',
    );

  if (!sms?.SnsCallerArn) {
    advise(
      'The pool has no SmsConfiguration: Cognito sends no SMS (AWS answers "User pool does not have SMS configuration to send messages."). Set SmsConfiguration with a role Cognito may assume (update-user-pool --sms-configuration SnsCallerArn=...,ExternalId=...,SnsRegion=...).',
    );
    report.ok = report.serverMode === 'direct';
    return report;
  }

  // ---- the role: trust and permission, evaluated as Cognito's calls would be ----
  const iam = client;
  let roleXml: string | undefined;
  try {
    roleXml = await iam.query('iam', 'us-east-1', IAM, 'GetRole', { RoleName: roleName(sms.SnsCallerArn) });
    report.role = { arn: sms.SnsCallerArn, found: tag(roleXml, 'Arn') === sms.SnsCallerArn };
    if (!report.role.found)
      report.role.error = `GetRole found ${tag(roleXml, 'Arn')}, not ${sms.SnsCallerArn} (the path differs)`;
  } catch (e) {
    report.role = {
      arn: sms.SnsCallerArn,
      found: false,
      error: e instanceof ApiError ? `${e.code}: ${e.message}` : String(e),
    };
  }
  if (!report.role.found || !roleXml) {
    advise(
      `Create the role ${sms.SnsCallerArn} (or point SnsCallerArn at an existing role): Cognito answers InvalidSmsRoleTrustRelationshipException until it exists.`,
    );
  } else {
    const trustText = decodeURIComponent(tag(roleXml, 'AssumeRolePolicyDocument') ?? '');
    const trustDoc = await readPolicy(trustText, 'trust');
    const context = { 'sts:ExternalId': sms.ExternalId, 'aws:SourceAccount': account, 'aws:SourceArn': pool.Arn };
    const principal = { type: 'Service' as const, id: 'cognito-idp.amazonaws.com' };
    if (typeof trustDoc === 'string') {
      report.trust = {
        allowed: false,
        summary: `the trust policy is malformed: ${trustDoc}`,
        externalIdRequiredForMfa: mfa,
        externalIdEnforced: false,
      };
    } else {
      const decision = evaluate([{ document: trustDoc }], {
        principal,
        action: 'sts:AssumeRole',
        resource: sms.SnsCallerArn,
        context,
      });
      const bare = evaluate([{ document: trustDoc }], {
        principal,
        action: 'sts:AssumeRole',
        resource: sms.SnsCallerArn,
        context: { ...context, 'sts:ExternalId': undefined },
      });
      report.trust = {
        allowed: decision.allowed,
        summary: decision.summary,
        externalIdRequiredForMfa: mfa,
        externalIdEnforced: !bare.allowed,
        decision,
        document: JSON.parse(trustText),
      };
    }
    if (!report.trust.allowed) {
      advise(
        `Let cognito-idp.amazonaws.com assume the role for this pool: Allow sts:AssumeRole with StringEquals {"sts:ExternalId": "${sms.ExternalId ?? "<the pool's ExternalId>"}", "aws:SourceAccount": "${account}"} and ArnLike {"aws:SourceArn": "${pool.Arn}"} (a wildcard such as arn:aws:cognito-idp:${region}:${account}:userpool/* also matches). Cognito answers InvalidSmsRoleTrustRelationshipException until then.`,
      );
    } else if (mfa && !report.trust.externalIdEnforced) {
      advise(
        `SMS MFA needs the trust policy to require the external id: add StringEquals {"sts:ExternalId": "${sms.ExternalId ?? '<set SmsConfiguration.ExternalId>'}"}.`,
      );
    }

    const policies: NamedPolicy[] = [];
    const listed: NonNullable<SmsReport['permission']>['policies'] = [];
    const inline = tags(
      await iam.query('iam', 'us-east-1', IAM, 'ListRolePolicies', { RoleName: roleName(sms.SnsCallerArn) }),
      'member',
    ).map(text);
    for (const name of inline) {
      const doc = await readPolicy(
        decodeURIComponent(
          tag(
            await iam.query('iam', 'us-east-1', IAM, 'GetRolePolicy', {
              RoleName: roleName(sms.SnsCallerArn),
              PolicyName: name,
            }),
            'PolicyDocument',
          ) ?? '',
        ),
        'identity',
      );
      listed.push({ name, kind: 'inline', readable: typeof doc !== 'string' });
      if (typeof doc !== 'string') policies.push({ name, document: doc });
    }
    const attached = tags(
      tag(
        await iam.query('iam', 'us-east-1', IAM, 'ListAttachedRolePolicies', { RoleName: roleName(sms.SnsCallerArn) }),
        'AttachedPolicies',
      ) ?? '',
      'member',
    );
    for (const member of attached) {
      const name = tag(member, 'PolicyName') ?? '';
      const arn = tag(member, 'PolicyArn') ?? '';
      try {
        const version =
          tag(await iam.query('iam', 'us-east-1', IAM, 'GetPolicy', { PolicyArn: arn }), 'DefaultVersionId') ?? 'v1';
        const doc = await readPolicy(
          decodeURIComponent(
            tag(
              await iam.query('iam', 'us-east-1', IAM, 'GetPolicyVersion', { PolicyArn: arn, VersionId: version }),
              'Document',
            ) ?? '',
          ),
          'identity',
        );
        listed.push({ name, kind: 'attached', readable: typeof doc !== 'string' });
        if (typeof doc !== 'string') policies.push({ name, document: doc });
      } catch {
        listed.push({ name, kind: 'attached', readable: false });
      }
    }
    const decision = evaluate(policies, { action: 'sns:Publish', resource: '*' });
    const unreadable = listed.filter((p) => !p.readable).map((p) => p.name);
    // IAM's own verdict, where the endpoint simulates policies; it settles what unreadable documents leave open.
    const simulated = await iam
      .query('iam', 'us-east-1', IAM, 'SimulatePrincipalPolicy', {
        PolicySourceArn: sms.SnsCallerArn,
        'ActionNames.member.1': 'sns:Publish',
      })
      .then(
        (xml) => tag(xml, 'EvalDecision'),
        () => undefined,
      );
    const allowed = simulated !== undefined ? simulated === 'allowed' : decision.allowed;
    report.permission = {
      allowed,
      policies: listed,
      decision,
      ...(simulated !== undefined ? { simulated } : {}),
      summary:
        decision.summary +
        (unreadable.length && !decision.allowed
          ? ` (not evaluated, their documents could not be read: ${unreadable.join(', ')})`
          : ''),
    };
    if (!allowed)
      advise(
        'Allow the role sns:Publish (for example an inline policy {"Effect":"Allow","Action":"sns:Publish","Resource":"*"}): Cognito answers InvalidSmsRoleAccessPolicyException until then.',
      );
  }

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
    // SNS of the role's account (on cognate an access key of 12 digits is that account).
    const snsClient =
      snsAccount === account
        ? client
        : new AwsClient(client.endpoint, { accessKeyId: snsAccount, secretAccessKey: client.creds.secretAccessKey });
    const call = (action: string, params?: Record<string, string>) =>
      snsClient.query('sns', snsRegion, SNS, action, params);
    report.sns.inSandbox = tag(await call('GetSMSSandboxAccountStatus'), 'IsInSandbox') === 'true';
    report.sns.sandboxNumbers = tags(tag(await call('ListSMSSandboxPhoneNumbers'), 'PhoneNumbers') ?? '', 'member').map(
      (m) => ({ phoneNumber: tag(m, 'PhoneNumber') ?? '', status: tag(m, 'Status') ?? '' }),
    );
    const attributes = Object.fromEntries(
      tags(await call('GetSMSAttributes'), 'entry').map((e) => [tag(e, 'key') ?? '', tag(e, 'value') ?? '']),
    );
    report.sns.monthlySpendLimitUsd = Number(attributes.MonthlySpendLimit ?? '1');
    const listedNumbers = tags(tag(await call('ListOriginationNumbers'), 'PhoneNumbers') ?? '', 'member').map((m) => ({
      phoneNumber: tag(m, 'PhoneNumber') ?? '',
      country: tag(m, 'Iso2CountryCode'),
    }));
    const types = new Map<string, string>(
      (status?.originationNumbers ?? []).map((o: { phoneNumber: string; type: string }) => [o.phoneNumber, o.type]),
    );
    report.sns.originationNumbers = listedNumbers.map((o) => ({ ...o, type: types.get(o.phoneNumber) }));
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
    report.sns.error = e instanceof ApiError ? `${e.code}: ${e.message}` : String(e);
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
  return report;
}
