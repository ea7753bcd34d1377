// The base of every AWS exception cognate throws. Operations throw the generated subclasses
// (src/generated/<service>/errors.ts); each protocol adapter has exactly one place that turns
// them into the wire shape. Anything that is not an AwsError is a bug: the adapter logs it and
// answers InternalErrorException with the request id, never the cause.
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
    this.name = code;
  }
}
