// `cognate setup sms`: the developer guide's SMS procedure ("SMS message settings for Amazon Cognito
// user pools", the mission's document docs/reference/seeds/004), done as an AWS client would do it,
// so the same run works against cognate and against a real account:
//   1. the IAM role Cognito assumes: created, or its trust policy repaired (ExternalId, SourceAccount,
//      SourceArn of this pool), and an inline sns:Publish policy where the role cannot publish;
//   2. UpdateUserPool with SmsConfiguration (SnsCallerArn, ExternalId, SnsRegion from the guide's
//      Region table), every other member carried over (update-user-pool.ts);
//   3. in the SNS SMS sandbox, the person's number added and verified with the one-time password
//      SNS texts to it;
//   4. the spend limit and the origination identities US numbers need, reported.
// Each step is reported as it is done (steps.ts, shared with the email procedure); --dry-run reads
// but changes nothing; a re-run changes only what is not yet as it should be.
import { randomUUID } from 'node:crypto';
import {
  DescribeUserPoolCommand,
  UpdateUserPoolCommand,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CreateRoleCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateSMSSandboxPhoneNumberCommand,
  GetSMSAttributesCommand,
  GetSMSSandboxAccountStatusCommand,
  ListOriginationNumbersCommand,
  ListSMSSandboxPhoneNumbersCommand,
  VerifySMSSandboxPhoneNumberCommand,
} from '@aws-sdk/client-sns';
import type { AwsClients } from '../doctor/clients.js';
import { errorText } from '../doctor/sdk-errors.js';
import type { NamedPolicy } from '../policy/evaluate.js';
import { allowedSnsRegions } from '../services/cognito-idp/pools/sms-regions.js';
import type { PlannedCall, StepRecord, Steps, StepStatus } from './steps.js';
import { carryOver } from './update-user-pool.js';
import {
  PUBLISH_POLICY,
  PUBLISH_POLICY_NAME,
  publishDecision,
  readIdentityPolicy,
  repairedTrustPolicy,
  trustPolicy,
  trustProblem,
  type PoolIdentity,
} from './sms-policies.js';

export interface SmsSetupOptions {
  poolId: string;
  /** the pool's Region (default: its id's) */
  region?: string;
  externalId?: string;
  roleName?: string;
  /** a phone number (E.164) to add to and verify in the SNS SMS sandbox */
  sandboxNumber?: string;
  /** the one-time password SNS sent to sandboxNumber */
  otp?: string;
  /** asks the person for the one-time password; absent: nobody to ask (stop and say how to re-run) */
  askOtp?: (phoneNumber: string) => Promise<string | undefined>;
  /** waits between UpdateUserPool attempts while IAM propagates a new role (real AWS); default: setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

/** What the procedure leaves (its steps are in the run's Steps). */
export interface SmsSetupResult {
  account: string;
  /** what the run stopped for: the one-time password of sandboxNumber */
  waitingFor: 'otp' | null;
  /** the pool's SmsConfiguration as the run leaves it (or, with --dry-run, would leave it) */
  smsConfiguration: { SnsCallerArn: string; ExternalId: string; SnsRegion: string };
  sns: {
    region: string;
    inSandbox?: boolean;
    sandboxNumbers?: { phoneNumber: string; status: string }[];
    monthlySpendLimitUsd?: number | null;
    usOriginationNumbers?: { phoneNumber: string; routeType?: string; status?: string }[];
  };
}

/** Why the run cannot go on (not an AWS refusal: cognate's words). */
export class SetupError extends Error {
  override name = 'SetupError';
}

/** Records one step: its name, status, what it found or did, and the changing calls it made or plans. */
type StepOf = (name: string, status: StepStatus, detail: string, calls?: PlannedCall[]) => StepRecord;

const errorName = (e: unknown): string | undefined => (e instanceof Error ? e.name : undefined);

const ROLE_DESCRIPTION = 'Lets Amazon Cognito send SMS for user pool';
/** How long a new or changed role may take to be usable by Cognito (IAM is eventually consistent). */
const PROPAGATION_MS = 120_000;

/**
 * Runs the procedure for `opts.poolId`. `clientsIn(region)` gives the SDK clients for a Region
 * (the pool's, and the SNS Region's where it differs).
 */
export async function setupSms(
  run: { clientsIn: (region: string) => AwsClients; steps: Steps },
  opts: SmsSetupOptions,
): Promise<SmsSetupResult> {
  const { clientsIn, steps } = run;
  const region = opts.region ?? opts.poolId.split('_')[0];
  const clients = clientsIn(region);
  const { dryRun } = steps.opts;
  const step: StepOf = (name, status, detail, calls = []) =>
    steps.record({ step: name, status, detail, ...(calls.length ? { calls } : {}) });
  /** A changing call: sent, or with --dry-run not (the step lists it). */
  const change = async <T>(send: () => Promise<T>): Promise<T | undefined> => (dryRun ? undefined : send());
  const doing = dryRun ? 'planned' : 'done';

  const pool = (await clients.cognito.send(new DescribeUserPoolCommand({ UserPoolId: opts.poolId })))
    .UserPool as UserPoolType;
  const poolArn = String(pool.Arn);
  const [, partition, , , account] = poolArn.split(':');
  const identity: PoolIdentity = { arn: poolArn, account };
  const current = pool.SmsConfiguration ?? {};
  const externalId = opts.externalId ?? current.ExternalId ?? randomUUID();

  // ---- 1. the role ----
  const currentRoleAccount = current.SnsCallerArn?.split(':')[4];
  if (!opts.roleName && current.SnsCallerArn && currentRoleAccount !== account)
    throw new SetupError(
      `The pool's role ${current.SnsCallerArn} is in account ${currentRoleAccount}, not the pool's (${account}): run with that account's credentials, or give --role-name to use a role of this account.`,
    );
  const roleName =
    opts.roleName ??
    current.SnsCallerArn?.slice(current.SnsCallerArn.lastIndexOf('/') + 1) ??
    `CognitoSms-${opts.poolId}`;
  let role: { Arn?: string; AssumeRolePolicyDocument?: string } | undefined;
  try {
    role = (await clients.iam.send(new GetRoleCommand({ RoleName: roleName }))).Role;
  } catch (e) {
    if (errorName(e) !== 'NoSuchEntityException') throw e;
  }
  let roleArn: string;
  let roleChanged = false;
  if (!role) {
    const input = {
      RoleName: roleName,
      AssumeRolePolicyDocument: trustPolicy(identity, externalId),
      Description: `${ROLE_DESCRIPTION} ${opts.poolId}`,
    };
    const created = await change(() => clients.iam.send(new CreateRoleCommand(input)));
    roleArn = created?.Role?.Arn ?? `arn:${partition}:iam::${account}:role/${roleName}`;
    roleChanged = true;
    step(
      'role',
      doing,
      `${dryRun ? 'would create' : 'created'} role ${roleArn}, trusted by Cognito for this pool with the external id`,
      [{ service: 'iam', operation: 'CreateRole', input }],
    );
  } else {
    roleArn = String(role.Arn);
    step('role', 'unchanged', `role ${roleArn} exists`);
    // IAM answers the document URL-encoded (RFC 3986), as on AWS.
    const trustText = decodeURIComponent(role.AssumeRolePolicyDocument ?? '');
    const problem = trustProblem(trustText, roleArn, identity, externalId);
    if (!problem)
      step(
        'trust-policy',
        'unchanged',
        'the trust policy lets Cognito assume the role for this pool, with the external id',
      );
    else {
      const input = { RoleName: roleName, PolicyDocument: repairedTrustPolicy(trustText, identity, externalId) };
      await change(() => clients.iam.send(new UpdateAssumeRolePolicyCommand(input)));
      roleChanged = true;
      step(
        'trust-policy',
        doing,
        `${dryRun ? 'would repair' : 'repaired'} the trust policy (${problem}): Cognito's statement is now the developer guide's, other statements kept`,
        [{ service: 'iam', operation: 'UpdateAssumeRolePolicy', input }],
      );
    }
  }

  // ---- the role's permission to publish ----
  const policies = role ? await rolePolicies(clients, roleName) : [];
  const decision = publishDecision(policies);
  if (decision.allowed) step('publish-policy', 'unchanged', `the role may publish SMS: ${decision.summary}`);
  else if (decision.decision === 'ExplicitDeny')
    step(
      'publish-policy',
      'failed',
      `an explicit Deny refuses the role sns:Publish (${decision.summary}): remove it, then run again`,
    );
  else {
    const input = { RoleName: roleName, PolicyName: PUBLISH_POLICY_NAME, PolicyDocument: PUBLISH_POLICY };
    await change(() => clients.iam.send(new PutRolePolicyCommand(input)));
    roleChanged = true;
    step(
      'publish-policy',
      doing,
      `${dryRun ? 'would add' : 'added'} the inline policy ${PUBLISH_POLICY_NAME}: Allow sns:Publish on *`,
      [{ service: 'iam', operation: 'PutRolePolicy', input }],
    );
  }

  // ---- 2. the pool's SmsConfiguration ----
  const allowed = allowedSnsRegions(region);
  const snsRegion = current.SnsRegion && allowed.includes(current.SnsRegion) ? current.SnsRegion : allowed[0];
  const wanted = { SnsCallerArn: roleArn, ExternalId: externalId, SnsRegion: snsRegion };
  const blocked = steps.records.some((s) => s.status === 'failed');
  if (
    current.SnsCallerArn === wanted.SnsCallerArn &&
    current.ExternalId === externalId &&
    current.SnsRegion === snsRegion
  )
    step(
      'user-pool',
      'unchanged',
      `SmsConfiguration is SnsCallerArn ${roleArn}, ExternalId ${externalId}, SnsRegion ${snsRegion}`,
    );
  else if (blocked) step('user-pool', 'failed', 'SmsConfiguration not set: the role cannot publish SMS yet');
  else {
    const input = carryOver(pool, { SmsConfiguration: wanted });
    await change(() => updateUserPool(clients, input, roleChanged, opts.sleep));
    step(
      'user-pool',
      doing,
      `${dryRun ? 'would set' : 'set'} SmsConfiguration: SnsCallerArn ${roleArn}, ExternalId ${externalId}, SnsRegion ${snsRegion} (${allowed.length > 1 ? `one of ${allowed.join(', ')}` : 'the only SNS Region'} for pools in ${region}); every other setting sent back as DescribeUserPool showed it`,
      [{ service: 'cognito-idp', operation: 'UpdateUserPool', input: { ...input } }],
    );
  }

  // ---- 3. SNS: the sandbox and its verified numbers ----
  const sns = (snsRegion === region ? clients : clientsIn(snsRegion)).sns;
  const report: SmsSetupResult['sns'] = { region: snsRegion };
  let waitingFor: SmsSetupResult['waitingFor'] = null;
  report.inSandbox = (await sns.send(new GetSMSSandboxAccountStatusCommand({}))).IsInSandbox ?? false;
  if (!report.inSandbox) {
    step('sandbox', 'info', `SNS in ${snsRegion} is out of the SMS sandbox: every number can receive SMS`);
  } else {
    report.sandboxNumbers = await sandboxNumbers(sns);
    const number = opts.sandboxNumber;
    const verified = report.sandboxNumbers.filter((n) => n.status === 'Verified').map((n) => n.phoneNumber);
    step(
      'sandbox',
      'info',
      `SNS in ${snsRegion} is in the SMS sandbox: only verified numbers receive SMS (${verified.join(', ') || 'none yet'}); leaving it is AWS Support's decision (SNS console, "Exit SMS sandbox")${number ? '' : '. Give --sandbox-number to add and verify one'}`,
    );
    if (number) waitingFor = await sandboxNumber(sns, number, report.sandboxNumbers, opts, step, dryRun);
  }

  // ---- 4. spend and origination, reported ----
  try {
    const attributes =
      (await sns.send(new GetSMSAttributesCommand({ attributes: ['MonthlySpendLimit'] }))).attributes ?? {};
    const limit = attributes.MonthlySpendLimit;
    report.monthlySpendLimitUsd = limit === undefined ? null : Number(limit);
    step(
      'spend-limit',
      'info',
      limit === undefined
        ? `no MonthlySpendLimit set in ${snsRegion}: the account's SMS spend quota applies (1 USD a month for new accounts)`
        : `MonthlySpendLimit in ${snsRegion}: ${limit} USD a month; past it SNS sends no SMS (raise it with SetSMSAttributes, up to the account's spend quota)`,
    );
  } catch (e) {
    step('spend-limit', 'info', `could not read the spend limit: ${errorText(e)}`);
  }
  try {
    report.usOriginationNumbers = await usOrigination(sns);
    const us = report.usOriginationNumbers;
    step(
      'origination',
      'info',
      us.length
        ? `origination identities for US numbers in ${snsRegion}: ${us.map((o) => `${o.phoneNumber}${o.routeType ? ` (${o.routeType})` : ''}`).join(', ')}`
        : `no origination identity for US numbers in ${snsRegion}: SMS to US (+1) numbers are not delivered, in the sandbox or not. Request a toll-free number, 10DLC or short code (SNS console, "Origination numbers")`,
    );
  } catch (e) {
    step('origination', 'info', `could not list origination numbers: ${errorText(e)}`);
  }

  return { account, waitingFor, smsConfiguration: wanted, sns: report };
}

/** The role's inline and attached policies, as documents (unreadable ones left out). */
async function rolePolicies(clients: AwsClients, roleName: string): Promise<NamedPolicy[]> {
  const out: NamedPolicy[] = [];
  let marker: string | undefined;
  do {
    const page = await clients.iam.send(new ListRolePoliciesCommand({ RoleName: roleName, Marker: marker }));
    for (const name of page.PolicyNames ?? []) {
      const text = (await clients.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name })))
        .PolicyDocument;
      const document = readIdentityPolicy(decodeURIComponent(text ?? ''));
      if (document) out.push({ name, document });
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  do {
    const page = await clients.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker: marker }));
    for (const attached of page.AttachedPolicies ?? []) {
      const policy = (await clients.iam.send(new GetPolicyCommand({ PolicyArn: attached.PolicyArn }))).Policy;
      const version = (
        await clients.iam.send(
          new GetPolicyVersionCommand({ PolicyArn: attached.PolicyArn, VersionId: policy?.DefaultVersionId ?? 'v1' }),
        )
      ).PolicyVersion;
      const document = readIdentityPolicy(decodeURIComponent(version?.Document ?? ''));
      if (document) out.push({ name: attached.PolicyName, document });
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return out;
}

/**
 * UpdateUserPool. Cognito checks the role when the request arrives, and IAM takes a while to make a
 * new or changed role usable: right after such a change, Cognito's two role refusals are retried
 * for up to two minutes, as Terraform's AWS provider does (internal/service/cognitoidp/user_pool.go,
 * userPoolErrorRetryable). cognate applies IAM changes at once, so there the first attempt answers.
 */
async function updateUserPool(
  clients: AwsClients,
  input: ReturnType<typeof carryOver>,
  roleChanged: boolean,
  sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
): Promise<void> {
  const deadline = Date.now() + PROPAGATION_MS;
  for (let wait = 2000; ; wait = Math.min(wait * 2, 15_000)) {
    try {
      await clients.cognito.send(new UpdateUserPoolCommand(input));
      return;
    } catch (e) {
      const retry =
        roleChanged &&
        (errorName(e) === 'InvalidSmsRoleTrustRelationshipException' ||
          errorName(e) === 'InvalidSmsRoleAccessPolicyException');
      if (!retry || Date.now() + wait > deadline) throw e;
      await sleep(wait);
    }
  }
}

async function sandboxNumbers(sns: AwsClients['sns']): Promise<{ phoneNumber: string; status: string }[]> {
  const out: { phoneNumber: string; status: string }[] = [];
  let token: string | undefined;
  do {
    const page = await sns.send(new ListSMSSandboxPhoneNumbersCommand({ NextToken: token }));
    for (const n of page.PhoneNumbers ?? []) out.push({ phoneNumber: String(n.PhoneNumber), status: String(n.Status) });
    token = page.NextToken;
  } while (token);
  return out;
}

/** Adds the number to the sandbox where it is not, and verifies it with the one-time password. */
async function sandboxNumber(
  sns: AwsClients['sns'],
  number: string,
  listed: { phoneNumber: string; status: string }[],
  opts: SmsSetupOptions,
  step: StepOf,
  dryRun: boolean,
): Promise<'otp' | null> {
  const status = listed.find((n) => n.phoneNumber === number)?.status;
  if (status === 'Verified') {
    step('sandbox-number', 'unchanged', `${number} is verified in the SMS sandbox`);
    return null;
  }
  const verifyCall = (otp: string): PlannedCall => ({
    service: 'sns',
    operation: 'VerifySMSSandboxPhoneNumber',
    // The one-time password is a secret: never shown.
    input: { PhoneNumber: number, OneTimePassword: otp ? '***' : '<the one-time password SNS texts to the number>' },
  });
  const calls: PlannedCall[] = [];
  let otp = opts.otp;
  if (status === undefined) {
    const input = { PhoneNumber: number };
    calls.push({ service: 'sns', operation: 'CreateSMSSandboxPhoneNumber', input });
    if (dryRun) {
      step(
        'sandbox-number',
        'planned',
        `would add ${number} to the SMS sandbox (SNS texts it a one-time password) and verify it with that password`,
        [...calls, verifyCall('')],
      );
      return null;
    }
    await sns.send(new CreateSMSSandboxPhoneNumberCommand(input));
    // A password given before the number was added cannot be the one SNS just sent.
    otp = undefined;
  } else if (dryRun) {
    step(
      'sandbox-number',
      'planned',
      `would verify ${number} (pending in the SMS sandbox) with the one-time password SNS sent it`,
      [verifyCall(opts.otp ?? '')],
    );
    return null;
  }
  otp ??= await opts.askOtp?.(number);
  if (!otp) {
    step(
      'sandbox-number',
      'waiting',
      `${status === undefined ? `added ${number} to the SMS sandbox; SNS has texted it a one-time password` : `${number} is pending in the SMS sandbox`}: run again with --otp <the password> to verify it`,
      calls,
    );
    return 'otp';
  }
  calls.push(verifyCall(otp));
  try {
    await sns.send(new VerifySMSSandboxPhoneNumberCommand({ PhoneNumber: number, OneTimePassword: otp }));
  } catch (e) {
    if (errorName(e) !== 'VerificationException') throw e;
    step(
      'sandbox-number',
      'failed',
      `SNS refused the one-time password for ${number} (${errorText(e)}): run again with the right --otp`,
      calls,
    );
    return null;
  }
  step(
    'sandbox-number',
    'done',
    `${status === undefined ? `added and verified ${number}` : `verified ${number}`} in the SMS sandbox`,
    calls,
  );
  return null;
}

async function usOrigination(
  sns: AwsClients['sns'],
): Promise<{ phoneNumber: string; routeType?: string; status?: string }[]> {
  const out: { phoneNumber: string; routeType?: string; status?: string }[] = [];
  let token: string | undefined;
  do {
    const page = await sns.send(new ListOriginationNumbersCommand({ NextToken: token }));
    for (const n of page.PhoneNumbers ?? [])
      if (n.Iso2CountryCode === 'US')
        out.push({ phoneNumber: String(n.PhoneNumber), routeType: n.RouteType, status: n.Status });
    token = page.NextToken;
  } while (token);
  return out;
}
