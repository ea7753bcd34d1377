// ClientMetadata for the triggers reached deep inside an operation. Most triggers are called by the
// operation's own code, which hands its ClientMetadata on (pre-sign-up.ts, custom-message.ts, ...).
// The end of a sign-in (PostAuthentication in auth/step.ts, PreTokenGeneration in tokens/issue.ts)
// and the custom senders (after commit, messages/queue.ts) are reached by many paths: there the
// ClientMetadata travels on a per-request copy of the dependencies, which the operations below get.
//
// Which operations pass it, from each one's ClientMetadata in the API reference:
// - RespondToAuthChallenge, AdminRespondToAuthChallenge: post authentication and pre token
//   generation (besides the custom challenge triggers, which auth/custom.ts hands it to), and
//   the custom senders ("Custom sender Lambda triggers": clientMetadata "in the
//   AdminRespondToAuthChallenge and RespondToAuthChallenge API actions");
// - GetTokensFromRefreshToken: pre token generation;
// - the operations that send a code and pass ClientMetadata to custom message: the custom sender
//   takes the custom message's place for that code.
// Not InitiateAuth and AdminInitiateAuth: "This request also invokes the functions for the
// following triggers, but doesn't pass ClientMetadata: Post authentication, Custom message, Pre
// token generation, ..., Custom email sender, Custom SMS sender".
import type { Deps, Operation } from '../../context.js';

export const CARRIES_CLIENT_METADATA = new Set([
  'RespondToAuthChallenge',
  'AdminRespondToAuthChallenge',
  'GetTokensFromRefreshToken',
  'SignUp',
  'ResendConfirmationCode',
  'ForgotPassword',
  'AdminResetUserPassword',
  'AdminCreateUser',
  'UpdateUserAttributes',
  'AdminUpdateUserAttributes',
  'GetUserAttributeVerificationCode',
]);

/**
 * The operation, given dependencies that carry the request's ClientMetadata. Made before the
 * operation runs, so before any request-scoped copy that is known by its identity
 * (risk/sign-in-event.ts): such a copy spreads this one and keeps the field.
 */
export const carryClientMetadata =
  (op: Operation<object, unknown>): Operation<object, unknown> =>
  (deps, ctx, input) => {
    const clientMetadata = (input as { ClientMetadata?: Record<string, string> }).ClientMetadata;
    return op(clientMetadata ? { ...deps, clientMetadata } : deps, ctx, input);
  };

/** The event's `clientMetadata` member, when the request carried one. */
export const clientMetadataOf = (deps: Deps): { clientMetadata?: Record<string, string> } =>
  deps.clientMetadata ? { clientMetadata: deps.clientMetadata } : {};
