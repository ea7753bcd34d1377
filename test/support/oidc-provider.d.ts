// The little of oidc-provider's API the federation tests use (the package ships no types).
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  interface Account {
    accountId: string;
    claims(): Promise<Record<string, unknown>>;
  }
  export default class Provider {
    constructor(
      issuer: string,
      configuration: {
        clients: Record<string, unknown>[];
        claims?: Record<string, string[]>;
        findAccount?: (ctx: unknown, id: string) => Promise<Account>;
      },
    );
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
