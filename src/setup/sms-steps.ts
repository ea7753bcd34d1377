// The plumbing of `cognate setup sms`: the steps it reports as they happen, the changing calls
// each made (or, with --dry-run, would make) with their input, and every AWS operation the run sent,
// recorded by a middleware on the SDK clients themselves so that nothing sent escapes the list.
// (The email procedure has its own, src/setup/steps.ts; the two are to be unified.)
import type { AwsClients } from '../doctor/clients.js';

export type StepName =
  | 'role'
  | 'trust-policy'
  | 'publish-policy'
  | 'user-pool'
  | 'sandbox'
  | 'sandbox-number'
  | 'spend-limit'
  | 'origination';

/**
 * unchanged: already as it should be; changed: this run changed it; planned: --dry-run would
 * change it; waiting: the person must do something first (the one-time password); failed: it
 * cannot be done as things stand; reported: facts only setup does not change (sandbox, spend).
 */
export type StepResult = 'unchanged' | 'changed' | 'planned' | 'waiting' | 'failed' | 'reported';

/** One AWS API call that changes something: its service's signing name, operation and input. */
export interface SetupCall {
  service: string;
  operation: string;
  input: Record<string, unknown>;
}

export interface SetupStep {
  step: StepName;
  result: StepResult;
  message: string;
  calls: SetupCall[];
}

const SERVICES: [keyof Omit<AwsClients, 'region'>, string][] = [
  ['cognito', 'cognito-idp'],
  ['iam', 'iam'],
  ['sesv2', 'sesv2'],
  ['sns', 'sns'],
  ['sts', 'sts'],
];

/** The part of the SDK's middleware stack used here, alike on every client. */
interface Stack {
  add(
    middleware: (
      next: (args: unknown) => Promise<unknown>,
      context: { commandName?: string },
    ) => (args: unknown) => Promise<unknown>,
    options: { step: 'initialize'; name: string },
  ): void;
}

/** Adds to `sent` "<service>:<Operation>" for every request any of `clients` sends. */
export function recordOperations(clients: AwsClients, sent: string[]): AwsClients {
  for (const [key, service] of SERVICES) {
    (clients[key].middlewareStack as unknown as Stack).add(
      (next, context) => async (args) => {
        sent.push(`${service}:${String(context.commandName).replace(/Command$/, '')}`);
        return next(args);
      },
      { step: 'initialize', name: 'cognateRecordOperation' },
    );
  }
  return clients;
}

/** The AWS error's name (the SDK's exception class name is AWS's error code). */
export const errorName = (e: unknown): string | undefined => (e instanceof Error ? e.name : undefined);

export const errorText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
