// Settings for one cognate process, from command-line flags and environment variables
// (flags win). Every setting is documented in README.md.
import { join } from 'node:path';
import { homedir } from 'node:os';

export interface KdfCost {
  /** scrypt CPU/memory cost (a power of two), block size and parallelism */
  N: number;
  r: number;
  p: number;
}

export interface Config {
  host: string;
  port: number;
  /** server processes sharing the port and the store (`cognate start`; src/server/cluster.ts) */
  processes: number;
  /** SQLite data folder (used when no database URL is given) */
  dataDir: string;
  /** postgres://... to use PostgreSQL instead of SQLite */
  dbUrl?: string;
  defaultAccount: string;
  logLevel: string;
  /** largest request body accepted, in bytes */
  maxBodyBytes: number;
  kdf: KdfCost;
  /** run the delivery worker inside the server process */
  worker: boolean;
  /** relay email through this SMTP server (smtp://user:pass@host:port, smtps://...) */
  smtpUrl?: string;
  /** the base URL people reach this server at, for links in messages (default: the listening address) */
  publicUrl?: string;
  /**
   * Emails a day per account and region through Cognito's default sender (COGNITO_DEFAULT).
   * AWS's quota page: 50, not adjustable; the mission's documents (docs/reference/seeds/000) speak of a per-pool quota.
   */
  defaultEmailDailyQuota: number;
  /** how long a worker's claim on a message lasts before another worker may take it over */
  deliveryLeaseMs: number;
  /**
   * How user pools send SMS. `aws` (default): as AWS, through the pool's SmsConfiguration (the IAM
   * role Cognito assumes, checked when set and at every send) and SNS's rules (sandbox, opt-outs,
   * spend limit, US origination); a pool without SmsConfiguration sends none. `direct`: every SMS
   * goes straight to the SMS transport, SmsConfiguration unchecked (LocalStack's behaviour).
   */
  cognitoSms: 'aws' | 'direct';
  /** POST SMS as signed JSON to this URL */
  smsWebhookUrl?: string;
  smsWebhookSecret?: string;
  /**
   * How user pools send email with EmailSendingAccount DEVELOPER. `aws` (default): through the
   * SourceArn's SES identity under SES's rules (verified identity, sandbox, quotas), checked when
   * set and at every send. `direct`: unchecked, straight to the email transport (LocalStack's behaviour).
   */
  cognitoEmail: 'aws' | 'direct';
  /** SES production access requests: granted at once ('auto'), or held for an operator ('manual') */
  sesProductionAccess: 'auto' | 'manual';
  /** an SES account's quota once out of the sandbox: messages per 24 hours and per second */
  sesProductionQuota: { max24HourSend: number; maxSendRate: number };
  /** DNS server(s) for SES domain verification (host or host:port, comma-separated); default: the system's */
  dnsServers?: string[];
}

/**
 * Default KDF cost: scrypt N=2^13, r=8, p=10, one of OWASP's equivalent scrypt settings (Password
 * Storage Cheat Sheet: 2^17/8/1, 2^16/8/2, 2^15/8/3, 2^14/8/5, 2^13/8/10). Of those it holds the
 * least memory per hash (8 MiB; 2^15/8/3 holds 32 MiB), so hashes on every core fit a small
 * memory budget, and it measured faster here (170 ms against 238 ms for 2^15/8/3). Lower it only for tests.
 */
export const DEFAULT_KDF: KdfCost = { N: 8192, r: 8, p: 10 };
/** Beside LocalStack's 4566, and not Node's inspector port 9229. */
export const DEFAULT_PORT = 4569;

function smsMode(v: string | undefined): Config['cognitoSms'] {
  if (v === undefined || v === 'aws' || v === 'direct') return v ?? 'aws';
  throw new Error(`--cognito-sms / COGNATE_COGNITO_SMS must be aws or direct, got '${v}'`);
}

export function loadConfig(
  flags: Record<string, string | boolean | undefined>,
  env: NodeJS.ProcessEnv = process.env,
): Config {
  const str = (flag: string, envName: string): string | undefined => {
    const v = flags[flag];
    if (typeof v === 'string') return v;
    return env[envName] || undefined;
  };
  const int = (flag: string, envName: string, dflt: number): number => {
    const v = str(flag, envName);
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${flag} / ${envName} must be a whole number, got '${v}'`);
    return n;
  };
  const account = str('default-account', 'COGNATE_DEFAULT_ACCOUNT') ?? '000000000000';
  if (!/^\d{12}$/.test(account)) throw new Error(`the default account must be 12 digits, got '${account}'`);
  const kdf = (str('kdf', 'COGNATE_KDF') ?? '').split(',').filter(Boolean).map(Number);
  return {
    host: str('host', 'COGNATE_HOST') ?? '127.0.0.1',
    port: int('port', 'COGNATE_PORT', DEFAULT_PORT),
    processes: Math.max(1, int('processes', 'COGNATE_PROCESSES', 1)),
    dataDir: str('data', 'COGNATE_DATA') ?? join(homedir(), '.cognate'),
    dbUrl: str('db', 'COGNATE_DB_URL'),
    defaultAccount: account,
    logLevel: str('log-level', 'COGNATE_LOG_LEVEL') ?? 'info',
    maxBodyBytes: int('max-body-bytes', 'COGNATE_MAX_BODY_BYTES', 1024 * 1024),
    kdf: kdf.length === 3 ? { N: kdf[0], r: kdf[1], p: kdf[2] } : DEFAULT_KDF,
    worker: flags['no-worker'] !== true && env.COGNATE_WORKER !== 'off',
    publicUrl: str('public-url', 'COGNATE_PUBLIC_URL')?.replace(/\/+$/, ''),
    defaultEmailDailyQuota: int('default-email-daily-quota', 'COGNATE_DEFAULT_EMAIL_DAILY_QUOTA', 50),
    deliveryLeaseMs: int('delivery-lease-ms', 'COGNATE_DELIVERY_LEASE_MS', 30_000),
    smtpUrl: str('smtp-url', 'COGNATE_SMTP_URL'),
    cognitoSms: smsMode(str('cognito-sms', 'COGNATE_COGNITO_SMS')),
    smsWebhookUrl: str('sms-webhook-url', 'COGNATE_SMS_WEBHOOK_URL'),
    smsWebhookSecret: str('sms-webhook-secret', 'COGNATE_SMS_WEBHOOK_SECRET'),
    ...sesSettings(
      str('ses-production-access', 'COGNATE_SES_PRODUCTION_ACCESS'),
      str('ses-production-quota', 'COGNATE_SES_PRODUCTION_QUOTA'),
      str('dns-server', 'COGNATE_DNS_SERVER'),
      str('cognito-email', 'COGNATE_COGNITO_EMAIL'),
    ),
  };
}

function sesSettings(
  access: string | undefined,
  quota: string | undefined,
  dns: string | undefined,
  cognitoEmail: string | undefined,
): Pick<Config, 'cognitoEmail' | 'sesProductionAccess' | 'sesProductionQuota' | 'dnsServers'> {
  if (cognitoEmail !== undefined && cognitoEmail !== 'aws' && cognitoEmail !== 'direct')
    throw new Error(`--cognito-email must be aws or direct, got '${cognitoEmail}'`);
  if (access !== undefined && access !== 'auto' && access !== 'manual')
    throw new Error(`--ses-production-access must be auto or manual, got '${access}'`);
  // AWS no longer publishes a starting production quota ("varies based on your use case",
  // https://docs.aws.amazon.com/ses/latest/dg/quotas.html); 50,000 a day at 14 a second is the
  // starting quota accounts have long reported.
  const [max24HourSend, maxSendRate] = (quota ?? '50000,14').split(',').map(Number);
  if (!(max24HourSend > 0) || !(maxSendRate > 0))
    throw new Error(`--ses-production-quota must be PER_DAY,PER_SECOND, got '${quota}'`);
  return {
    cognitoEmail: cognitoEmail ?? 'aws',
    sesProductionAccess: access ?? 'auto',
    sesProductionQuota: { max24HourSend, maxSendRate },
    dnsServers: dns
      ? dns
          .split(',')
          .map((d) => d.trim())
          .filter(Boolean)
      : undefined,
  };
}
