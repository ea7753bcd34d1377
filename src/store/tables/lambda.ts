// Lambda's tables (migration 023_lambda) and the trace of a user pool's trigger invocations.
// Times are epoch milliseconds.

/** A function's $LATEST or one of its published versions (a snapshot of $LATEST when published). */
export interface LambdaFunctionRow {
  account: string;
  region: string;
  name: string;
  /** '$LATEST' or a published version number as text */
  version: string;
  runtime: string;
  handler: string;
  role: string;
  description: string;
  timeout: number;
  memory_size: number;
  /** JSON object of environment variables */
  environment: string;
  /** the deployment package (a zip), base64 */
  code: string;
  code_sha256: string;
  code_size: number;
  last_modified: number;
  revision_id: string;
  /** JSON: the configuration members cognate keeps but does not act on (Architectures, TracingConfig, ...) */
  extra: string;
  /** JSON object; $LATEST only */
  tags: string;
  /** $LATEST only: the last version number published */
  last_version: number;
}

export interface LambdaAliasRow {
  account: string;
  region: string;
  function_name: string;
  name: string;
  function_version: string;
  description: string;
  revision_id: string;
}

/** A function's (or one version's or alias's) resource-based policy, as AddPermission built it. */
export interface LambdaPolicyRow {
  account: string;
  region: string;
  function_name: string;
  /** '' for the unqualified function, else the version or alias */
  qualifier: string;
  /** the IAM policy document, JSON */
  policy: string;
  revision_id: string;
}

/** One invocation of a user pool's trigger, as an operator or `cognate doctor triggers` reads it. */
export interface TriggerInvocationRow {
  pool_id: string;
  id: string;
  at: number;
  /** the LambdaConfig member (PreSignUp) */
  trigger: string;
  /** the event's triggerSource (PreSignUp_SignUp) */
  source: string;
  function_arn: string;
  duration_ms: number;
  /** ok | error */
  result: string;
  /** the exception Cognito answered with, and its text */
  error: string | null;
}
