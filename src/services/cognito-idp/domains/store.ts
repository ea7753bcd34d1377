// A pool's domains in the store: at most one prefix domain and one custom domain per pool, each
// host held by one pool (migration 011). A prefix domain's host is <prefix>.auth.<region>.amazoncognito.com,
// so a prefix is unique per Region across accounts, as on AWS; a custom domain's host is itself.
//
// What only exists in AWS is simulated (docs/domains.md): the CloudFront distribution (a made-up
// *.cloudfront.net host), the S3 bucket of the hosted UI's assets, and the wait while AWS deploys
// them: a domain is ACTIVE at once.
import { randomBytes } from 'node:crypto';
import type { DomainDescriptionType } from '@aws-sdk/client-cognito-identity-provider';
import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../../store/store.js';
import type { UserPoolDomainRow } from '../../../store/tables/cognito-idp-domains.js';
import { prepared } from '../../../store/prepared.js';

export type DomainRow = Selectable<UserPoolDomainRow>;

/** The host a domain answers on, as the API names it (a prefix, or a custom domain's DNS name). */
export const hostOf = (domain: string, region: string) =>
  domain.includes('.') ? domain : `${domain}.auth.${region}.amazoncognito.com`;

/**
 * AWS's regional bucket of the hosted UI's files is named after the Region's airport code
 * (`aws-cognito-prod-pdx-assets` for us-west-2 in the API reference's example); Regions not listed
 * here get their own name in its place.
 */
const AIRPORT: Record<string, string> = {
  'us-east-1': 'iad',
  'us-east-2': 'cmh',
  'us-west-1': 'sfo',
  'us-west-2': 'pdx',
  'eu-west-1': 'dub',
  'eu-west-2': 'lhr',
  'eu-central-1': 'fra',
  'ap-southeast-1': 'sin',
  'ap-southeast-2': 'syd',
  'ap-northeast-1': 'nrt',
};
export const assetsBucket = (region: string) => `aws-cognito-prod-${AIRPORT[region] ?? region}-assets`;

/** A made-up CloudFront distribution host, in the form of CloudFront's: d + 13 lower-case letters and digits. */
export function newCloudFrontHost(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const id = [...randomBytes(13)].map((b) => alphabet[b % alphabet.length]).join('');
  return `d${id}.cloudfront.net`;
}

/** A domain's Version: the UTC time of its last change as yyyyMMddHHmmss, the form AWS's has. */
export const domainVersion = (now: number) => new Date(now).toISOString().replace(/\D/g, '').slice(0, 14);

export async function domainByHost(db: Db | Tx, host: string): Promise<DomainRow | undefined> {
  return db.selectFrom('user_pool_domains').selectAll().where('host', '=', host).executeTakeFirst();
}

const withPoolVersion = prepared<
  'host' | 'client',
  DomainRow & { pool_version: number; client_version: number | null }
>((db, $) =>
  db
    .selectFrom('user_pool_domains as d')
    .innerJoin('user_pools as p', 'p.id', 'd.pool_id')
    .leftJoin('user_pool_clients as c', (j) =>
      j.onRef('c.pool_id', '=', 'd.pool_id').on('c.client_id', '=', $('client')),
    )
    .selectAll('d')
    .select(['p.version as pool_version', 'c.version as client_version'])
    .where('d.host', '=', $('host')),
);

/**
 * The domain of a host and the current version of its pool, in one read (a request to the domain
 * needs both), and the version of the pool's app client `clientId` (null where the pool has none
 * of that id), so that the token endpoint's client is known without a read of its own.
 */
export const domainWithPoolVersion = (db: Db, host: string, clientId = '') =>
  withPoolVersion.first(db, { host, client: clientId });

export async function domainsOfPool(db: Db | Tx, poolId: string): Promise<DomainRow[]> {
  return db.selectFrom('user_pool_domains').selectAll().where('pool_id', '=', poolId).execute();
}

export function describeDomain(d: DomainRow): DomainDescriptionType {
  return {
    UserPoolId: d.pool_id,
    AWSAccountId: d.account,
    Domain: d.domain,
    S3Bucket: assetsBucket(d.region),
    CloudFrontDistribution: d.cloudfront,
    Version: d.version,
    Status: 'ACTIVE',
    ...(d.kind === 'custom'
      ? {
          CustomDomainConfig: {
            CertificateArn: d.certificate_arn ?? undefined,
            ...(d.security_policy ? { SecurityPolicy: d.security_policy as 'TLS_V1' } : {}),
          },
        }
      : {}),
    ManagedLoginVersion: d.managed_login_version,
  };
}
