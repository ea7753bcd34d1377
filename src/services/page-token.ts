// Page tokens of every list operation: the last row's sort values and the list they belong to
// (which operation, and whatever narrows it: pool, filter, account), as opaque JSON in standard
// padded base64, the form AWS's pagination tokens have (tokens of the earlier base64url form still
// read: Node's base64 decoder takes both alphabets). A
// token from another list, or from nowhere, is refused with the service's own error (`invalid`).

export const pageToken = (list: string, after: string[]) =>
  Buffer.from(JSON.stringify({ scope: list, after }), 'utf8').toString('base64');

/** Where the next page starts (`width` sort values), or undefined for the first page. */
export function pagePosition(
  token: string | undefined,
  list: string,
  width: number,
  invalid: () => Error,
): string[] | undefined {
  if (token === undefined) return undefined;
  try {
    const p: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (
      p &&
      typeof p === 'object' &&
      'scope' in p &&
      'after' in p &&
      p.scope === list &&
      Array.isArray(p.after) &&
      p.after.length === width &&
      p.after.every((v) => typeof v === 'string')
    )
      return p.after as string[];
  } catch {
    // not JSON: not one of ours
  }
  throw invalid();
}
