// AWS REST-JSON (SES v2): the operation is chosen by method and path, matched against the model's
// `http.uri` templates (`/v2/email/identities/{EmailIdentity}`); URI labels, query-string and
// header members (the model's `loc`) are read from there, the rest from a JSON body. The one place
// where this protocol's answers and errors become HTTP: a JSON body, errors as `{"message": ...}`
// with the exception's name in `x-amzn-ErrorType` and the status of its shape (NotFoundException
// 404, TooManyRequestsException 429, the rest 400: docs/reference/aws-recorded.md §5.3). Timestamps
// travel as epoch seconds, the protocol's default.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceModel, OperationModel, Shape } from '../kernel/model.js';
import type { Deps, Service } from '../services/context.js';
import type { RequestContext } from '../kernel/operation.js';
import { AwsError } from '../kernel/errors.js';
import { parseAuthorization, resolveCaller } from './sigv4.js';
import { fromText, readValidated, SerializationError } from './validate.js';

interface CompiledRoute {
  service: Service;
  name: string;
  op: OperationModel;
  method: string;
  pattern: RegExp;
  labels: string[];
  /** literal characters: the most specific template wins when two match */
  weight: number;
  /** an alias path: members the model locates in the URI or query string come from the body */
  bodyOnly?: boolean;
}

export interface RestJsonRouter {
  match(method: string, path: string): { route: CompiledRoute; values: string[] } | undefined;
}

/** Compiles every operation's URI template once, at start-up. */
export function restJsonRouter(services: Service[]): RestJsonRouter {
  const routes: CompiledRoute[] = [];
  for (const service of services) {
    for (const [name, op] of Object.entries(service.model.operations)) {
      if (!op.http) continue;
      const path = op.http.uri.split('?')[0];
      const labels: string[] = [];
      const source = path
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const label = /^\{([^}+]+)(\+?)\}$/.exec(part);
          if (!label) return part.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
          labels.push(label[1]);
          return label[2] ? '(.+)' : '([^/]+)';
        })
        .join('');
      routes.push({
        service,
        name,
        op,
        method: op.http.method,
        pattern: new RegExp(`^${source}/?$`),
        labels,
        weight: path.replace(/\{[^}]+\}/g, '').length,
      });
    }
    for (const alias of service.aliases ?? []) {
      const op = service.model.operations[alias.operation];
      routes.push({
        service,
        name: alias.operation,
        op,
        method: alias.method,
        pattern: new RegExp(`^${alias.uri.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}/?$`),
        labels: [],
        weight: alias.uri.length,
        bodyOnly: true,
      });
    }
  }
  routes.sort((a, b) => b.weight - a.weight);
  return {
    match(method, path) {
      for (const route of routes) {
        if (route.method !== method) continue;
        const m = route.pattern.exec(path);
        if (m) return { route, values: m.slice(1) };
      }
      return undefined;
    },
  };
}

export function sendRestJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  requestId: string,
  extra: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': requestId,
    ...extra,
  });
  res.end(text);
}

export function sendRestJsonError(
  res: ServerResponse,
  err: AwsError,
  requestId: string,
  body: object = { message: err.message },
): void {
  sendRestJson(res, err.status, body, requestId, { 'x-amzn-ErrorType': err.code });
}

/**
 * An output with members outside the body (Lambda's Invoke: the status code, X-Amz-Function-Error,
 * X-Amz-Executed-Version): headers and status from their members, the body from the payload member
 * as it is (a blob's bytes), else the rest as JSON.
 */
function sendLocated(
  res: ServerResponse,
  model: ServiceModel,
  op: OperationModel,
  output: unknown,
  requestId: string,
): void {
  const shape = model.shapes[op.output as string];
  const value = (output ?? {}) as Record<string, unknown>;
  const members = (shape.m ?? {}) as Record<string, string>;
  let status = op.http?.code ?? 200;
  const headers: Record<string, string> = { 'x-amzn-RequestId': requestId };
  for (const [member, loc] of Object.entries(shape.loc ?? {})) {
    const v = value[member];
    if (v === undefined || v === null) continue;
    if (loc === 'statusCode') status = Number(v);
    else if (loc === 'header') headers[(shape.n as Record<string, string> | undefined)?.[member] ?? member] = String(v);
  }
  let body: Buffer;
  if (shape.pl) {
    const p = value[shape.pl];
    const t = model.shapes[members[shape.pl]]?.t;
    body =
      p === undefined || p === null
        ? Buffer.alloc(0)
        : t === 'B' || t === 's'
          ? Buffer.from(p as Uint8Array | string)
          : Buffer.from(JSON.stringify(writeValue(model, members[shape.pl], p)));
  } else body = Buffer.from(JSON.stringify(writeValue(model, op.output as string, value) ?? {}));
  headers['Content-Type'] = 'application/json';
  headers['Content-Length'] = String(body.length);
  res.writeHead(status, headers);
  res.end(body);
}

export async function handleRestJson(
  deps: Deps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
  ctx: RequestContext,
  found: { route: CompiledRoute; values: string[] },
): Promise<void> {
  const { route, values } = found;
  const { service, op, name } = route;
  try {
    ctx.caller = await resolveCaller(
      parseAuthorization(req.headers.authorization, deps.config.defaultAccount),
      deps.keySessions,
      deps.now(),
      () => new AwsError('ExpiredTokenException', 'The security token included in the request is expired', 403),
    );
    if (!ctx.caller && !op.noAuth)
      throw new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
    let input: Record<string, unknown> = {};
    if (op.input) {
      const shape = op.input;
      input = readValidated(
        service.model,
        shape,
        () => readInput(service.model, shape, req, url, body, route.labels, values, route.bodyOnly),
        service.validationError,
      );
    }
    const load = service.operations.get(name);
    if (!load) throw new AwsError('NotImplementedException', `cognate does not implement ${name} yet.`, 501);
    const output = await (await load())(deps, ctx, input);
    if (op.output && service.model.shapes[op.output].loc)
      return sendLocated(res, service.model, op, output, ctx.requestId);
    sendRestJson(
      res,
      op.http?.code ?? 200,
      op.output ? writeValue(service.model, op.output, output ?? {}) : {},
      ctx.requestId,
    );
  } catch (e) {
    if (e instanceof AwsError) return sendRestJsonError(res, e, ctx.requestId, service.errorBody?.(e));
    ctx.log.error({ err: e, path: req.url?.split('?')[0] }, 'internal error');
    sendRestJsonError(
      res,
      new AwsError('InternalServiceErrorException', `An internal error occurred. Request id: ${ctx.requestId}`, 500),
      ctx.requestId,
    );
  }
}

// ---- request → input ------------------------------------------------------------------------

const members = (shape: Shape) => (shape.m ?? {}) as Record<string, string>;

function readInput(
  model: ServiceModel,
  shapeName: string,
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  labels: string[],
  values: string[],
  bodyOnly = false,
): Record<string, unknown> {
  const shape = model.shapes[shapeName];
  let input: Record<string, unknown> = {};
  if (shape.pl && !bodyOnly) {
    // The body is one member as it is (Lambda's Invoke Payload): bytes, not a JSON object of members.
    if (body.length) input[shape.pl] = model.shapes[members(shape)[shape.pl]]?.t === 'B' ? body : body.toString('utf8');
  } else if (body.length) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new SerializationError('Could not parse the request body as JSON.');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new SerializationError('Start of structure or map expected.');
    input = parsed as Record<string, unknown>;
  }
  const memberShapes = members(shape);
  const wire = (m: string) => (shape.n as Record<string, string> | undefined)?.[m] ?? m;
  for (const [member, loc] of Object.entries(bodyOnly ? {} : (shape.loc ?? {}))) {
    delete input[member]; // located members never come from the body
    const memberShape = model.shapes[memberShapes[member]];
    if (loc === 'uri') {
      const i = labels.indexOf(wire(member));
      if (i >= 0) {
        try {
          input[member] = decodeURIComponent(values[i]);
        } catch {
          throw new SerializationError(`Invalid URI encoding in ${wire(member)}.`);
        }
      }
    } else if (loc === 'querystring') {
      const all = url.searchParams.getAll(wire(member));
      if (all.length === 0) continue;
      input[member] = memberShape.t === 'l' ? all : fromText(memberShape.t, all[0]);
    } else if (loc === 'header') {
      const v = req.headers[wire(member).toLowerCase()];
      if (typeof v === 'string') input[member] = fromText(memberShape.t, v);
    }
  }
  return input;
}

// ---- output → JSON --------------------------------------------------------------------------

/** Keeps the members the model knows, timestamps as epoch seconds (operations hand over Dates or epoch ms). */
function writeValue(model: ServiceModel, shapeName: string, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  const shape = model.shapes[shapeName];
  switch (shape.t) {
    case 'o': {
      if (typeof value !== 'object') return undefined;
      const out: Record<string, unknown> = {};
      for (const [member, memberShape] of Object.entries((shape.m ?? {}) as Record<string, string>)) {
        if (shape.loc?.[member]) continue;
        const v = writeValue(model, memberShape, (value as Record<string, unknown>)[member]);
        if (v !== undefined) out[(shape.n as Record<string, string> | undefined)?.[member] ?? member] = v;
      }
      return out;
    }
    case 'l':
      return Array.isArray(value) ? value.map((v) => writeValue(model, shape.m as string, v) ?? null) : undefined;
    case 'm':
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, writeValue(model, shape.v!, v) ?? null]),
      );
    case 'T':
      if (value instanceof Date) return value.getTime() / 1000;
      return typeof value === 'number' ? value / 1000 : value;
    case 'B':
      return Buffer.isBuffer(value) || value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
    default:
      return value;
  }
}
