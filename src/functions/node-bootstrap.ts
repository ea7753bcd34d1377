// The Node.js runtime of a warm worker: a child process cognate starts per function, which loads the
// handler once and then runs one invocation at a time, as Lambda's Node.js runtime does. It imports
// nothing of cognate's. Requests arrive as JSON lines on fd 3, answers and log output leave as JSON
// lines on fd 4 (written synchronously, so a log line is never overtaken by the answer after it); a
// successful answer's line is followed by the handler's result, its JSON text on a line of its own,
// so that it is not encoded a second time as a string.
// console.* writes Lambda's line format (`<ISO time>\t<request id>\t<LEVEL>\t<message>`); anything
// else written to stdout or stderr is passed on as it is.
import { existsSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

type Handler = (event: unknown, context: unknown, callback: (err: unknown, value?: unknown) => void) => unknown;
interface Request {
  id: string;
  event: unknown;
  deadline: number;
  arn: string;
  clientContext?: unknown;
}

const send = (m: object) => writeSync(4, `${JSON.stringify(m)}\n`);
let current: string | undefined;

for (const [method, level] of [
  ['log', 'INFO'],
  ['info', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
  ['debug', 'DEBUG'],
  ['trace', 'TRACE'],
] as const) {
  console[method] = (...args: unknown[]) =>
    send({ t: 'log', s: `${new Date().toISOString()}\t${current ?? 'undefined'}\t${level}\t${format(...args)}\n` });
}
for (const stream of [process.stdout, process.stderr]) {
  stream.write = ((chunk: string | Uint8Array) => {
    send({ t: 'log', s: typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8') });
    return true;
  }) as typeof stream.write;
}

const env = process.env;
const taskRoot = env.LAMBDA_TASK_ROOT ?? process.cwd();
const handlerName = env._HANDLER ?? 'index.handler';

/** Lambda's error object: errorType, errorMessage, trace (the stack's lines). */
function errorOf(e: unknown): { errorType: string; errorMessage: string; trace: string[] } {
  if (e instanceof Error)
    return { errorType: e.name || 'Error', errorMessage: e.message, trace: (e.stack ?? '').split('\n') };
  return { errorType: typeof e, errorMessage: String(e), trace: [] };
}

async function load(): Promise<Handler> {
  const dot = handlerName.lastIndexOf('.');
  const modulePath = handlerName.slice(0, dot);
  const exportPath = handlerName.slice(dot + 1);
  const file = ['.js', '.mjs', '.cjs'].map((ext) => join(taskRoot, modulePath + ext)).find((f) => existsSync(f));
  if (!file) {
    const e = new Error(`Error: Cannot find module '${modulePath}'\nRequire stack:\n- /var/runtime/index.mjs`);
    e.name = 'Runtime.ImportModuleError';
    throw e;
  }
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const fn = mod[exportPath] ?? (mod.default as Record<string, unknown> | undefined)?.[exportPath];
  if (typeof fn !== 'function') {
    const e = new Error(`${handlerName} is undefined or not exported`);
    e.name = 'Runtime.HandlerNotFound';
    throw e;
  }
  return fn as Handler;
}

function run(handler: Handler, req: Request): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback = (err: unknown, value?: unknown) => {
      if (settled) return;
      settled = true;
      if (err !== null && err !== undefined) reject(err);
      else resolve(value);
    };
    const context = {
      callbackWaitsForEmptyEventLoop: true,
      functionName: env.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
      invokedFunctionArn: req.arn,
      memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      awsRequestId: req.id,
      logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
      identity: undefined,
      clientContext: req.clientContext,
      getRemainingTimeInMillis: () => Math.max(0, req.deadline - Date.now()),
      done: callback,
      succeed: (value: unknown) => callback(null, value),
      fail: (err: unknown) => callback(err ?? new Error('handled')),
    };
    try {
      const r = handler(req.event, context, callback);
      if (r && typeof (r as Promise<unknown>).then === 'function')
        (r as Promise<unknown>).then(
          (v) => callback(null, v),
          (e) => callback(e ?? new Error('rejected')),
        );
      else if (handler.length < 3) callback(null, r);
    } catch (e) {
      callback(e);
    }
  });
}

async function main(): Promise<void> {
  let handler: Handler | undefined;
  let initError: ReturnType<typeof errorOf> | undefined;
  try {
    handler = await load();
  } catch (e) {
    initError = errorOf(e);
    console.error(`${initError.errorType}: ${initError.errorMessage}`);
  }
  send({ t: 'ready' });
  process.on('uncaughtException', (e) => {
    send({ t: 'done', id: current, ok: false, error: errorOf(e), rss: process.memoryUsage.rss(), exit: true });
    process.exit(129);
  });
  process.on('unhandledRejection', (e) => {
    send({ t: 'done', id: current, ok: false, error: errorOf(e), rss: process.memoryUsage.rss(), exit: true });
    process.exit(128);
  });
  // A socket, not fs.createReadStream: a blocking read of the pipe in libuv's thread pool would keep
  // process.exit() (a handler's, or a crash's) from ending the process.
  const lines = createInterface({ input: new Socket({ fd: 3, readable: true, writable: false }) });
  for await (const line of lines) {
    const req = JSON.parse(line) as Request;
    current = req.id;
    if (!handler) {
      send({ t: 'done', id: req.id, ok: false, error: initError, rss: process.memoryUsage.rss() });
      continue;
    }
    try {
      const value = await run(handler, req);
      const payload = JSON.stringify(value ?? null) ?? 'null';
      // the payload on a line of its own after the answer's line, as it is (JSON has no raw newline)
      writeSync(
        4,
        `${JSON.stringify({ t: 'done', id: req.id, ok: true, rss: process.memoryUsage.rss() })}\n${payload}\n`,
      );
    } catch (e) {
      send({ t: 'done', id: req.id, ok: false, error: errorOf(e), rss: process.memoryUsage.rss() });
    }
  }
  process.exit(0);
}

void main();
