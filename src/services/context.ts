// What every operation receives from the composition root (the request's own context is the
// kernel's RequestContext).
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Store } from '../store/store.js';
import type { KeySessions } from '../kernel/caller.js';
import type { Operation as KernelOperation, ServiceBinding } from '../kernel/operation.js';
import type { FunctionRunner } from '../functions/runner.js';

export interface Deps {
  config: Config;
  store: Store;
  log: Logger;
  /** key for the keyed hashes of codes */
  serverKey: Buffer;
  now: () => number;
  /** where people reach this server (links in messages): --public-url, else the listening address */
  publicUrl: string;
  /** the sessions behind temporary access keys that STS issued (their account and expiry) */
  keySessions?: KeySessions;
  /** runs Lambda functions in warm workers (Lambda's Invoke, user pools' triggers) */
  functions?: FunctionRunner;
  /**
   * The request's ClientMetadata, on a per-request copy, for the user pool triggers reached deep
   * inside the operations whose API reference passes it to them (cognito-idp/triggers/client-metadata.ts).
   */
  clientMetadata?: Record<string, string>;
}

/** An operation of one of cognate's services: it receives the composition root's Deps. */
export type Operation<I, O> = KernelOperation<Deps, I, O>;

/** One of cognate's services as its protocol adapter serves it. */
export type Service = ServiceBinding<Deps>;
