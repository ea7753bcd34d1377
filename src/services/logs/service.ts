// CloudWatch Logs as a JSON 1.1 service (target prefix Logs_20140328); its dispatch table is the
// operations/ folder. Constraint failures are InvalidParameterException, as CloudWatch Logs answers
// them ("1 validation error detected: Value '' at 'logGroupNamePrefix' failed to satisfy
// constraint: ...", recorded from AWS in 2017; found by code search).
import { model } from '../../generated/logs/model.js';
import { InvalidParameterException } from '../../generated/logs/errors.js';
import type { Service } from '../context.js';
import { operationsIn } from '../operations.js';

export function logsService(): Service {
  return {
    model,
    operations: operationsIn(new URL('./operations/', import.meta.url), model),
    validationError: (m) => new InvalidParameterException(m),
  };
}
