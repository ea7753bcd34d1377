// The pre-signed URL's other end: `PUT /cognito-user-import/<poolId>/<jobId>?X-Amz-...`, answered
// as S3 answers a pre-signed PUT (200 with the object's ETag, or an S3 XML <Error>). The URL's
// signature is its authority (./url.ts), as an S3 URL's is, so the route is outside the operator
// guard like /confirmUser. The body is streamed into the store in chunks as it arrives, never held
// whole, under an upload id that becomes the job's file only once the whole body is in: a broken
// upload leaves the job as it was. Another PUT while the job is Created replaces the file, as a PUT
// to S3 replaces the object.
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route } from '../../../kernel/route.js';
import type { Deps } from '../../context.js';
import { checkSignature, UPLOAD_PATH } from './url.js';

/** "The maximum .csv file size is 100 MB" (developer guide, "Formatting the .csv file") */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
const CHUNK_BYTES = 256 * 1024;

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function s3Error(res: ServerResponse, status: number, code: string, message: string, requestId: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message><RequestId>${requestId}</RequestId></Error>`;
  // The body may be unread: the connection is not reused.
  res.writeHead(status, {
    'Content-Type': 'application/xml',
    'Content-Length': Buffer.byteLength(body),
    Connection: 'close',
  });
  res.end(body);
}

// S3's texts: SignatureDoesNotMatch's as a user quoted it for this very URL (aws/aws-sdk-js-v3#6679,
// a PUT without the signed x-amz-server-side-encryption header); "Request has expired" and
// "Access Denied" are S3's AccessDenied texts; EntityTooLarge's is S3's.
const BAD_SIGNATURE =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';

export function uploadRoute(deps: Deps): Route {
  return {
    method: 'PUT',
    path: UPLOAD_PATH,
    streamsBody: true,
    async handle(req, res, url, _body, ctx) {
      const [, poolId, jobId] = UPLOAD_PATH.exec(url.pathname)!;
      const fail = (status: number, code: string, message: string) => {
        req.resume();
        s3Error(res, status, code, message, ctx.requestId);
      };
      const signed = checkSignature(url, deps.serverKey, poolId, jobId);
      // The developer guide's upload names the header the URL was signed with: -H "x-amz-server-side-encryption:aws:kms".
      if (!signed.valid || req.headers['x-amz-server-side-encryption'] !== 'aws:kms')
        return fail(403, 'SignatureDoesNotMatch', BAD_SIGNATURE);
      if (deps.now() > signed.expiresAt) return fail(403, 'AccessDenied', 'Request has expired');
      const job = await deps.store.db
        .selectFrom('user_import_jobs')
        .select(['status'])
        .where('job_id', '=', jobId)
        .where('pool_id', '=', poolId)
        .executeTakeFirst();
      if (job?.status !== 'Created') return fail(403, 'AccessDenied', 'Access Denied');
      if (Number(req.headers['content-length'] ?? 0) > MAX_FILE_BYTES)
        return fail(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
      const stored = await store(deps, req, poolId, jobId);
      if (stored === 'too large')
        return fail(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
      if (stored === 'not created') return fail(403, 'AccessDenied', 'Access Denied');
      res.writeHead(200, { ETag: `"${stored.etag}"`, 'Content-Length': 0 });
      res.end();
    },
  };
}

/** Streams the body into chunks under a new upload id, then makes it the job's file. */
async function store(
  deps: Deps,
  req: IncomingMessage,
  poolId: string,
  jobId: string,
): Promise<{ etag: string } | 'too large' | 'not created'> {
  const db = deps.store.db;
  const uploadId = randomUUID();
  const md5 = createHash('md5');
  let seq = 0;
  let size = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (!pendingBytes) return;
    const data = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await db
      .insertInto('user_import_chunks')
      .values({ job_id: jobId, pool_id: poolId, upload_id: uploadId, seq: seq++, data })
      .execute();
  };
  const discard = () =>
    db.deleteFrom('user_import_chunks').where('job_id', '=', jobId).where('upload_id', '=', uploadId).execute();
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_FILE_BYTES) {
        await discard();
        return 'too large';
      }
      md5.update(chunk);
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
    await flush();
  } catch (e) {
    await discard();
    throw e;
  }
  const made = await deps.store.tx(async (trx) => {
    const r = await trx
      .updateTable('user_import_jobs')
      .set({ upload_id: uploadId, upload_bytes: size })
      .where('job_id', '=', jobId)
      .where('status', '=', 'Created')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await trx.deleteFrom('user_import_chunks').where('job_id', '=', jobId).where('upload_id', '!=', uploadId).execute();
    return true;
  });
  if (!made) {
    await discard();
    return 'not created';
  }
  return { etag: md5.digest('hex') };
}
