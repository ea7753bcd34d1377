// AWS JSON 1.1 (cognito-idp): POST / with X-Amz-Target: <prefix>.<Operation>. The one place
// where this protocol's errors become HTTP: {"__type": name, "message": text}, the
// x-amzn-ErrorType header with its trailing colon, 400 for client faults, 500 for ours.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceModel } from '../kernel/model.js';
import type { Deps, Service } from '../services/context.js';
import type { RequestContext } from '../kernel/operation.js';
import { AwsError } from '../kernel/errors.js';
import { parseAuthorization, resolveCaller } from './sigv4.js';
import { validate, SerializationError } from './validate.js';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

export function sendJson(res: ServerResponse, status: number, body: unknown, requestId: string, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': requestId,
    ...extra,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: AwsError, requestId: string): void {
  const headers: Record<string, string> = { 'x-amzn-ErrorType': `${err.code}:` };
  // Header values must be printable ASCII, and clients cap header sizes (Node's at 16 KiB): a long
  // message (a validation error echoing a large value) travels in the body only.
  if (err.message && err.message.length <= 1024 && /^[\x20-\x7e]*$/.test(err.message)) headers['x-amzn-ErrorMessage'] = err.message;
  sendJson(res, err.status, { __type: err.code, message: err.message }, requestId, headers);
}

export async function handleJson(service: Service, deps: Deps, req: IncomingMessage, res: ServerResponse, body: Buffer, ctx: RequestContext): Promise<void> {
  const target = String(req.headers['x-amz-target'] ?? '');
  const prefix = `${service.model.meta.targetPrefix}.`;
  const name = target.startsWith(prefix) ? target.slice(prefix.length) : '';
  const opModel = Object.hasOwn(service.model.operations, name) ? service.model.operations[name] : undefined;
  if (!opModel) throw new AwsError('UnknownOperationException', '');

  let input: unknown;
  try {
    input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch {
    throw new AwsError('SerializationException', 'Could not parse the request body as JSON.');
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new AwsError('SerializationException', 'Start of structure or map expected.');
  }

  ctx.caller = await resolveCaller(parseAuthorization(req.headers.authorization, deps.config.defaultAccount), deps.keySessions, deps.now(), () => new AwsError('ExpiredTokenException', 'The security token included in the request is expired', 403));
  if (!ctx.caller && !opModel.noAuth) throw new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token');

  if (opModel.input) {
    let problem: string | null;
    try {
      problem = validate(service.model, opModel.input, input);
    } catch (e) {
      if (e instanceof SerializationError) throw new AwsError('SerializationException', e.message);
      throw e;
    }
    if (problem) throw service.validationError(problem);
  }

  const load = service.operations.get(name);
  if (!load) throw new AwsError('NotImplementedException', `cognate does not implement ${target} yet.`, 501);
  const op = await load();
  const output = await op(deps, ctx, input);
  sendJson(res, 200, output ?? {}, ctx.requestId);
}
