// What KMS's wire gives the operations: blobs arrive as base64 text (JSON 1.1), the caller as an account.
import type { RequestContext } from '../../kernel/operation.js';
import { scopeOf } from '../../kernel/operation.js';

/** A blob member as bytes: the protocol leaves JSON 1.1 blobs as their base64 text. */
export const bytesOf = (v: Uint8Array | string | undefined): Uint8Array =>
  v === undefined ? new Uint8Array() : typeof v === 'string' ? Buffer.from(v, 'base64') : v;

/** The caller as a key policy sees it: the account's root (cognate does not tell IAM principals apart here). */
export const callerArn = (ctx: RequestContext) => `arn:aws:iam::${scopeOf(ctx).account}:root`;
