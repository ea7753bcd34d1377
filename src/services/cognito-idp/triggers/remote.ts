// `--lambda-endpoint`: a trigger invoked through another Lambda-compatible API (`sam local
// start-lambda`, an emulator of another runtime) by the function's name, unsigned, as those servers
// take it. What comes back has Lambda's shape: the payload, and X-Amz-Function-Error on a failure.
export interface RemoteResult {
  payload: string;
  functionError?: string;
  timedOut?: boolean;
  /** the endpoint answered with an error of its own (no such function, ...): its error type */
  failure?: string;
}

export async function invokeRemote(
  endpoint: string,
  functionArn: string,
  payload: string,
  timeoutMs: number,
): Promise<RemoteResult> {
  const m = /:function:([^:]+)(?::([^:]+))?$/.exec(functionArn);
  const name = m ? m[1] : functionArn;
  const url = `${endpoint}/2015-03-31/functions/${encodeURIComponent(name)}/invocations${m?.[2] ? `?Qualifier=${encodeURIComponent(m[2])}` : ''}`;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Amz-Invocation-Type': 'RequestResponse' },
      body: payload,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    if (res.status >= 300)
      return { payload: text, failure: res.headers.get('x-amzn-errortype')?.split(':')[0] ?? `HTTP ${res.status}` };
    const functionError = res.headers.get('x-amz-function-error');
    return { payload: text, ...(functionError ? { functionError } : {}) };
  } catch (e) {
    if ((e as Error).name === 'TimeoutError') return { payload: '', timedOut: true };
    return { payload: '', failure: (e as Error).name === 'TypeError' ? 'ServiceException' : (e as Error).name };
  }
}
