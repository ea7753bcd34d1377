// What the OAuth tests share: a pool with a prefix domain, an app client set up for the code
// flow, a user; and a cookie-keeping HTTP client that signs in through the real managed login
// form (the same requests a browser without JavaScript sends).
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  type CognitoIdentityProviderClient,
  type CreateUserPoolClientRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from './server.js';

export const CALLBACK = 'https://app.example.com/callback';
export const SIGNED_OUT = 'https://app.example.com/bye';

export interface OAuthPool {
  poolId: string;
  /** the domain's address in the path form */
  base: string;
  issuer: string;
  client(extra?: Partial<CreateUserPoolClientRequest>): Promise<{ clientId: string; secret?: string }>;
  user(username: string, password: string, attributes?: Record<string, string>): Promise<void>;
}

let domains = 0;

/** A pool with a domain (the classic hosted UI unless `domain` asks for managed login, version 2) and a resource server. */
export async function oauthPool(
  s: TestServer,
  c: CognitoIdentityProviderClient,
  extra = {},
  domain: { ManagedLoginVersion?: number } = {},
): Promise<OAuthPool> {
  const poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'oauth', ...extra }))).UserPool!.Id!;
  const prefix = `oauth-${process.pid}-${++domains}-${Math.random().toString(36).slice(2, 8)}`;
  await c.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix, ...domain }));
  await c.send(
    new CreateResourceServerCommand({
      UserPoolId: poolId,
      Identifier: 'https://api.example.com',
      Name: 'api',
      Scopes: [
        { ScopeName: 'read', ScopeDescription: 'read' },
        { ScopeName: 'write', ScopeDescription: 'write' },
      ],
    }),
  );
  return {
    poolId,
    base: `${s.url}/_cognate/domains/${prefix}.auth.us-east-1`,
    issuer: `${s.url}/${poolId}`,
    async client(more = {}) {
      const r = await c.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'web',
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: [
            'openid',
            'email',
            'profile',
            'aws.cognito.signin.user.admin',
            'https://api.example.com/read',
          ],
          CallbackURLs: [CALLBACK],
          LogoutURLs: [SIGNED_OUT],
          SupportedIdentityProviders: ['COGNITO'],
          ...more,
        }),
      );
      return { clientId: r.UserPoolClient!.ClientId!, secret: r.UserPoolClient!.ClientSecret };
    },
    async user(username, password, attributes = {}) {
      await c.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: username,
          MessageAction: 'SUPPRESS',
          UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
        }),
      );
      await c.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: poolId,
          Username: username,
          Password: password,
          Permanent: true,
        }),
      );
    },
  };
}

/** A browser without JavaScript: keeps cookies, follows nothing by itself. */
export class FormBrowser {
  readonly cookies = new Map<string, string>();

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const res = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (attrs.some((a) => a.trim().toLowerCase() === 'max-age=0')) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return {
      status: res.status,
      location: res.headers.get('location') ?? undefined,
      text: await res.text(),
      headers: res.headers,
    };
  }

  /** The value of a hidden field of the page. */
  static hidden(html: string, name: string): string | undefined {
    const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
    return m?.[1].replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));
  }

  /** The action of the page's form, made absolute against `base`. */
  static action(html: string): string {
    const m = /<form method="post" action="([^"]+)"/.exec(html);
    if (!m) throw new Error(`no form in the page: ${html.slice(0, 400)}`);
    return m[1].replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));
  }

  /**
   * From an authorize URL through the sign-in form, answering any challenge with `answer`;
   * returns where the domain finally sends the browser (the app's callback with its code).
   */
  async signIn(
    authorizeUrl: string,
    username: string,
    password: string,
    answer?: (page: string) => Promise<Record<string, string>>,
  ) {
    const first = await this.request(authorizeUrl);
    if (first.status !== 302 || !first.location)
      throw new Error(`authorize answered ${first.status}: ${first.text.slice(0, 300)}`);
    if (!first.location.includes('/login?')) return first.location;
    const login = await this.request(first.location);
    let page = await this.request(FormBrowser.action(login.text), {
      form: { _csrf: FormBrowser.hidden(login.text, '_csrf')!, username, password },
    });
    // A challenge page (200), or the same challenge again with an error (400).
    while (answer && FormBrowser.hidden(page.text, 'challenge') !== undefined && page.status !== 302) {
      const fields = await answer(page.text);
      const form: Record<string, string> = { ...fields };
      for (const name of ['_csrf', 'challenge', 'session', 'username'])
        form[name] = FormBrowser.hidden(page.text, name) ?? '';
      page = await this.request(FormBrowser.action(page.text), { form });
    }
    if (page.status !== 302 || !page.location) {
      const alert = /role="alert">([^<]*)</.exec(page.text)?.[1];
      throw new Error(`sign-in answered ${page.status}: ${alert ?? page.text.slice(0, 500)}`);
    }
    return page.location;
  }
}

/** An authorize URL of the domain. */
export function authorizeUrl(base: string, params: Record<string, string>): string {
  return `${base}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', redirect_uri: CALLBACK, ...params })}`;
}

/** A form POST to a token-like endpoint, with Basic credentials when given. */
export async function postForm(url: string, form: Record<string, string>, basic?: { id: string; secret: string }) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(basic ? { authorization: `Basic ${Buffer.from(`${basic.id}:${basic.secret}`).toString('base64')}` } : {}),
    },
    body: new URLSearchParams(form).toString(),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}
