// Test helpers for functions: a zip made in memory (fflate) from source files, and a function
// created through the real Lambda SDK client.
import { zipSync, strToU8 } from 'fflate';
import { CreateFunctionCommand, type LambdaClient, type Runtime } from '@aws-sdk/client-lambda';

export const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

export function zipOf(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
}

export async function createNodeFunction(
  lambda: LambdaClient,
  name: string,
  source: string,
  opts: {
    runtime?: Runtime;
    handler?: string;
    file?: string;
    timeout?: number;
    memory?: number;
    env?: Record<string, string>;
  } = {},
) {
  return lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: opts.runtime ?? 'nodejs20.x',
      Role: ROLE,
      Handler: opts.handler ?? 'index.handler',
      Code: { ZipFile: zipOf({ [opts.file ?? 'index.js']: source }) },
      ...(opts.timeout ? { Timeout: opts.timeout } : {}),
      ...(opts.memory ? { MemorySize: opts.memory } : {}),
      ...(opts.env ? { Environment: { Variables: opts.env } } : {}),
    }),
  );
}

export const json = (payload: Uint8Array | undefined) => JSON.parse(Buffer.from(payload ?? []).toString('utf8'));
