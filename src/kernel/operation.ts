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
}

/** `D` is the dependencies the composition root passes every operation (services/context.ts: Deps). */
export type Operation<D, I = any, O = any> = (deps: D, ctx: RequestContext, input: I) => Promise<O>;

/** A service as a protocol adapter serves it: its model, its operations, how it words a failed constraint. */
export interface ServiceBinding<D> {
  model: ServiceModel;
  /** operation name → loader; names in the model without a loader answer "not implemented" */
  operations: Map<string, () => Promise<Operation<D>>>;
  /** the exception a failed model constraint becomes (InvalidParameterException for Cognito, ValidationError for IAM and STS, ...) */
  validationError: (message: string) => AwsError;
  /** REST-JSON: paths newer SDKs use for an operation the model routes elsewhere; every member comes from the JSON body */
  aliases?: { method: string; uri: string; operation: string }[];
}

/** The account and Region of a signed caller (the protocol layer has checked there is one). */
export const scopeOf = (ctx: RequestContext): Scope => ({ account: ctx.caller!.account, region: ctx.caller!.region });
