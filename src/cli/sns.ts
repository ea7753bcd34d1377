// `cognate sns ...`: the operator's side of SNS's SMS, against a running cognate over HTTP
// (/_cognate/sns/..., see src/services/sns/operator-api.ts). On AWS these are support cases
// and console steps; per account and Region.
import { cognateEndpoint, operatorCall, queryOf } from './endpoint.js';
import { readOptions } from './args.js';

const USAGE = `usage: cognate sns <command> [--endpoint URL] [--account N] [--region R]

commands:
  status                          the Region's SMS sandbox state, spend limit, month's spend and numbers
  leave-sandbox                   move the account out of the SMS sandbox in the Region
  enter-sandbox                   put it back into the sandbox
  set-spend-quota --usd N         the most MonthlySpendLimit may be (new accounts: 1 USD; AWS raises it by support case)
  add-origination-number --number N --type short-code|10dlc|toll-free [--route-type Transactional]
  remove-origination-number --number N
  opt-out --number N              as if the number's owner replied STOP

--endpoint defaults to COGNATE_ENDPOINT or http://127.0.0.1:4569; --account to the server's
default account; --region to us-east-1.
`;

const COMMANDS = [
  'status',
  'leave-sandbox',
  'enter-sandbox',
  'set-spend-quota',
  'add-origination-number',
  'remove-origination-number',
  'opt-out',
] as const;

/** Throws args.ts's UsageError for a command line that cannot run (main.ts prints it, exit 2). */
export async function run(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const { help, values, positionals } = readOptions(
    'sns',
    argv,
    {
      endpoint: { type: 'string' },
      account: { type: 'string' },
      region: { type: 'string' },
      number: { type: 'string' },
      type: { type: 'string' },
      'route-type': { type: 'string' },
      usd: { type: 'string' },
    },
    { synopsis: '<command> [options]', commands: COMMANDS, positionals: 1 },
  );
  const command = positionals[0];
  if (help || !command) {
    out(USAGE);
    return command || help ? 0 : 2;
  }
  const endpoint = cognateEndpoint(values.endpoint);
  const scope = { account: values.account, region: values.region };
  const call = (method: string, path: string, body?: unknown): Promise<number> =>
    operatorCall(out, `${endpoint}${path}`, method, body);
  const query = queryOf({ ...scope, phoneNumber: values.number });
  switch (command) {
    case 'status':
      return call('GET', `/_cognate/sns/sms?${query}`);
    case 'leave-sandbox':
      return call('POST', '/_cognate/sns/sandbox', { ...scope, inSandbox: false });
    case 'enter-sandbox':
      return call('POST', '/_cognate/sns/sandbox', { ...scope, inSandbox: true });
    case 'set-spend-quota':
      return call('POST', '/_cognate/sns/spend-quota', { ...scope, usd: Number(values.usd) });
    case 'add-origination-number':
      return call('POST', '/_cognate/sns/origination-numbers', {
        ...scope,
        phoneNumber: values.number,
        type: values.type,
        routeType: values['route-type'],
      });
    case 'remove-origination-number':
      return call('DELETE', `/_cognate/sns/origination-numbers?${query}`);
    case 'opt-out':
      return call('POST', '/_aws/sns/phone-opt-outs', {
        accountId: scope.account,
        region: scope.region,
        phoneNumber: values.number,
      });
    default:
      out(USAGE);
      return 2;
  }
}
