// Where and as whom the AWS-client commands (`cognate doctor`, `cognate setup`) ask: --endpoint,
// --profile, --region (doctor/clients.ts's ACCESS_OPTIONS, the AWS SDK's standard credential chain),
// and the pool they are about. Without --endpoint (or COGNATE_ENDPOINT, or the SDK's own
// AWS_ENDPOINT_URL) they ask AWS. Mistakes are answered as the AWS CLI answers them (exit code 2).
import { ACCESS_OPTIONS, type AwsAccess } from '../doctor/clients.js';
import { readOptions, UsageError, type OptionValues } from './args.js';

type Options = Parameters<typeof readOptions>[2];

export interface PoolCommandLine<S extends Options> {
  pool: string;
  json: boolean;
  access: AwsAccess;
  /** the Region of the Cognito calls: --region, else the pool id's */
  region: string;
  values: OptionValues<S & typeof POOL_OPTIONS>;
}

const POOL_OPTIONS = { pool: { type: 'string' }, json: { type: 'boolean' }, ...ACCESS_OPTIONS } as const;

/**
 * The command line of a command about one pool (`doctor email`, `setup sms`, ...): --pool (required),
 * --json, the access options and `options`; undefined when it asks for its help. Throws a UsageError.
 */
export function readPoolCommand<const S extends Options>(
  command: string,
  argv: string[],
  options: S,
  synopsis = '--pool ID [options]',
): PoolCommandLine<S> | undefined {
  const { help, values } = readOptions(command, argv, { ...POOL_OPTIONS, ...options }, { synopsis });
  if (help) return undefined;
  const pool = values.pool as string | undefined;
  if (!pool) throw new UsageError(command, 'cognate: error: the following arguments are required: --pool', synopsis);
  const endpoint =
    (values.endpoint as string | undefined) ?? process.env.COGNATE_ENDPOINT ?? process.env.AWS_ENDPOINT_URL;
  const profile = values.profile as string | undefined;
  const region = (values.region as string | undefined) ?? pool.split('_')[0];
  return {
    pool,
    json: values.json === true,
    access: {
      ...(endpoint ? { endpoint: endpoint.replace(/\/+$/, '') } : {}),
      ...(profile ? { profile } : {}),
      region,
    },
    region,
    values: values as OptionValues<S & typeof POOL_OPTIONS>,
  };
}

/** The access options' help, the same for every such command. */
export const ACCESS_HELP = `--endpoint URL   cognate's address, or any AWS-compatible endpoint (default: COGNATE_ENDPOINT, else
                 AWS_ENDPOINT_URL, else AWS itself). Facts only cognate keeps (its delivery log, the
                 default sender's daily count, the month's SMS spend) are read only where the endpoint
                 is cognate; elsewhere the report says they are not known.
--profile NAME   the AWS SDK's standard credential chain with this profile (~/.aws/config and
                 credentials, SSO, credential_process); without it the chain's usual order
                 (environment, AWS_PROFILE, the default profile, ...). Against an endpoint with no
                 credentials anywhere, cognate's default account is asked.
--region R       the Region of the Cognito calls (default: the pool id's)
--json           the report as JSON`;
