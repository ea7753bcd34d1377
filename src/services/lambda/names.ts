// A function as callers name it: `my-function`, `my-function:alias`, a partial ARN
// (`123456789012:function:my-function`) or a full ARN, each with or without a version or alias
// (Lambda API reference, FunctionName). The account and Region of an ARN must be the caller's.
import type { Scope } from '../../kernel/caller.js';
import { InvalidParameterValueException } from '../../generated/lambda/errors.js';

export interface FunctionRef {
  name: string;
  /** a version ($LATEST, 1, 2, ...) or an alias */
  qualifier?: string;
}

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const QUALIFIER = /^(\$LATEST|[a-zA-Z0-9_-]{1,128})$/;

export function parseFunctionName(scope: Scope, text: string, qualifier?: string): FunctionRef {
  let rest = text;
  const arn = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:(.+)$/.exec(text);
  const partial = /^(\d{12}):function:(.+)$/.exec(text);
  if (arn) {
    if (arn[1] !== scope.region || arn[2] !== scope.account) throw mismatch(scope, text);
    rest = arn[3];
  } else if (partial) {
    if (partial[1] !== scope.account) throw mismatch(scope, text);
    rest = partial[2];
  }
  const [name, inName, ...more] = rest.split(':');
  // AWS's pattern failure for a malformed name (Lambda's validation of FunctionName).
  if (!NAME.test(name) || more.length || (inName !== undefined && !QUALIFIER.test(inName)))
    throw new InvalidParameterValueException(
      `1 validation error detected: Value '${text}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?`,
    );
  // AWS: "The derived qualifier from the function name does not match the specified qualifier."
  if (inName !== undefined && qualifier !== undefined && inName !== qualifier)
    throw new InvalidParameterValueException(
      'The derived qualifier from the function name does not match the specified qualifier.',
    );
  const q = inName ?? qualifier;
  return q === undefined ? { name } : { name, qualifier: q };
}

// Lambda's answer to a function named in another account or Region: cognate's words (AWS answers
// AccessDenied for another account, which cognate cannot grant across accounts).
const mismatch = (scope: Scope, text: string) =>
  new InvalidParameterValueException(`${text} is not a function of account ${scope.account} in ${scope.region}.`);

export const functionArn = (scope: Scope, name: string, qualifier?: string) =>
  `arn:aws:lambda:${scope.region}:${scope.account}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
