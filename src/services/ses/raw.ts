// Just enough of an RFC 5322 message for SendRawEmail: the headers that address it and its
// subject, and the body as it stands. The body goes out as the message's text as given
// (a multipart body is not taken apart).
export interface RawEmail {
  from?: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string | null;
  body: string;
}

const list = (v: string | undefined) =>
  v
    ? v
        .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

export function parseRaw(data: string): RawEmail {
  const text = data.replace(/\r\n/g, '\n');
  const split = text.indexOf('\n\n');
  const head = split < 0 ? text : text.slice(0, split);
  const body = split < 0 ? '' : text.slice(split + 2);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      const name = line.slice(0, colon).trim().toLowerCase();
      if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
    }
  }
  return {
    from: headers.get('from'),
    to: list(headers.get('to')),
    cc: list(headers.get('cc')),
    bcc: list(headers.get('bcc')),
    subject: headers.get('subject') ?? null,
    body,
  };
}
