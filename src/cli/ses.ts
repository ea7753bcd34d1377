// `cognate ses ...`: the operator's side of SES, against a running cognate over HTTP
// (/_cognate/ses/..., src/services/ses/routes.ts). On AWS these happen behind the console: SES
// looking up a domain's DNS records, and a person reviewing a production access request.
import { cognateEndpoint, operatorCall, queryOf } from './endpoint.js';
import { readOptions } from './args.js';

const USAGE = `usage: cognate ses <command> [--endpoint URL] [--account N] [--region R]

commands:
  verify-domain <domain>              look the domain's TXT / DKIM records up now (through the server's --dns-server)
  verify-domain <domain> --status S   settle it without DNS: Success, Failed, TemporaryFailure or Pending
  review --grant | --deny             decide the Region's pending production access request
                                      (servers started with --ses-production-access manual)

--endpoint defaults to COGNATE_ENDPOINT or http://127.0.0.1:4569; --account to the server's
default account; --region to us-east-1.
`;

/** Throws args.ts's UsageError for a command line that cannot run (main.ts prints it, exit 2). */
export async function run(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const { help, values, positionals } = readOptions(
    'ses',
    argv,
    {
      endpoint: { type: 'string' },
      account: { type: 'string' },
      region: { type: 'string' },
      status: { type: 'string' },
      grant: { type: 'boolean' },
      deny: { type: 'boolean' },
    },
    { synopsis: '<command> [options]', commands: ['verify-domain', 'review'], positionals: 2 },
  );
  const [command, arg] = positionals;
  if (help || !command) {
    out(USAGE);
    return command || help ? 0 : 2;
  }
  const endpoint = cognateEndpoint(values.endpoint);
  const post = (path: string, params: Record<string, string | undefined>): Promise<number> =>
    operatorCall(
      out,
      `${endpoint}${path}?${queryOf({ account: values.account, region: values.region, ...params })}`,
      'POST',
    );
  if (command === 'verify-domain' && arg)
    return post('/_cognate/ses/verify-domain', { domain: arg, status: values.status });
  if (command === 'review' && values.grant !== values.deny)
    return post('/_cognate/ses/review', { decision: values.grant ? 'grant' : 'deny' });
  out(USAGE);
  return 2;
}
