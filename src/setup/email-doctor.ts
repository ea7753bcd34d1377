// The email doctor's source as the setup asks it: the public operations only (Cognito
// DescribeUserPool, SES v2 GetEmailIdentity and GetAccount), through the same SDK clients as the
// procedure, so the report a setup ends with is the same against cognate and against AWS.
// cognate's own facts (its delivery log, the default sender's count) are not read here: the
// report says it found no failures among the pool's last 0 emails, and `cognate doctor email`
// shows them where the endpoint is cognate.
import { DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { GetAccountCommand, GetEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import type { AwsClients } from '../doctor/clients.js';
import type { EmailDoctorSource } from '../doctor/email-report.js';

const missing = (e: unknown) =>
  e instanceof Error && (e.name === 'NotFoundException' || e.name === 'ResourceNotFoundException');

/** `clientsIn(region)`: the clients of that Region (SES may be in another Region than the pool). */
export function sdkEmailSource(cognito: AwsClients, clientsIn: (region: string) => AwsClients): EmailDoctorSource {
  return {
    async describeUserPool(poolId) {
      try {
        return (await cognito.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool;
      } catch (e) {
        if (missing(e)) return undefined;
        throw e;
      }
    },
    async getEmailIdentity(_account, region, identity) {
      try {
        return await clientsIn(region).sesv2.send(new GetEmailIdentityCommand({ EmailIdentity: identity }));
      } catch (e) {
        if (missing(e)) return undefined;
        throw e;
      }
    },
    getAccount: (_account, region) => clientsIn(region).sesv2.send(new GetAccountCommand({})),
    messages: async () => [],
  };
}
