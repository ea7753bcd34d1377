// The pre-signed URL of an import job: where the CSV is PUT, as to the S3 URL AWS hands out. It is
// served by cognate itself (./upload-route.ts) and shaped like S3's query-signed URL, so tools that
// parse or log it see the familiar members. The signature is an HMAC under the server key over the
// job and the URL's validity, so it cannot be guessed or stretched, and nothing secret is stored: it
// is made again whenever the job is shown. "The PRE_SIGNED_URL returned in the response is valid for
// 15 minutes" (developer guide, Creating and running the Amazon Cognito user pool import job).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const UPLOAD_PATH = /^\/cognito-user-import\/([\w-]+)\/(import-[0-9a-zA-Z-]+)$/;
export const URL_VALID_SECONDS = 15 * 60;

/** 20240102T030405Z, S3's X-Amz-Date */
const amzDate = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

function signature(key: Buffer, poolId: string, jobId: string, date: string, expires: string): string {
  return createHmac('sha256', key).update(`user-import\n${poolId}\n${jobId}\n${date}\n${expires}`).digest('hex');
}

export function presignedUrl(base: string, key: Buffer, poolId: string, jobId: string, createdAt: number): string {
  const date = amzDate(createdAt);
  const expires = String(URL_VALID_SECONDS);
  const q = new URLSearchParams({
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Date': date,
    'X-Amz-Expires': expires,
    'X-Amz-SignedHeaders': 'host;x-amz-server-side-encryption',
    'X-Amz-Signature': signature(key, poolId, jobId, date, expires),
  });
  return `${base}/cognito-user-import/${poolId}/${jobId}?${q}`;
}

/** What a request's query says of the URL: signed by this server for this job, and until when. */
export function checkSignature(
  url: URL,
  key: Buffer,
  poolId: string,
  jobId: string,
): { valid: false } | { valid: true; expiresAt: number } {
  const date = url.searchParams.get('X-Amz-Date') ?? '';
  const expires = url.searchParams.get('X-Amz-Expires') ?? '';
  const given = Buffer.from(url.searchParams.get('X-Amz-Signature') ?? '', 'utf8');
  const want = Buffer.from(signature(key, poolId, jobId, date, expires), 'utf8');
  if (given.length !== want.length || !timingSafeEqual(given, want)) return { valid: false };
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
  if (!m) return { valid: false };
  const signedAt = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return { valid: true, expiresAt: signedAt + Number(expires) * 1000 };
}
