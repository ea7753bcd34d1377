// Tables of a pool's domains, resource servers and client secrets (migration 011).

/** A prefix or custom domain of a user pool (services/cognito-idp/domains/). */
export interface UserPoolDomainRow {
  /** <prefix>.auth.<region>.amazoncognito.com, or the custom domain */
  host: string;
  /** as the API names it: the prefix alone, or the custom domain */
  domain: string;
  pool_id: string;
  account: string;
  region: string;
  kind: 'prefix' | 'custom';
  certificate_arn: string | null;
  security_policy: string | null;
  managed_login_version: number;
  /** the CloudFront host AWS would put in front of the domain: simulated */
  cloudfront: string;
  /** the domain's Version, a UTC timestamp yyyyMMddHHmmss of its last change */
  version: string;
  created_at: number;
  updated_at: number;
}

/** A resource server of a user pool and its custom scopes. */
export interface ResourceServerRow {
  pool_id: string;
  identifier: string;
  name: string;
  /** [{ScopeName, ScopeDescription}], JSON */
  scopes: string;
  created_at: number;
}

/** The column migration 011 adds to user_pool_clients. */
export interface ClientSecretsColumn {
  /** [{id, value, created}] of every active secret, oldest first, JSON; null for a client without one */
  secrets: string | null;
}
