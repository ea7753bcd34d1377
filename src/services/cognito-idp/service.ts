// Cognito user pools as a JSON 1.1 service; its dispatch table is the operations/ folder.
import { model } from '../../generated/cognito-idp/model.js';
import { InvalidParameterException } from '../../generated/cognito-idp/errors.js';
import type { ServiceModel } from '../../kernel/model.js';
import type { Operation, Service } from '../context.js';
import { operationsIn } from '../operations.js';
import { CATEGORY_OF } from './pools/rate-categories.js';
import { throttle } from './pools/throttle.js';
import { CARRIES_CLIENT_METADATA, carryClientMetadata } from './triggers/client-metadata.js';

/**
 * The model as Cognito checks requests against it. DomainType's pattern admits prefixes only, and
 * AWS takes custom domains (with dots) in the same member: it checks the pattern itself, for prefix
 * domains, in its own words (domains/rules.ts). Its lengths still apply.
 */
const served: ServiceModel = {
  ...model,
  shapes: {
    ...model.shapes,
    DomainType: (({ p: _p, pf: _pf, ...rest }) => rest)(model.shapes.DomainType),
  },
};

type Loader = () => Promise<Operation<object, unknown>>;

/** An operation that first passes the account's request-rate limit of its category (pools/throttle.ts). */
function throttled(name: string, load: Loader): Loader {
  const signed = !model.operations[name].noAuth;
  let wrapped: Operation<object, unknown> | undefined;
  return async () => {
    if (wrapped) return wrapped;
    const op = await load();
    wrapped = (deps, ctx, input) => {
      const wait = throttle(deps, ctx, name, signed, input);
      return wait ? wait.then(() => op(deps, ctx, input)) : op(deps, ctx, input);
    };
    return wrapped;
  };
}

export function cognitoService(): Service {
  const operations = operationsIn(new URL('./operations/', import.meta.url), model);
  for (const [name, load] of operations) {
    if (!CARRIES_CLIENT_METADATA.has(name)) continue;
    let carried: Operation<object, unknown> | undefined;
    operations.set(name, async () => (carried ??= carryClientMetadata(await load())));
  }
  for (const [name, load] of operations) if (CATEGORY_OF.has(name)) operations.set(name, throttled(name, load));
  return {
    model: served,
    operations,
    validationError: (m) => new InvalidParameterException(m),
  };
}
