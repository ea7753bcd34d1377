// The AWS SDK's errors as the doctors read them, without loading the SDK (the server's doctor
// routes classify errors before they would need it): an AWS refusal is an Error whose name is the
// exception's, with `$fault` (client or server) and the answer's `$metadata`; a network failure
// carries `$metadata` too, but no `$fault`. Query-protocol refusals (IAM, SNS, STS) also keep the
// wire's code in `Code` (NoSuchEntity, where the exception's name is NoSuchEntityException).

interface ServiceError extends Error {
  $fault: 'client' | 'server';
  $metadata: { httpStatusCode?: number };
  Code?: string;
}

/** An AWS refusal (not a network or credential failure). */
export function isServiceError(e: unknown): e is ServiceError {
  return e instanceof Error && typeof (e as { $fault?: unknown }).$fault === 'string';
}

const MISSING = new Set(['ResourceNotFoundException', 'NotFoundException', 'NoSuchEntity', 'NoSuchEntityException']);

/** The thing asked about does not exist (for these credentials, in this Region). */
export function isNotFound(e: unknown): boolean {
  return isServiceError(e) && (e.$metadata.httpStatusCode === 404 || MISSING.has(e.name));
}

/** As the AWS CLI names a refusal: `Code: message` (the wire's code); any other failure by its message. */
export function errorText(e: unknown): string {
  if (isServiceError(e)) return `${typeof e.Code === 'string' ? e.Code : e.name}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}
