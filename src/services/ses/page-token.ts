// SES's list tokens, shared by v1 ListIdentities and v2 ListEmailIdentities: opaque to the
// caller, the name of the last identity of the page inside.

export const pageToken = (after: string) => Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');

/** Where a page starts: after the identity the token names; `invalid()` for a token not ours. */
export function pageAfter(token: string | undefined, invalid: () => Error): string | undefined {
  if (token === undefined) return undefined;
  try {
    const p = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof p.after === 'string') return p.after;
  } catch {
    // not one of ours
  }
  throw invalid();
}
