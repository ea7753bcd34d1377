// What `cognate doctor email` reads, through the AWS SDK (doctor/clients.ts: the standard credential
// chain, --endpoint, --profile): STS GetCallerIdentity, Cognito DescribeUserPool, SES v2
// GetEmailIdentity and GetAccount in the identity's Region; and, where the endpoint is cognate,
// its delivery log and the default sender's count of the day (cognate-facts.ts).
import { DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetAccountCommand, GetEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { awsClients, type AwsAccess, type AwsClients } from './clients.js';
import type { CognateReach } from './cognate-facts.js';
import type { EmailDoctorSource, MessageView } from './email-report.js';
import { isNotFound } from './sdk-errors.js';

const orMissing = async <T>(p: Promise<T>): Promise<T | undefined> => {
  try {
    return await p;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
};

/**
 * The source of the email doctor's report: the SDK's clients in `region` (the pool's), as `access`;
 * `clientsIn`, the clients of a Region where the caller has its own (`cognate setup email`'s).
 */
export async function sdkEmailSource(
  access: AwsAccess,
  region: string,
  cognate: CognateReach,
  clientsIn?: (region: string) => AwsClients,
): Promise<EmailDoctorSource> {
  const clients = new Map<string, AwsClients>();
  const inRegion =
    clientsIn ??
    ((r: string) => {
      let c = clients.get(r);
      if (!c) clients.set(r, (c = awsClients(access, r)));
      return c;
    });
  const home = inRegion(region);
  let callerAccount: string | undefined;
  try {
    callerAccount = (await home.sts.send(new GetCallerIdentityCommand({}))).Account;
  } catch {
    // an endpoint without STS: the identity's account is not compared with the caller's
  }
  const { facts } = cognate;
  return {
    callerAccount,
    async describeUserPool(poolId) {
      return (await orMissing(home.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))))?.UserPool;
    },
    getEmailIdentity: (_account, r, identity) =>
      orMissing(inRegion(r).sesv2.send(new GetEmailIdentityCommand({ EmailIdentity: identity }))),
    getAccount: (_account, r) => inRegion(r).sesv2.send(new GetAccountCommand({})),
    ...(facts
      ? {
          defaultEmailQuota: (account: string, r: string) =>
            facts.get<{ used: number; limit: number }>(
              `/_cognate/quotas/cognito-default-email?${new URLSearchParams({ account, region: r })}`,
            ),
          async messages(poolId: string, opts: { status?: string; channel?: string; limit: number }) {
            const q = new URLSearchParams({
              pool: poolId,
              limit: String(opts.limit),
              ...(opts.status ? { status: opts.status } : {}),
              ...(opts.channel ? { channel: opts.channel } : {}),
            });
            return (await facts.get<{ messages: MessageView[] }>(`/_cognate/messages?${q}`)).messages;
          },
        }
      : { withoutCognate: cognate.why }),
  };
}
