// What every operation receives: the process-wide dependencies (from the composition root) and
// the request's own context (who is calling, from where).
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Store } from '../store/store.js';
import type { Caller, KeySessions } from '../protocol/sigv4.js';

export interface Deps {
  config: Config;
  store: Store;
  log: Logger;
  /** key for the keyed hashes of codes */
  serverKey: Buffer;
  now: () => number;
  /** wakes the delivery worker after a transaction that queued messages has committed */
  messagesQueued: () => void;
  /** where people reach this server (links in messages): --public-url, else the listening address */
  publicUrl: string;
  /** the sessions behind temporary access keys that STS issued (their account and expiry) */
  keySessions?: KeySessions;
}

export interface RequestContext {
  requestId: string;
  /** null for operations AWS serves without a signature (SignUp, ConfirmSignUp, ...) */
  caller: Caller | null;
  log: Logger;
}

export type Operation<I = any, O = any> = (deps: Deps, ctx: RequestContext, input: I) => Promise<O>;

/** Where a regional resource lives: the account and Region of the signed caller. */
export interface Scope {
  account: string;
  region: string;
}

export const scopeOf = (ctx: RequestContext): Scope => ({ account: ctx.caller!.account, region: ctx.caller!.region });
