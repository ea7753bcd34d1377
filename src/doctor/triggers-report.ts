// "Why doesn't my trigger run?" — the report behind `cognate doctor triggers --pool <id>` and
// GET /_cognate/doctor/triggers. It asks what an AWS client can ask, through the AWS SDK: Cognito
// DescribeUserPool (the pool's LambdaConfig and ARN), then for each trigger Lambda
// GetFunctionConfiguration (does it exist, which runtime) and GetPolicy (the function's resource
// policy), evaluated with cognate's IAM evaluator as Lambda evaluates Cognito's call: principal
// cognito-idp.amazonaws.com, action lambda:InvokeFunction, aws:SourceArn the pool's ARN,
// aws:SourceAccount its account. Where the endpoint is cognate it also reads the pool's invocation
// trace (/_cognate/triggers/<pool>), which AWS keeps only in the functions' CloudWatch Logs.
import { DescribeUserPoolCommand, type LambdaConfigType } from '@aws-sdk/client-cognito-identity-provider';
import { GetFunctionConfigurationCommand, GetPolicyCommand } from '@aws-sdk/client-lambda';
import { parsePolicy } from '../policy/document.js';
import { evaluate, type Decision } from '../policy/evaluate.js';
import { TRIGGERS, type Trigger } from '../services/cognito-idp/triggers/sources.js';
import { awsClients, type AwsAccess } from './clients.js';
import type { CognateReach } from './cognate-facts.js';
import { errorText, isNotFound } from './sdk-errors.js';

export interface TriggerCheck {
  trigger: string;
  functionArn: string;
  /** whether cognate invokes this trigger yet (the ones still to come are configured but not called) */
  invokedByCognate: boolean;
  function: { found: boolean; runtime?: string; timeout?: number; error?: string };
  permission: { allowed: boolean; summary: string; decision?: Decision; error?: string };
  ok: boolean;
}

export interface TriggersReport {
  ok: boolean;
  pool: { id: string; arn: string; account: string; region: string };
  triggers: TriggerCheck[];
  /** the last invocations, newest first (cognate only) */
  invocations?: {
    at: string;
    trigger: string;
    source: string;
    durationMs: number;
    result: string;
    error: string | null;
  }[];
  advice: string[];
  unavailable?: string[];
}

/** A LambdaConfig's triggers and the function ARN each names. */
function configured(config: LambdaConfigType | undefined): { trigger: Trigger; arn: string }[] {
  if (!config) return [];
  const out: { trigger: Trigger; arn: string }[] = [];
  for (const trigger of Object.keys(TRIGGERS) as Trigger[]) {
    const arn =
      trigger === 'PreTokenGeneration'
        ? (config.PreTokenGenerationConfig?.LambdaArn ?? config.PreTokenGeneration)
        : trigger === 'CustomEmailSender' || trigger === 'CustomSMSSender'
          ? config[trigger]?.LambdaArn
          : config[trigger];
    if (arn) out.push({ trigger, arn });
  }
  return out;
}

export async function diagnoseTriggers(
  access: AwsAccess,
  poolId: string,
  reach: CognateReach,
  region = poolId.split('_')[0],
): Promise<TriggersReport> {
  const clients = awsClients(access, region);
  const { UserPool } = await clients.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
  const arn = UserPool?.Arn ?? '';
  const account = arn.split(':')[4] ?? '';
  const checks: TriggerCheck[] = [];
  const advice: string[] = [];
  for (const { trigger, arn: functionArn } of configured(UserPool?.LambdaConfig)) {
    const fn: TriggerCheck['function'] = { found: false };
    try {
      const c = await clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionArn }));
      Object.assign(fn, { found: true, runtime: c.Runtime, timeout: c.Timeout });
    } catch (e) {
      fn.error = errorText(e);
    }
    const permission: TriggerCheck['permission'] = { allowed: false, summary: '' };
    if (fn.found) {
      try {
        const { Policy } = await clients.lambda.send(new GetPolicyCommand({ FunctionName: functionArn }));
        const decision = evaluate([{ document: parsePolicy(Policy ?? '{}', 'resource') }], {
          principal: { type: 'Service', id: 'cognito-idp.amazonaws.com' },
          action: 'lambda:InvokeFunction',
          resource: functionArn,
          context: { 'aws:SourceArn': arn, 'aws:SourceAccount': account },
        });
        Object.assign(permission, { allowed: decision.allowed, summary: decision.summary, decision });
      } catch (e) {
        permission.summary = isNotFound(e) ? 'the function has no resource policy: nobody else may invoke it' : '';
        if (!isNotFound(e)) permission.error = errorText(e);
      }
    } else permission.summary = 'no function to invoke';
    const ok = fn.found && permission.allowed;
    checks.push({ trigger, functionArn, invokedByCognate: TRIGGERS[trigger].built, function: fn, permission, ok });
    if (!fn.found)
      advice.push(
        `${trigger}: ${functionArn} cannot be read (${fn.error}); Cognito answers UnexpectedLambdaException "${trigger} invocation failed due to error ResourceNotFoundException."`,
      );
    else if (!permission.allowed)
      advice.push(
        `${trigger}: let Cognito invoke the function (without it Cognito answers UnexpectedLambdaException "${trigger} invocation failed due to error AccessDeniedException."): aws lambda add-permission --function-name ${functionArn} --statement-id cognito-${poolId} --action lambda:InvokeFunction --principal cognito-idp.amazonaws.com --source-arn ${arn}`,
      );
    if (!TRIGGERS[trigger].built && reach.facts)
      advice.push(`${trigger}: configured, but cognate does not invoke this trigger yet (docs/triggers.md).`);
  }
  const report: TriggersReport = {
    ok: checks.every((c) => c.ok),
    pool: { id: poolId, arn, account, region },
    triggers: checks,
    advice,
  };
  if (reach.facts) {
    try {
      const trace = await reach.facts.get<{ invocations: TriggersReport['invocations'] }>(
        `/_cognate/triggers/${encodeURIComponent(poolId)}?limit=20`,
      );
      report.invocations = trace.invocations;
    } catch (e) {
      report.unavailable = [`the invocation trace: ${errorText(e)}`];
    }
  } else
    report.unavailable = [`the invocation trace (cognate's; on AWS, each function's CloudWatch Logs): ${reach.why}`];
  return report;
}
