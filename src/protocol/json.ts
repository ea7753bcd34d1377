// AWS JSON 1.1 (cognito-idp): POST / with X-Amz-Target: <prefix>.<Operation>. The one place
// where this protocol's errors become HTTP: {"__type": name, "message": text}, the
// x-amzn-ErrorType header with its trailing colon, 400 for client faults, 500 for ours. Outputs
// are written through the model's output shape (timestamps as epoch seconds), as the Query and
// REST-JSON adapters write theirs.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceModel, Shape } from '../kernel/model.js';
import type { Deps, Service } from '../services/context.js';
import type { RequestContext } from '../kernel/operation.js';
import { AwsError } from '../kernel/errors.js';
import { parseAuthorization, resolveCaller } from './sigv4.js';
import { validate, SerializationError } from './validate.js';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  requestId: string,
  extra: Record<string, string> = {},
): void {
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
  if (err.message && err.message.length <= 1024 && /^[\x20-\x7e]*$/.test(err.message))
    headers['x-amzn-ErrorMessage'] = err.message;
  sendJson(res, err.status, { __type: err.code, message: err.message }, requestId, headers);
}

export async function handleJson(
  service: Service,
  deps: Deps,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  ctx: RequestContext,
): Promise<void> {
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

  ctx.caller = await resolveCaller(
    parseAuthorization(req.headers.authorization, deps.config.defaultAccount),
    deps.keySessions,
    deps.now(),
    () => new AwsError('ExpiredTokenException', 'The security token included in the request is expired', 403),
  );
  if (!ctx.caller && !opModel.noAuth)
    throw new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token');

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
  const output = (await op(deps, ctx, input)) ?? {};
  const write = opModel.output ? writerOf(service.model, opModel.output) : undefined;
  sendJson(res, 200, write ? write(output) : output, ctx.requestId);
}

// ---- output → JSON --------------------------------------------------------------------------

/**
 * Writes a value of one shape as this protocol sends it, where JSON.stringify alone would not:
 * timestamps (Dates in the SDK's types) as epoch seconds unless the model names another format, and
 * blobs as base64. Everything else goes to JSON.stringify as the operation returned it, members in
 * their order (undefined ones dropped there), so a writer copies only the objects on the way to a
 * timestamp or blob and never the operation's own (they may be frozen, cached views).
 */
type Writer = (value: unknown) => unknown;

interface ModelWriters {
  /** shape → whether its values hold a timestamp or blob at any depth; decided on first use */
  converts: Map<string, boolean>;
  writers: Map<string, Writer>;
}
const modelWriters = new WeakMap<ServiceModel, ModelWriters>();

/**
 * The writer of a shape, or undefined where nothing in it needs converting: most outputs
 * (InitiateAuth's, and every one without a date) then cost JSON.stringify alone. Decided and built
 * on an output's first use, from the shapes it reaches only.
 */
function writerOf(model: ServiceModel, name: string): Writer | undefined {
  let known = modelWriters.get(model);
  if (!known) modelWriters.set(model, (known = { converts: new Map(), writers: new Map() }));
  if (!known.converts.has(name)) decide(model, known.converts, name);
  return known.converts.get(name) ? buildWriter(model, known, name) : undefined;
}

function children(shape: Shape): string[] {
  if (shape.t === 'o') return Object.values((shape.m ?? {}) as Record<string, string>);
  if (shape.t === 'l') return [shape.m as string];
  if (shape.t === 'm') return [shape.v!];
  return [];
}

/**
 * Decides `root` and every undecided shape it reaches: one holds a timestamp or blob if it is one or
 * a member does, grown over those shapes until nothing is added (shapes may be recursive).
 */
function decide(model: ServiceModel, converts: Map<string, boolean>, root: string): void {
  const reached = [root];
  const seen = new Set(reached);
  for (let i = 0; i < reached.length; i++) {
    for (const child of children(model.shapes[reached[i]])) {
      if (!seen.has(child) && !converts.has(child)) {
        seen.add(child);
        reached.push(child);
      }
    }
  }
  const holds = new Set<string>();
  const converting = (name: string) => holds.has(name) || converts.get(name) === true;
  for (let grew = true; grew; ) {
    grew = false;
    for (const name of reached) {
      if (holds.has(name)) continue;
      const shape = model.shapes[name];
      if (shape.t === 'T' || shape.t === 'B' || children(shape).some(converting)) {
        holds.add(name);
        grew = true;
      }
    }
  }
  for (const name of reached) converts.set(name, holds.has(name));
}

function buildWriter(model: ServiceModel, known: ModelWriters, name: string): Writer {
  const built = known.writers.get(name);
  if (built) return built;
  let write: Writer = (v) => v;
  // Registered before its parts are built, so that a recursive shape finds itself.
  const writer: Writer = (v) => write(v);
  known.writers.set(name, writer);
  const shape = model.shapes[name];
  const part = (child: string) => (known.converts.get(child) ? buildWriter(model, known, child) : undefined);
  switch (shape.t) {
    case 'T':
      write = timestampWriter(shape.tf);
      break;
    case 'B':
      write = (v) =>
        v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') : v;
      break;
    case 'o': {
      const members = Object.entries((shape.m ?? {}) as Record<string, string>).flatMap(([member, child]) => {
        const w = part(child);
        return w ? [[member, w] as const] : [];
      });
      write = (v) => {
        if (typeof v !== 'object' || v === null) return v;
        const out: Record<string, unknown> = { ...v };
        for (const [member, w] of members) {
          const x = out[member];
          if (x !== undefined && x !== null) out[member] = w(x);
        }
        return out;
      };
      break;
    }
    case 'l': {
      const w = part(shape.m as string)!;
      write = (v) => (Array.isArray(v) ? v.map((x) => (x === undefined || x === null ? x : w(x))) : v);
      break;
    }
    case 'm': {
      const w = part(shape.v!)!;
      write = (v) => {
        if (typeof v !== 'object' || v === null) return v;
        // Spread, then overwrite: a key such as `__proto__` stays an own member.
        const out: Record<string, unknown> = { ...v };
        for (const key of Object.keys(out)) {
          const x = out[key];
          if (x !== undefined && x !== null) out[key] = w(x);
        }
        return out;
      };
      break;
    }
  }
  return writer;
}

/**
 * AWS JSON 1.1 sends a timestamp as epoch seconds (a fraction where it has milliseconds) unless its
 * shape names a format (the model's timestampFormat): the SDK's serializer writes date-time without
 * a zero fraction (2026-01-01T00:00:00Z) and rfc822 (HTTP's date) as RFC 7231's IMF-fixdate.
 */
function timestampWriter(format: string | undefined): Writer {
  switch (format) {
    case 'iso8601':
      return (v) => (v instanceof Date ? v.toISOString().replace('.000Z', 'Z') : v);
    case 'rfc822':
      return (v) => (v instanceof Date ? v.toUTCString() : v);
    default:
      return (v) => (v instanceof Date ? v.getTime() / 1000 : v);
  }
}
