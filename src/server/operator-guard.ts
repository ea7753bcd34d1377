// cognate's own routes (the capture mailbox under /_aws/, LocalStack's paths; the operator and
// diagnosis routes under /_cognate/) read every captured message, so every code and link, and
// change account-level state. They are for the developer's tools, not for web pages. A page of
// another site is kept off them in three ways:
//  - no CORS grant (http.ts sends none for these paths), so it cannot read an answer;
//  - the Host header must name this server: a loopback name (localhost, *.localhost, 127.0.0.0/8,
//    [::1]), the --public-url host, or the address the server listens on or the request reached.
//    A DNS-rebinding page (attacker.example re-resolved to 127.0.0.1) is same-origin with
//    cognate as far as the browser knows, but its requests still say Host: attacker.example;
//  - a request that names its page (Origin) must come from such a host too: CORS stops a page
//    from reading, not from sending, and a form-like POST (/_cognate/ses/review) needs no preflight.
// Ports are not compared: the name is what a rebinding page cannot forge, and a proxy in front
// (TLS on 443, cognate on 4569) may pass the Host with or without its port.
//
// A pool's domain in the path form (/_cognate/domains/<domain>/...: managed login, the OAuth 2.0
// endpoints) is not an operator route: it is the public web page AWS serves on the domain itself,
// opened by browsers from any app's redirect and called by apps from any origin. server/http.ts
// hands those requests to the domain's router before this guard is asked (docs/oauth.md).
//
// The links people follow from mail: /confirmUser is outside these paths and unchecked (Cognito
// serves it on a public domain; its code is its authority). SES's /_cognate/ses/verify-email is
// checked, and works because its link is made from the public URL (by default the listening
// address), which is allowed, as is loopback. Whoever reaches cognate by another name (a Docker
// service name, a tunnel) sets --public-url to it: the links then carry that name too.
import type { IncomingMessage } from 'node:http';
import { OperatorError } from '../kernel/route.js';

export const isOperatorPath = (pathname: string): boolean =>
  pathname.startsWith('/_aws/') || pathname.startsWith('/_cognate/');

// host, IPv4, or bracketed IPv6, then an optional port: no user info, path or anything else a
// URL parser would read around the host.
const HOST = /^(?:[A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The host's name as a URL has it (lower case, IPv4 in dotted decimal, IPv6 in brackets), no trailing dot. */
function hostname(host: string): string | undefined {
  if (!HOST.test(host)) return undefined;
  try {
    return new URL(`http://${host}`).hostname.replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

/** A socket's address (IPv4-mapped IPv6 as IPv4) as `hostname` writes it. */
function addressName(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  return hostname(v4 ?? (address.includes(':') ? `[${address}]` : address));
}

const isLoopback = (name: string) =>
  name === 'localhost' || name.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(name) || name === '[::1]';

/** An http(s) URL's host name as `hostname` writes it; undefined for anything else ('null' Origins too). */
function urlName(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? hostname(u.host) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Refuses (403, OperatorError) an operator request whose Host, or Origin when it has one, is not
 * this server. `publicUrl` is read on first use: the listening address is known only after listen.
 */
export function operatorGuard(listenHost: string, publicUrl: () => string): (req: IncomingMessage) => void {
  let names: Set<string> | undefined;
  const ours = (name: string | undefined, req: IncomingMessage) => {
    if (name === undefined) return false;
    names ??= new Set([addressName(listenHost), urlName(publicUrl())].filter((n): n is string => !!n));
    return isLoopback(name) || names.has(name) || name === addressName(req.socket.localAddress);
  };
  return (req) => {
    const host = req.headers.host ?? '';
    if (!ours(hostname(host), req)) {
      throw new OperatorError(
        403,
        'forbidden',
        `Host '${host}' is not this server: cognate's own routes answer only through a loopback name, the address it listens on, or --public-url.`,
      );
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !ours(urlName(origin), req)) {
      throw new OperatorError(
        403,
        'forbidden',
        `Origin '${origin}' is not this server: cognate's own routes are not for pages of other sites.`,
      );
    }
  };
}
