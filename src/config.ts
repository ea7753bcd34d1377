// Settings for one cognate process, from command-line flags and environment variables (flags win).
// Each setting is declared once, in SETTINGS: its flag, its variable, its default, how its value
// is read, its line in `cognate start --help` and its row in README.md's settings table
// (test/settings.test.ts holds the README to these rows), so none of them can drift from another.
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
  kdf: KdfCost;
  /** largest request body accepted, in bytes */
  maxBodyBytes: number;
  logLevel: string;
  /** run the delivery worker inside the server process */
  worker: boolean;
  /** relay email through this SMTP server (smtp://user:pass@host:port, smtps://...) */
  smtpUrl?: string;
  /** POST SMS as signed JSON to this URL */
  smsWebhookUrl?: string;
  smsWebhookSecret?: string;
  /** the base URL people reach this server at, for links in messages (default: the listening address) */
  publicUrl?: string;
  /**
   * Where Google, Facebook, Login with Amazon and Sign in with Apple are reached: every endpoint of
   * a social IdP (https://<host>/<path>) is asked at <this URL>/<host>/<path> instead (offline tests).
   */
  socialIdpUrl?: string;
  /** invoke user pools' trigger functions through this Lambda-compatible endpoint instead of cognate's own Lambda */
  lambdaEndpoint?: string;
  /** serve HTTPS with this certificate (PEM file; with tlsKey) */
  tlsCert?: string;
  /** the certificate's private key (PEM file) */
  tlsKey?: string;
  /**
   * The `iss` of tokens and the discovery document's issuer: `cognate` (default), cognate's own
   * address and the pool id, where the token documents are; `aws`, Cognito's
   * https://cognito-idp.<region>.amazonaws.com/<poolId>, for verifiers that accept only that form.
   */
  tokenIssuer: 'cognate' | 'aws';
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
  /**
   * How user pools send email with EmailSendingAccount DEVELOPER. `aws` (default): through the
   * SourceArn's SES identity under SES's rules (verified identity, sandbox, quotas), checked when
   * set and at every send. `direct`: unchecked, straight to the email transport (LocalStack's behaviour).
   */
  cognitoEmail: 'aws' | 'direct';
  /** DNS server(s) for SES domain verification (host or host:port, comma-separated); default: the system's */
  dnsServers?: string[];
  /** SES production access requests: granted at once ('auto'), or held for an operator ('manual') */
  sesProductionAccess: 'auto' | 'manual';
  /** an SES account's quota once out of the sandbox: messages per 24 hours and per second */
  sesProductionQuota: { max24HourSend: number; maxSendRate: number };
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

/** A value a setting cannot take; the message reads after `argument --flag: ` or the variable's name. */
export class SettingError extends Error {}

export interface Setting<K extends keyof Config> {
  flag: string;
  /** what the flag's value is called in help ('N', 'URL'); none for a switch */
  arg?: string;
  env: string;
  /** a switch's value of the variable (`--no-worker` is COGNATE_WORKER=off) */
  switchValue?: string;
  /** the default as README.md shows it (Markdown; empty when there is none) */
  shown: string;
  dflt: () => Config[K];
  /** the line in `cognate start --help` */
  help: string;
  /** the README row's last column (Markdown), when it says more than the help line */
  doc?: string;
  read: (text: string) => Config[K];
}

// ---- how values are read; the texts follow the AWS CLI's (Python's argparse) where it has one ----

const whole = (min: number, max?: number) => (t: string) => {
  if (!/^-?\d+$/.test(t)) throw new SettingError(`invalid int value: '${t}'`);
  const n = Number(t);
  if (n < min || (max !== undefined && n > max))
    throw new SettingError(`${t} is out of range (${max === undefined ? `at least ${min}` : `${min} to ${max}`})`);
  return n;
};

const choice =
  <T extends string>(...choices: T[]) =>
  (text: string): T => {
    if ((choices as string[]).includes(text)) return text as T;
    throw new SettingError(`Invalid choice, valid choices are:\n\n${choices.join(' | ')}`);
  };

const text = (t: string) => t;

/** Both `sqlite:FILE` and PostgreSQL's URL forms; only the scheme is echoed (a URL may hold a password). */
function dbUrl(t: string): string {
  if (/^(postgres(ql)?:\/\/|sqlite:)/.test(t)) return t;
  throw new SettingError(`unsupported database URL scheme '${t.split(':')[0]}:' (postgres://... or sqlite:FILE)`);
}

function httpUrl(t: string): string {
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    throw new SettingError(`invalid URL: '${t}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SettingError(`not an http(s) URL: '${t}'`);
  return t;
}

function kdf(t: string): KdfCost {
  const [N, r, p, ...rest] = t.split(',').map(Number);
  if (rest.length || ![N, r, p].every((n) => Number.isInteger(n) && n > 0) || (N & (N - 1)) !== 0 || N < 2)
    throw new SettingError(`invalid value: '${t}' (N,r,p: whole numbers, N a power of two, e.g. 8192,8,10)`);
  return { N, r, p };
}

function quota(t: string): Config['sesProductionQuota'] {
  const parts = t.split(',').map(Number);
  if (parts.length !== 2 || !parts.every((n) => n > 0))
    throw new SettingError(`invalid value: '${t}' (PER_DAY,PER_SECOND, e.g. 50000,14)`);
  return { max24HourSend: parts[0], maxSendRate: parts[1] };
}

function account(t: string): string {
  if (/^\d{12}$/.test(t)) return t;
  throw new SettingError(`invalid value: '${t}' (an account is 12 digits)`);
}

const list = (t: string) =>
  t
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);

/** Every setting, in the order of `--help` and of README.md's table. */
export const SETTINGS: { [K in keyof Config]-?: Setting<K> } = {
  port: {
    flag: 'port',
    arg: 'N',
    env: 'COGNATE_PORT',
    shown: `\`${DEFAULT_PORT}\``,
    dflt: () => DEFAULT_PORT,
    help: 'port to listen on; 0 picks a free one',
    doc: '`0` picks a free port',
    read: whole(0, 65535),
  },
  host: {
    flag: 'host',
    arg: 'ADDR',
    env: 'COGNATE_HOST',
    shown: '`127.0.0.1`',
    dflt: () => '127.0.0.1',
    help: 'address to listen on',
    doc: '',
    read: text,
  },
  processes: {
    flag: 'processes',
    arg: 'N',
    env: 'COGNATE_PROCESSES',
    shown: '`1`',
    dflt: () => 1,
    help: 'server processes sharing the port and the store',
    doc: 'server processes sharing the port and the store (see "More than one process")',
    read: whole(1),
  },
  dataDir: {
    flag: 'data',
    arg: 'DIR',
    env: 'COGNATE_DATA',
    shown: '`~/.cognate`',
    dflt: () => join(homedir(), '.cognate'),
    help: 'SQLite data folder',
    doc: 'SQLite database `cognate.db` in this folder (WAL mode)',
    read: text,
  },
  dbUrl: {
    flag: 'db',
    arg: 'URL',
    env: 'COGNATE_DB_URL',
    shown: '',
    dflt: () => undefined,
    help: 'postgres://... or sqlite:FILE instead of the data folder',
    doc: '`postgres://user@host/db` (PostgreSQL) or `sqlite:FILE`',
    read: dbUrl,
  },
  defaultAccount: {
    flag: 'default-account',
    arg: 'N',
    env: 'COGNATE_DEFAULT_ACCOUNT',
    shown: '`000000000000`',
    dflt: () => '000000000000',
    help: 'account for access keys that are not 12 digits',
    doc: 'for access keys that are not 12 digits',
    read: account,
  },
  kdf: {
    flag: 'kdf',
    arg: 'N,r,p',
    env: 'COGNATE_KDF',
    shown: `\`${DEFAULT_KDF.N},${DEFAULT_KDF.r},${DEFAULT_KDF.p}\``,
    dflt: () => DEFAULT_KDF,
    help: 'scrypt cost for passwords',
    doc: "scrypt cost for passwords: one of OWASP's equivalent scrypt settings, the one with the least memory per hash (8 MiB); at most one hash per core runs at once",
    read: kdf,
  },
  maxBodyBytes: {
    flag: 'max-body-bytes',
    arg: 'N',
    env: 'COGNATE_MAX_BODY_BYTES',
    shown: '`1048576`',
    dflt: () => 1024 * 1024,
    help: 'largest request body accepted, in bytes',
    doc: 'larger requests get `413 RequestEntityTooLargeException`',
    read: whole(1),
  },
  logLevel: {
    flag: 'log-level',
    arg: 'LEVEL',
    env: 'COGNATE_LOG_LEVEL',
    shown: '`info`',
    dflt: () => 'info',
    help: 'trace|debug|info|warn|error|fatal|silent: JSON lines on stderr',
    doc: '`trace`, `debug`, `info`, `warn`, `error`, `fatal` or `silent`: JSON lines on stderr, each request with its request id at `debug`',
    read: choice('trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'),
  },
  worker: {
    flag: 'no-worker',
    env: 'COGNATE_WORKER',
    switchValue: 'off',
    shown: '',
    dflt: () => true,
    help: 'do not deliver messages from this process',
    doc: 'this process does not deliver messages',
    read: (t) => choice('on', 'off')(t) === 'on',
  },
  smtpUrl: {
    flag: 'smtp-url',
    arg: 'URL',
    env: 'COGNATE_SMTP_URL',
    shown: '',
    dflt: () => undefined,
    help: 'also relay email over SMTP: smtp://user:pass@host:587, smtps://...',
    doc: 'also relay email through this SMTP server (see "Delivery"); the capture mailbox keeps a copy',
    read: text,
  },
  smsWebhookUrl: {
    flag: 'sms-webhook-url',
    arg: 'URL',
    env: 'COGNATE_SMS_WEBHOOK_URL',
    shown: '',
    dflt: () => undefined,
    help: 'also POST each SMS as signed JSON to URL',
    doc: 'also POST each SMS to this webhook (see "Delivery"); the capture outbox keeps a copy',
    read: httpUrl,
  },
  smsWebhookSecret: {
    flag: 'sms-webhook-secret',
    arg: 'KEY',
    env: 'COGNATE_SMS_WEBHOOK_SECRET',
    shown: '',
    dflt: () => undefined,
    help: 'HMAC key for the X-Cognate-Signature header',
    doc: "the key of the webhook's signature",
    read: text,
  },
  publicUrl: {
    flag: 'public-url',
    arg: 'URL',
    env: 'COGNATE_PUBLIC_URL',
    shown: 'the listening address',
    dflt: () => undefined,
    help: 'base URL in links that messages carry; its host may call /_aws/* and /_cognate/*',
    doc: "base of the confirmation links in emails; its host may also call cognate's own routes (`/_aws/*`, `/_cognate/*`)",
    read: (t) => httpUrl(t).replace(/\/+$/, ''),
  },
  socialIdpUrl: {
    flag: 'social-idp-url',
    arg: 'URL',
    env: 'COGNATE_SOCIAL_IDP_URL',
    shown: "the providers' own hosts",
    dflt: () => undefined,
    help: 'reach Google, Facebook, Amazon and Apple sign-in at URL/<host>/<path> (offline tests)',
    doc: 'reach the social identity providers (Google, Facebook, Login with Amazon, Sign in with Apple) at `URL/<host>/<path>` instead of `https://<host>/<path>`, for offline tests (docs/oauth.md, Federation)',
    read: (t) => httpUrl(t).replace(/\/+$/, ''),
  },
  lambdaEndpoint: {
    flag: 'lambda-endpoint',
    arg: 'URL',
    env: 'COGNATE_LAMBDA_ENDPOINT',
    shown: '',
    dflt: () => undefined,
    help: "invoke pools' triggers through this Lambda API (sam local start-lambda, ...)",
    doc: "invoke user pools' trigger functions through this Lambda-compatible API (`sam local start-lambda`, another emulator) instead of cognate's own functions; no resource policy is checked (docs/triggers.md)",
    read: (t) => httpUrl(t).replace(/\/+$/, ''),
  },
  tlsCert: {
    flag: 'tls-cert',
    arg: 'FILE',
    env: 'COGNATE_TLS_CERT',
    shown: '',
    dflt: () => undefined,
    help: 'serve HTTPS with this certificate (PEM; cognate cert makes one), with --tls-key',
    doc: 'serve HTTPS, not HTTP, with this certificate (PEM, its chain after it), with `--tls-key` (see "Verifying tokens"; `cognate cert` makes one)',
    read: text,
  },
  tlsKey: {
    flag: 'tls-key',
    arg: 'FILE',
    env: 'COGNATE_TLS_KEY',
    shown: '',
    dflt: () => undefined,
    help: "the certificate's private key (PEM)",
    read: text,
  },
  tokenIssuer: {
    flag: 'token-issuer',
    arg: 'cognate|aws',
    env: 'COGNATE_TOKEN_ISSUER',
    shown: '`cognate`',
    dflt: () => 'cognate',
    help: "tokens' iss: cognate's address and the pool id, or Cognito's https://cognito-idp.<region>.amazonaws.com/<poolId>",
    doc: "tokens' `iss` and the discovery document's issuer: cognate's address and the pool id (`cognate`), or Cognito's `https://cognito-idp.<region>.amazonaws.com/<poolId>` (`aws`); the keys stay at cognate's `/<poolId>/.well-known/jwks.json` (see \"Verifying tokens\")",
    read: choice('cognate', 'aws'),
  },
  defaultEmailDailyQuota: {
    flag: 'default-email-daily-quota',
    arg: 'N',
    env: 'COGNATE_DEFAULT_EMAIL_DAILY_QUOTA',
    shown: '`50`',
    dflt: () => 50,
    help: "emails a day per account and region via Cognito's default sender (AWS's quota)",
    doc: "emails a day per account and region through Cognito's default sender",
    read: whole(0),
  },
  deliveryLeaseMs: {
    flag: 'delivery-lease-ms',
    arg: 'N',
    env: 'COGNATE_DELIVERY_LEASE_MS',
    shown: '`30000`',
    dflt: () => 30_000,
    help: "how long a worker's claim on a message lasts",
    read: whole(1),
  },
  cognitoSms: {
    flag: 'cognito-sms',
    arg: 'aws|direct',
    env: 'COGNATE_COGNITO_SMS',
    shown: '`aws`',
    dflt: () => 'aws',
    help: "user pools send SMS as AWS does (SmsConfiguration's role, SNS sandbox, spend) or straight to the SMS transport",
    doc: "user pools send SMS through their SmsConfiguration's role and SNS's rules (`aws`), or straight to the SMS transport, unchecked (`direct`)",
    read: choice('aws', 'direct'),
  },
  cognitoEmail: {
    flag: 'cognito-email',
    arg: 'aws|direct',
    env: 'COGNATE_COGNITO_EMAIL',
    shown: '`aws`',
    dflt: () => 'aws',
    help: "DEVELOPER pools send email under SES's rules (identity, sandbox, quotas) or straight to the email transport",
    doc: "DEVELOPER pools send under SES's rules (`aws`), or straight to the transport, unchecked (`direct`)",
    read: choice('aws', 'direct'),
  },
  dnsServers: {
    flag: 'dns-server',
    arg: 'HOST[:PORT]',
    env: 'COGNATE_DNS_SERVER',
    shown: "the system's",
    dflt: () => undefined,
    help: 'DNS server(s) for SES domain verification, comma-separated',
    read: list,
  },
  sesProductionAccess: {
    flag: 'ses-production-access',
    arg: 'auto|manual',
    env: 'COGNATE_SES_PRODUCTION_ACCESS',
    shown: '`auto`',
    dflt: () => 'auto',
    help: 'SES production access requests granted at once, or held for cognate ses review',
    doc: 'production access requests granted at once, or held for `cognate ses review`',
    read: choice('auto', 'manual'),
  },
  // AWS no longer publishes a starting production quota ("varies based on your use case",
  // https://docs.aws.amazon.com/ses/latest/dg/quotas.html); 50,000 a day at 14 a second is the
  // starting quota accounts have long reported.
  sesProductionQuota: {
    flag: 'ses-production-quota',
    arg: 'DAY,SECOND',
    env: 'COGNATE_SES_PRODUCTION_QUOTA',
    shown: '`50000,14`',
    dflt: () => ({ max24HourSend: 50_000, maxSendRate: 14 }),
    help: "an SES account's quota out of the sandbox",
    read: quota,
  },
};

type AnySetting = { [K in keyof Config]-?: Setting<K> }[keyof Config];

/** The settings in their declared order. */
export const settingList = (): AnySetting[] => Object.values(SETTINGS) as AnySetting[];

/** `--flag ARG` as help and README show it. */
export const flagOf = (s: AnySetting): string => `--${s.flag}${s.arg ? ` ${s.arg}` : ''}`;

/** `COGNATE_X`, or `COGNATE_X=value` for a switch. */
export const variableOf = (s: AnySetting): string => (s.switchValue ? `${s.env}=${s.switchValue}` : s.env);

/**
 * The settings from flags (by flag name: a string, or true for a switch given) and environment
 * variables (an empty variable counts as unset). A value a setting cannot take throws a
 * SettingError naming the flag (`argument --port: ...`) or the variable it came from.
 */
export function loadConfig(
  flags: Record<string, string | boolean | undefined>,
  env: NodeJS.ProcessEnv = process.env,
): Config {
  const config: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(SETTINGS) as [keyof Config, AnySetting][]) {
    const given = flags[s.flag];
    const [source, raw] =
      given === true && s.switchValue
        ? [`argument --${s.flag}`, s.switchValue]
        : typeof given === 'string'
          ? [`argument --${s.flag}`, given]
          : [`environment variable ${s.env}`, env[s.env] || undefined];
    try {
      config[key] = raw === undefined ? s.dflt() : s.read(raw);
    } catch (e) {
      if (e instanceof SettingError) throw new SettingError(`${source}: ${e.message}`);
      throw e;
    }
  }
  if (!config.tlsCert !== !config.tlsKey)
    throw new SettingError(
      `argument --${config.tlsCert ? 'tls-key' : 'tls-cert'}: needed with --${config.tlsCert ? 'tls-cert' : 'tls-key'}`,
    );
  return config as unknown as Config;
}
