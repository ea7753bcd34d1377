// The plumbing every `cognate setup` procedure (email.ts, sms.ts) shares: each step printed as it
// happens (or, with --json, collected into one report printed at the end), --dry-run (a change is
// recorded as the AWS call it would be, with its input, and not sent), the SDK clients of each
// Region a run asks, and the list of AWS operations it sent, read from those clients themselves (a
// middleware sees every command they send).
import { awsClients, type AwsAccess, type AwsClients } from '../doctor/clients.js';

/** What became of one step. */
export type StepStatus =
  /** it changed something */
  | 'done'
  /** it was already as wanted: nothing sent but reads */
  | 'unchanged'
  /** --dry-run: the change it would make */
  | 'planned'
  /** something only a person can do is pending (a verification): the run stops, or --wait waits */
  | 'waiting'
  /** a fact the person should know; nothing to change */
  | 'info'
  | 'failed';

/** An AWS call: its service (as in src/generated/<service>), its operation and input. */
export interface PlannedCall {
  service: string;
  operation: string;
  input: unknown;
}

export interface StepRecord {
  step: string;
  status: StepStatus;
  detail: string;
  /** lines to act on (zone-file records, commands), printed as they are */
  lines?: string[];
  /** the change the step made, or with --dry-run would make */
  calls?: PlannedCall[];
}

/** One operation a run sent. */
export interface SentCall {
  service: string;
  operation: string;
}

export type Out = (s: string) => void;

const MARK: Record<StepStatus, string> = {
  done: 'done     ',
  unchanged: 'unchanged',
  planned: 'planned  ',
  waiting: 'waiting  ',
  info: 'info     ',
  failed: 'FAILED   ',
};

/**
 * The steps of one run. In text mode each is printed when recorded; with `json` nothing is
 * printed until the caller prints the report.
 */
export class Steps {
  readonly records: StepRecord[] = [];

  constructor(
    private readonly out: Out,
    readonly opts: { json: boolean; dryRun: boolean },
  ) {}

  record(r: StepRecord): StepRecord {
    this.records.push(r);
    if (this.opts.json) return r;
    const text = [`[${MARK[r.status]}] ${r.step}: ${r.detail}`];
    for (const c of r.calls ?? [])
      text.push(
        `            ${r.status === 'planned' ? 'would call' : 'called'} ${c.service} ${c.operation} ${JSON.stringify(c.input)}`,
      );
    for (const l of r.lines ?? []) text.push(`    ${l}`);
    this.out(`${text.join('\n')}\n`);
    return r;
  }

  /**
   * A change: with --dry-run recorded as `planned` (the calls and their input) and not made;
   * else `make` sends the calls and the step is recorded as `done` with `detail` of its result.
   */
  async change<T>(
    step: string,
    calls: PlannedCall[],
    make: () => Promise<T>,
    detail: (result: T | undefined) => string,
  ): Promise<T | undefined> {
    if (this.opts.dryRun) {
      this.record({ step, status: 'planned', detail: detail(undefined), calls });
      return undefined;
    }
    const result = await make();
    this.record({ step, status: 'done', detail: detail(result), calls });
    return result;
  }

  /** Free text between steps (the doctor's report, a progress line); not part of the JSON steps. */
  print(text: string): void {
    if (!this.opts.json) this.out(text);
  }

  /** Whether any step changed something (or with --dry-run would). */
  changed(): boolean {
    return this.records.some((r) => r.status === 'done' || r.status === 'planned');
  }
}

/**
 * Records every operation the clients send, in order, named as the service models name them
 * (`DescribeUserPoolCommand` → `DescribeUserPool`), so a run can show (and a test can check) that
 * it used only public AWS operations.
 */
export function recordCalls(clients: AwsClients, sent: SentCall[]): AwsClients {
  const services = { cognito: 'cognito-idp', iam: 'iam', sesv2: 'sesv2', sns: 'sns', sts: 'sts' } as const;
  for (const key of Object.keys(services) as (keyof typeof services)[]) {
    const service = services[key];
    // The five clients' stacks differ only in their input and output types, which this does not read.
    const stack = clients[key].middlewareStack as unknown as MiddlewareStack;
    stack.add(
      (next, context) => (args) => {
        sent.push({ service, operation: String(context.commandName ?? 'unknown').replace(/Command$/, '') });
        return next(args);
      },
      { step: 'initialize', name: 'cognateRecordCall', override: true },
    );
  }
  return clients;
}

type Handler = (args: unknown) => Promise<unknown>;
interface MiddlewareStack {
  add(
    middleware: (next: Handler, context: { commandName?: string }) => Handler,
    options: { step: 'initialize'; name: string; override: boolean },
  ): void;
}

/**
 * One run of a procedure: its steps, the SDK clients of each Region it asks (made once, as `access`,
 * each recording what it sends into `calls`), and, at the end, the clients closed.
 */
export class SetupRun {
  readonly steps: Steps;
  readonly calls: SentCall[] = [];
  private readonly clients = new Map<string, AwsClients>();

  constructor(
    readonly access: AwsAccess,
    out: Out,
    opts: { json: boolean; dryRun: boolean },
  ) {
    this.steps = new Steps(out, opts);
  }

  /** The clients of `region` (the pool's, SES's or SNS's). */
  readonly clientsIn = (region: string): AwsClients => {
    let c = this.clients.get(region);
    if (!c) this.clients.set(region, (c = recordCalls(awsClients(this.access, region), this.calls)));
    return c;
  };

  /** A refusal that stopped the run, recorded as its last step: what the report's `error` holds. */
  refused(e: unknown): { code: string; message: string } {
    const err = e instanceof Error ? e : new Error(String(e));
    this.steps.record({ step: 'refused', status: 'failed', detail: `${err.name}: ${err.message}` });
    return { code: err.name, message: err.message };
  }

  close(): void {
    for (const c of this.clients.values())
      for (const client of [c.cognito, c.iam, c.sesv2, c.sns, c.sts]) client.destroy();
  }
}

/** What both procedures' --json reports hold (README.md, "cognate setup email" and "cognate setup sms"). */
export interface SetupReport<Outcome extends string, Doctor> {
  command: 'setup email' | 'setup sms';
  pool: string;
  /** the pool's Region */
  region: string;
  account: string | null;
  /** null: AWS itself */
  endpoint: string | null;
  dryRun: boolean;
  outcome: Outcome | 'failed';
  steps: StepRecord[];
  /** every AWS operation the run sent, in order */
  calls: SentCall[];
  /** the doctor's report (`cognate doctor email|sms --json`), or null when the run stopped before it */
  doctor: Doctor | null;
  /** the refusal that stopped the run (AWS's exception name and message), else null */
  error: { code: string; message: string } | null;
}
