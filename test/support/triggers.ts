// Test helper for trigger suites: a user pool whose LambdaConfig names functions, each allowed for
// this pool by AddPermission (principal cognito-idp.amazonaws.com, SourceArn the pool), and an app client.
import { type CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { AddPermissionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type CognitoIdentityProviderClient,
  type CreateUserPoolClientCommandInput,
  type CreateUserPoolCommandInput,
  type LambdaConfigType,
} from '@aws-sdk/client-cognito-identity-provider';

export const ACCOUNT = '000000000000';
export const fnArn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

let n = 0;

/** Every function ARN a LambdaConfig names, the nested ones (PreTokenGenerationConfig, the senders) included. */
function arnsOf(config: LambdaConfigType): string[] {
  const out: string[] = [];
  for (const v of Object.values(config)) {
    if (typeof v === 'string' && v.startsWith('arn:aws:lambda:')) out.push(v);
    else if (v && typeof v === 'object' && 'LambdaArn' in v && typeof v.LambdaArn === 'string') out.push(v.LambdaArn);
  }
  return [...new Set(out)];
}

export async function poolWith(
  c: CognitoIdentityProviderClient,
  lambda: LambdaClient,
  config: LambdaConfigType,
  opts: {
    pool?: Partial<CreateUserPoolCommandInput>;
    client?: Partial<CreateUserPoolClientCommandInput>;
  } = {},
) {
  const pool = (
    await c.send(
      new CreateUserPoolCommand({
        PoolName: `trigger-pool-${++n}`,
        AutoVerifiedAttributes: ['email'],
        LambdaConfig: config,
        ...opts.pool,
      }),
    )
  ).UserPool!;
  for (const arn of arnsOf(config)) {
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: arn,
        StatementId: `cognito-${pool.Id}`,
        Action: 'lambda:InvokeFunction',
        Principal: 'cognito-idp.amazonaws.com',
        SourceArn: pool.Arn,
      }),
    );
  }
  const clientId = (
    await c.send(
      new CreateUserPoolClientCommand({
        UserPoolId: pool.Id!,
        ClientName: 'app',
        ExplicitAuthFlows: [
          'ALLOW_USER_PASSWORD_AUTH',
          'ALLOW_ADMIN_USER_PASSWORD_AUTH',
          'ALLOW_REFRESH_TOKEN_AUTH',
          'ALLOW_CUSTOM_AUTH',
          'ALLOW_USER_SRP_AUTH',
        ],
        ...opts.client,
      }),
    )
  ).UserPoolClient!.ClientId!;
  return { poolId: pool.Id!, poolArn: pool.Arn!, clientId };
}

/**
 * The events function `name` logged with console.log(JSON.stringify(event)) that `which` picks,
 * oldest first, once at least `count` are there (the log is written in batches after each call).
 */
export async function loggedEvents(
  logs: CloudWatchLogsClient,
  name: string,
  count = 1,
  which: (e: Record<string, any>) => boolean = () => true,
): Promise<Record<string, any>[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    let out: Record<string, any>[] = [];
    try {
      const page = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${name}` }));
      out = (page.events ?? [])
        .map((e) => e.message ?? '')
        .filter((m) => m.includes('\tINFO\t{"version"'))
        .map((m) => JSON.parse(m.slice(m.indexOf('\tINFO\t') + 6)))
        .filter(which);
    } catch {
      /* the group is made on first use */
    }
    if (out.length >= count || Date.now() > deadline) return out;
    await new Promise((r) => setTimeout(r, 50));
  }
}
