// The doctor's AWS client: signs requests with Signature Version 4 (so it speaks to any AWS
// endpoint, cognate or not) and speaks the two protocols the doctor needs: JSON 1.1 (Cognito) and
// Query with XML answers (IAM, SNS). No SDK at run time: the SDKs are only development dependencies.
import { createHash, createHmac } from 'node:crypto';
import { readOperatorError } from '../kernel/route.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s).digest();

function sign(
  url: URL,
  headers: Record<string, string>,
  body: string,
  service: string,
  region: string,
  creds: Credentials,
  now = new Date(),
  method = 'POST',
): Record<string, string> {
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const all: Record<string, string> = {
    ...headers,
    host: url.host,
    'x-amz-date': amzDate,
    ...(creds.sessionToken ? { 'x-amz-security-token': creds.sessionToken } : {}),
  };
  const names = Object.keys(all)
    .map((h) => h.toLowerCase())
    .sort();
  const lower = Object.fromEntries(Object.entries(all).map(([k, v]) => [k.toLowerCase(), v.trim()]));
  // Services other than S3 sign the path with each segment encoded once more; the query sorted by name.
  const path = (url.pathname || '/')
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
  const query = [...url.searchParams]
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .sort()
    .join('&');
  const canonical = [
    method,
    path,
    query,
    names.map((h) => `${h}:${lower[h]}\n`).join(''),
    names.join(';'),
    sha256(body),
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, day), region), service), 'aws4_request');
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return {
    ...all,
    authorization: `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}

export class AwsClient {
  constructor(
    readonly endpoint: string,
    readonly creds: Credentials,
  ) {}

  /** A JSON 1.1 call (Cognito). */
  async json<T = Record<string, unknown>>(service: string, target: string, region: string, input: unknown): Promise<T> {
    const url = new URL('/', this.endpoint);
    const body = JSON.stringify(input);
    const headers = sign(
      url,
      { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
      body,
      service,
      region,
      this.creds,
    );
    const res = await fetch(url, { method: 'POST', headers, body });
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : {};
    if (!res.ok)
      throw new ApiError(
        String(parsed.__type ?? res.headers.get('x-amzn-errortype') ?? 'Error')
          .replace(/:.*$/, '')
          .replace(/^.*#/, ''),
        String(parsed.message ?? parsed.Message ?? text),
        res.status,
      );
    return parsed as T;
  }

  /** A Query call (IAM, SNS); answers the XML of the result. */
  async query(
    service: string,
    region: string,
    version: string,
    action: string,
    params: Record<string, string> = {},
  ): Promise<string> {
    const url = new URL('/', this.endpoint);
    const body = new URLSearchParams({ Action: action, Version: version, ...params }).toString();
    const headers = sign(
      url,
      { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
      service,
      region,
      this.creds,
    );
    const res = await fetch(url, { method: 'POST', headers, body });
    const xml = await res.text();
    if (!res.ok) throw new ApiError(tag(xml, 'Code') ?? 'Error', tag(xml, 'Message') ?? xml.slice(0, 200), res.status);
    return xml;
  }

  /** A REST-JSON call (SES v2): `path` with its labels already URI-encoded. */
  async rest<T = Record<string, unknown>>(
    service: string,
    region: string,
    method: string,
    path: string,
    input?: unknown,
  ): Promise<T> {
    const url = new URL(path, this.endpoint);
    const body = input === undefined ? '' : JSON.stringify(input);
    const headers = sign(
      url,
      input === undefined ? {} : { 'content-type': 'application/json' },
      body,
      service,
      region,
      this.creds,
      new Date(),
      method,
    );
    const res = await fetch(url, { method, headers, ...(input === undefined ? {} : { body }) });
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : {};
    if (!res.ok)
      throw new ApiError(
        String(res.headers.get('x-amzn-errortype') ?? parsed.__type ?? 'Error').replace(/:.*$/, ''),
        String(parsed.message ?? parsed.Message ?? text),
        res.status,
      );
    return parsed as T;
  }

  /** cognate's own JSON endpoints (/_cognate/...). */
  async cognate<T>(path: string): Promise<T> {
    const res = await fetch(new URL(path, this.endpoint));
    if (res.ok) return (await res.json()) as T;
    const refusal = readOperatorError(await res.json().catch(() => undefined));
    throw new ApiError(
      refusal?.code ?? 'HttpError',
      `${path}: ${refusal?.message ?? `HTTP ${res.status}`}`,
      res.status,
    );
  }
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The text of the first <name> element, or undefined. */
export function tag(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m ? unescapeXml(m[1]) : undefined;
}

/** Every <name> element's inner XML, in order. */
export function tags(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[1]);
}

export const text = (inner: string) => unescapeXml(inner);
