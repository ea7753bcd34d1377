// The OAuth 2.0 wire of a pool's domain: form bodies, AWS's error bodies, redirects, cookies.
// Everything the endpoints answer goes through here, so no endpoint writes a status by hand.
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * An OAuth error as the token, revocation and userInfo endpoints answer it: the status and
 * `{"error": ..., "error_description"?: ...}` (RFC 6749 §5.2; AWS's token endpoint page lists
 * invalid_request, invalid_client, invalid_grant, unauthorized_client, unsupported_grant_type and
 * invalid_scope, each with HTTP 400; the revocation endpoint answers invalid_client with 401).
 */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly status = 400,
    readonly description?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description ?? error);
  }
}

/** Token responses and their errors must not be cached (RFC 6749 §5.1). */
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

export function sendOAuthJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json;charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
    ...NO_STORE,
    ...headers,
  });
  res.end(text);
}

export function sendOAuthError(res: ServerResponse, e: OAuthError): void {
  sendOAuthJson(
    res,
    e.status,
    { error: e.error, ...(e.description ? { error_description: e.description } : {}) },
    e.headers,
  );
}

/** A 302 to `location`, with the cookies to set. */
export function redirect(res: ServerResponse, location: string, cookies: string[] = []): void {
  res.writeHead(302, {
    Location: location,
    'Cache-Control': 'no-store',
    ...(cookies.length ? { 'Set-Cookie': cookies } : {}),
  });
  res.end();
}

/** A form-encoded body (the token and revocation endpoints, the sign-in forms); anything else is invalid_request. */
export function readForm(req: IncomingMessage, body: Buffer): URLSearchParams {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new OAuthError('invalid_request');
  return new URLSearchParams(body.toString('utf8'));
}

/** The request's cookies by name (the first of a repeated name). */
export function readCookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

export interface CookieScope {
  /** the domain's path: `/`, or `/_cognate/domains/<domain>/` in the path form */
  path: string;
  /** sent only over HTTPS: the domain was reached over TLS */
  secure: boolean;
}

/**
 * A cookie of the domain: HttpOnly (no script reads it), SameSite=Lax (a page of another site
 * cannot post a form with it; a top-level redirect back to the domain still carries it, which is
 * what single sign-on needs), Secure under TLS. `maxAge` 0 deletes it.
 */
export function cookie(name: string, value: string, scope: CookieScope, maxAge?: number): string {
  return [
    `${name}=${value}`,
    `Path=${scope.path}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(scope.secure ? ['Secure'] : []),
    ...(maxAge !== undefined ? [`Max-Age=${maxAge}`] : []),
  ].join('; ');
}

/** `uri` with `params` added to its query (a code grant, an error) or its fragment (the implicit grant's tokens). */
export function withParams(
  uri: string,
  params: Record<string, string | undefined>,
  where: 'query' | 'fragment',
): string {
  const pairs = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  const encoded = new URLSearchParams(pairs).toString();
  if (where === 'fragment') return `${uri.split('#')[0]}#${encoded}`;
  const [head, fragment] = uri.split('#', 2);
  const joined = `${head}${head.includes('?') ? '&' : '?'}${encoded}`;
  return fragment === undefined ? joined : `${joined}#${fragment}`;
}
