// Cognito user pools as a JSON 1.1 service; its dispatch table is the operations/ folder.
import { model } from '../../generated/cognito-idp/model.js';
import { InvalidParameterException } from '../../generated/cognito-idp/errors.js';
import type { ServiceModel } from '../../kernel/model.js';
import type { Service } from '../context.js';
import { operationsIn } from '../operations.js';

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

export function cognitoService(): Service {
  return {
    model: served,
    operations: operationsIn(new URL('./operations/', import.meta.url), model),
    validationError: (m) => new InvalidParameterException(m),
  };
}
