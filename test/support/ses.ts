// SES helpers for tests: what a user does with the verification email.
import type { MailboxMessage, TestServer } from './server.js';

/**
 * Waits for an SES verification email to `address` (more than `after` of them), follows the links
 * as a browser would, and returns the page that verified it. Every link is tried: mails written in
 * the same millisecond have no order.
 */
export async function followVerificationLink(
  s: TestServer,
  address: string,
  opts: { after?: number } = {},
): Promise<string> {
  await s.waitForEmail(address, opts);
  const links = (await s.mailbox())
    .filter((m) => m.Destination.ToAddresses.includes(address))
    .map((m) => /https?:\/\/\S+\/_cognate\/ses\/verify-email\?\S+/.exec(m.Body.text_part ?? '')?.[0])
    .filter((l): l is string => !!l);
  let last = 'no verification link';
  for (const link of links) {
    const res = await fetch(link);
    last = await res.text();
    if (res.status === 200 && last.includes('Congratulations')) return last;
  }
  throw new Error(`no link verified ${address}: ${last}`);
}

/** Waits for a captured email that satisfies `match` (the worker delivers after commit). */
export async function waitForMail(
  s: TestServer,
  match: (m: MailboxMessage) => boolean,
  timeoutMs = 5000,
): Promise<MailboxMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await s.mailbox()).find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching email within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * An SES identity verified as its owner would (create, follow the link in the mail), in the
 * account of `accessKeyId` and `region`; with `production`, the account also leaves the sandbox.
 */
export async function verifiedIdentity(
  s: TestServer,
  identity: string,
  opts: { accessKeyId?: string; region?: string; production?: boolean } = {},
): Promise<void> {
  const { SESv2Client, CreateEmailIdentityCommand, PutAccountDetailsCommand } = await import('@aws-sdk/client-sesv2');
  const ses = s.client(SESv2Client, { accessKeyId: opts.accessKeyId, region: opts.region });
  const before = (await s.mailbox()).filter((m) => m.Destination.ToAddresses.includes(identity)).length;
  await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: identity }));
  if (identity.includes('@')) {
    await followVerificationLink(s, identity, { after: before });
  } else {
    const q = new URLSearchParams({
      account: /^\d{12}$/.test(opts.accessKeyId ?? '') ? opts.accessKeyId! : '000000000000',
      region: opts.region ?? 'us-east-1',
      domain: identity,
      status: 'Success',
    });
    await fetch(`${s.url}/_cognate/ses/verify-domain?${q}`, { method: 'POST' });
  }
  if (opts.production)
    await ses.send(
      new PutAccountDetailsCommand({
        MailType: 'TRANSACTIONAL',
        WebsiteURL: 'https://example.com',
        ProductionAccessEnabled: true,
      }),
    );
}
