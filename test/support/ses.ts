// SES helpers for tests: what a user does with the verification email.
import type { MailboxMessage, TestServer } from './server.js';

/** Waits for the SES verification email to `address`, follows its link as a browser would, and returns the page. */
export async function followVerificationLink(s: TestServer, address: string, opts: { after?: number } = {}): Promise<string> {
  const mail = await s.waitForEmail(address, opts);
  const link = /https?:\/\/\S+\/_cognate\/ses\/verify-email\?\S+/.exec(mail.Body.text_part ?? '')?.[0];
  if (!link) throw new Error(`no verification link in: ${mail.Body.text_part}`);
  const res = await fetch(link);
  const page = await res.text();
  if (res.status !== 200) throw new Error(`verification link answered ${res.status}: ${page}`);
  return page;
}

/** Waits for a captured email that satisfies `match` (the worker delivers after commit). */
export async function waitForMail(s: TestServer, match: (m: MailboxMessage) => boolean, timeoutMs = 5000): Promise<MailboxMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await s.mailbox()).find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching email within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
