// Helpers for the shapes Cognito puts on the wire.

/** The SDK's types say Date; on the JSON wire a timestamp is epoch seconds. */
export type Wire<T> = T extends Date
  ? number
  : T extends (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

export const epochSeconds = (ms: number) => ms / 1000;

/** Drops undefined members so the JSON carries only what is set, as AWS's does. */
export function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
