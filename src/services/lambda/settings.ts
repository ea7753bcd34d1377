// A function's configuration members beyond code and handler, as CreateFunction and
// UpdateFunctionConfiguration take them.
import { InvalidParameterValueException } from '../../generated/lambda/errors.js';

// Lambda reserves these names for its runtime (developer guide, "Defined runtime environment variables").
const RESERVED = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

export function checkEnvironment(vars: Record<string, string>): Record<string, string> {
  const reserved = Object.keys(vars).filter((k) => RESERVED.has(k));
  // Lambda's text: "Lambda was unable to configure your environment variables because the
  // environment variables you have provided contains reserved keys that are currently not
  // supported for modification. Reserved keys used in this request: AWS_REGION".
  if (reserved.length)
    throw new InvalidParameterValueException(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    );
  return vars;
}

/** Members cognate keeps and answers with but does not act on. */
export function extraOf(input: Record<string, unknown>, base: Record<string, unknown> = {}): Record<string, unknown> {
  const out = { ...base };
  if (input.Architectures) out.Architectures = input.Architectures;
  if (input.TracingConfig) out.TracingConfig = input.TracingConfig;
  if (input.EphemeralStorage) out.EphemeralStorage = input.EphemeralStorage;
  if (input.Layers) out.Layers = (input.Layers as string[]).map((Arn) => ({ Arn, CodeSize: 0 }));
  if (input.KMSKeyArn) out.KMSKeyArn = input.KMSKeyArn;
  if (input.DeadLetterConfig) out.DeadLetterConfig = input.DeadLetterConfig;
  if (input.VpcConfig) out.VpcConfig = { ...(input.VpcConfig as object), VpcId: '' };
  if (input.LoggingConfig) out.LoggingConfig = { LogFormat: 'Text', ...(input.LoggingConfig as object) };
  return out;
}
