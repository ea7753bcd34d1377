// KMS keys: symmetric (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT) keys whose 256-bit material never leaves
// cognate, sealed under the server key in the row. A ciphertext blob is cognate's own (AWS's is
// opaque too): a version byte, the key id, then AES-256-GCM (iv | ciphertext | tag) with the
// encryption context as additional data, so Decrypt finds its key from the blob alone, as KMS does
// for symmetric keys, and a different context fails as InvalidCiphertextException.
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import {
  DisabledException,
  IncorrectKeyException,
  InvalidCiphertextException,
  KMSInvalidStateException,
  NotFoundException,
} from '../../generated/kms/errors.js';
import { AwsError } from '../../kernel/errors.js';
import type { Scope } from '../../kernel/caller.js';
import { seal, unseal } from '../../crypto/seal.js';
import type { Db } from '../../store/store.js';
import type { KmsKeyRow } from '../../store/tables/kms.js';
import { parsePolicy } from '../../policy/document.js';
import { evaluate, type RequestPrincipal } from '../../policy/evaluate.js';

const PURPOSE = 'kms key material';
const VERSION = 1;
const ID_LENGTH = 36;

export const keyArn = (scope: Scope, keyId: string) => `arn:aws:kms:${scope.region}:${scope.account}:key/${keyId}`;

/** The key policy KMS gives a key created without one (KMS developer guide, "Default key policy"). */
export const defaultPolicy = (account: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  });

export function newKeyRow(
  scope: Scope,
  serverKey: Buffer,
  input: { description?: string; policy?: string; tags?: unknown[] },
  now: number,
): KmsKeyRow {
  return {
    account: scope.account,
    region: scope.region,
    key_id: randomUUID(),
    description: input.description ?? '',
    key_usage: 'ENCRYPT_DECRYPT',
    key_spec: 'SYMMETRIC_DEFAULT',
    key_state: 'Enabled',
    policy: input.policy ?? defaultPolicy(scope.account),
    material: seal(serverKey, PURPOSE, randomBytes(32).toString('base64')),
    created_at: now,
    deletion_date: null,
    tags: JSON.stringify(input.tags ?? []),
  };
}

/** For a key it does not find, KMS's form as other emulators quote it ("Key '<arn>' does not exist"); not checked against AWS here. */
const notFound = (what: string) => new NotFoundException(`Key '${what}' does not exist`);

/** The key a KeyId names: a key id, or a key ARN of the caller's account and Region. */
/** The key of this id in the scope's account and Region, if there is one. */
const keyRow = (db: Db, scope: Scope, id: string): Promise<KmsKeyRow | undefined> =>
  db
    .selectFrom('kms_keys')
    .selectAll()
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .where('key_id', '=', id)
    .executeTakeFirst();

export async function findKey(db: Db, scope: Scope, keyId: string): Promise<KmsKeyRow> {
  const m = /^arn:aws[a-z-]*:kms:([^:]+):(\d{12}):key\/(.+)$/.exec(keyId);
  if (m && (m[1] !== scope.region || m[2] !== scope.account)) throw notFound(keyId);
  const id = m ? m[3] : keyId;
  const row = await keyRow(db, scope, id);
  if (!row) throw notFound(m ? keyId : keyArn(scope, keyId));
  return row;
}

/** A key usable for cryptography now. */
export function requireUsable(scope: Scope, row: KmsKeyRow): void {
  const arn = keyArn(scope, row.key_id);
  // "<arn> is disabled." / "<arn> is pending deletion.": the forms KMS emulators use; not on record from AWS here.
  if (row.key_state === 'Disabled') throw new DisabledException(`${arn} is disabled.`);
  if (row.key_state === 'PendingDeletion') throw new KMSInvalidStateException(`${arn} is pending deletion.`);
}

/** Whether the key policy lets `principal` do `action` (kms:Encrypt, ...), evaluated by the IAM evaluator. */
export function keyPolicyAllows(
  scope: Scope,
  row: KmsKeyRow,
  principal: RequestPrincipal,
  action: string,
  context: Record<string, string> = {},
): boolean {
  return evaluate([{ name: 'key policy', document: parsePolicy(row.policy, 'resource') }], {
    principal,
    action,
    resource: keyArn(scope, row.key_id),
    context,
  }).allowed;
}

/** Refuses an API caller the key policy does not allow, in KMS's words. */
export function requireAllowed(scope: Scope, row: KmsKeyRow, callerArn: string, action: string): void {
  if (keyPolicyAllows(scope, row, { type: 'AWS', arn: callerArn, account: scope.account }, action)) return;
  // IAM's usual form for a resource policy's refusal ("User: <arn> is not authorized to perform: <action>
  // on resource: <arn> because no resource-based policy allows the <action> action"); for KMS not on
  // record here: cognate's words in that form.
  throw new AwsError(
    'AccessDeniedException',
    `User: ${callerArn} is not authorized to perform: ${action} on resource: ${keyArn(scope, row.key_id)} because no resource-based policy allows the ${action} action`,
  );
}

const contextBytes = (context: Record<string, string> | undefined) =>
  Buffer.from(
    JSON.stringify(
      Object.keys(context ?? {})
        .sort()
        .map((k) => [k, context![k]]),
    ),
    'utf8',
  );

function material(serverKey: Buffer, row: KmsKeyRow): Buffer {
  const text = unseal(serverKey, PURPOSE, row.material);
  if (text === undefined) throw new Error(`key material of ${row.key_id} cannot be opened with this server key`);
  return Buffer.from(text, 'base64');
}

export function encryptWith(
  serverKey: Buffer,
  row: KmsKeyRow,
  plaintext: Uint8Array,
  context?: Record<string, string>,
): Uint8Array {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', material(serverKey, row), iv);
  cipher.setAAD(contextBytes(context));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), Buffer.from(row.key_id, 'ascii'), iv, body, cipher.getAuthTag()]);
}

/** The key id a ciphertext blob names, or InvalidCiphertextException. */
export function blobKeyId(blob: Uint8Array): string {
  // An unreadable blob: InvalidCiphertextException, with no message (not on record here: cognate's choice).
  if (blob.length < 1 + ID_LENGTH + 12 + 16 || blob[0] !== VERSION) throw new InvalidCiphertextException('');
  return Buffer.from(blob.subarray(1, 1 + ID_LENGTH)).toString('ascii');
}

export function decryptWith(
  serverKey: Buffer,
  row: KmsKeyRow,
  blob: Uint8Array,
  context?: Record<string, string>,
): Uint8Array {
  const b = Buffer.from(blob);
  const start = 1 + ID_LENGTH;
  try {
    const decipher = createDecipheriv('aes-256-gcm', material(serverKey, row), b.subarray(start, start + 12));
    decipher.setAAD(contextBytes(context));
    decipher.setAuthTag(b.subarray(b.length - 16));
    return Buffer.concat([decipher.update(b.subarray(start + 12, b.length - 16)), decipher.final()]);
  } catch {
    throw new InvalidCiphertextException('');
  }
}

/** Decrypt's key: the one in the blob, which a given KeyId must name (else IncorrectKeyException). */
export async function keyForBlob(db: Db, scope: Scope, blob: Uint8Array, keyId?: string): Promise<KmsKeyRow> {
  const id = blobKeyId(blob);
  if (keyId !== undefined) {
    const named = await findKey(db, scope, keyId);
    // AWS's text (an AWS CLI transcript and a CloudTrail record of a real Decrypt, found by code search).
    if (named.key_id !== id)
      throw new IncorrectKeyException(
        'The key ID in the request does not identify a CMK that can perform this operation.',
      );
    return named;
  }
  const row = await keyRow(db, scope, id);
  if (!row) throw new InvalidCiphertextException('');
  return row;
}

/** KeyMetadata as DescribeKey and CreateKey answer it. */
export function keyMetadata(scope: Scope, row: KmsKeyRow) {
  return {
    AWSAccountId: row.account,
    KeyId: row.key_id,
    Arn: keyArn(scope, row.key_id),
    CreationDate: new Date(row.created_at),
    Enabled: row.key_state === 'Enabled',
    Description: row.description,
    KeyUsage: row.key_usage,
    KeyState: row.key_state,
    ...(row.deletion_date !== null ? { DeletionDate: new Date(row.deletion_date) } : {}),
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: row.key_spec,
    KeySpec: row.key_spec,
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: false,
  };
}
