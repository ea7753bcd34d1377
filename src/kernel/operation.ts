// One AWS operation is one function: the process-wide dependencies, the request's context, the
// validated input; it returns the output shape. The protocol adapters find operations through a
// service's binding and turn their outputs and errors into the wire shape.
import type { Logger } from 'pino';
import type { Caller, Scope } from './caller.js';
import type { AwsError } from './errors.js';
import type { ServiceModel } from './model.js';

export interface RequestContext {
  requestId: string;
  /** null for operations AWS serves without a signature (SignUp, ConfirmSignUp, ...) */
  caller: Caller | null;
  log: Logger;
  /** the address the request came from (IPv4-mapped IPv6 addresses as IPv4), where known */
  sourceIp?: string;
}

/**
 * An input as its operation receives it. The protocol layer has checked it against the model
 * (protocol/validate.ts) before the operation runs: every member the model requires is present, in
 * nested structures too, no list item is null, and a map entry whose value was null is dropped. The SDK's types mark required
 * members `X: T | undefined` and optional ones `X?: T | undefined`; this drops the `undefined` of
 * the first. Timestamps and blobs keep the SDK's types, though they arrive as the wire sent them
 * (a number or text; base64 text for a blob).
 */
export type Validated<T> = T extends Date | Uint8Array
  ? T
  : T extends readonly (infer U)[]
    ? Validated<U>[]
    : T extends object
      ? // biome-ignore lint/complexity/noBannedTypes: `{} extends Pick<T, K>` is how a type asks whether K is optional
        { [K in keyof T]: {} extends Pick<T, K> ? Validated<T[K]> : Validated<Exclude<T[K], undefined>> }
      : T;

/**
 * `D` is the dependencies the composition root passes every operation (services/context.ts: Deps);
 * `I` and `O` the operation's input and output shapes, as the AWS SDK types them.
 */
export type Operation<D, I, O> = (deps: D, ctx: RequestContext, input: Validated<I>) => Promise<O>;

/** A service as a protocol adapter serves it: its model, its operations, how it words a failed constraint. */
export interface ServiceBinding<D> {
  model: ServiceModel;
  /**
   * operation name → loader; names in the model without a loader answer "not implemented". The
   * table does not know each operation's shapes: the adapter hands it the input object it read and
   * validated against the model, and writes what comes back through the output shape.
   */
  operations: Map<string, () => Promise<Operation<D, object, unknown>>>;
  /** the exception a failed model constraint becomes (InvalidParameterException for Cognito, ValidationError for IAM and STS, ...) */
  validationError: (message: string) => AwsError;
  /** REST-JSON: paths newer SDKs use for an operation the model routes elsewhere; every member comes from the JSON body */
  aliases?: { method: string; uri: string; operation: string }[];
  /** REST-JSON: the error body where the service's differs from `{"message"}` (Lambda adds `"Type"`) */
  errorBody?: (err: AwsError) => object;
}

/** The account and Region of a signed caller (the protocol layer has checked there is one). */
export const scopeOf = (ctx: RequestContext): Scope => ({ account: ctx.caller!.account, region: ctx.caller!.region });
