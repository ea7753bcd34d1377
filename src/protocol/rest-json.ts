// AWS REST-JSON (SES v2): the operation is chosen by method and path, matched against the model's
// `http.uri` templates (`/v2/email/identities/{EmailIdentity}`); URI labels, query-string and
// header members (the model's `loc`) are read from there, the rest from a JSON body. The one place
// where this protocol's answers and errors become HTTP: a JSON body, errors as `{"message": ...}`
// with the exception's name in `x-amzn-ErrorType` and the status of its shape (NotFoundException
// 404, TooManyRequestsException 429, the rest 400: docs/reference/aws-recorded.md §5.3). Timestamps
// travel as epoch seconds, the protocol's default.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceModel, OperationModel } from '../kernel/model.js';
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

export function sendRestJsonError(res: ServerResponse, err: AwsError, requestId: string): void {
  sendRestJson(res, err.status, { message: err.message }, requestId, { 'x-amzn-ErrorType': err.code });
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
    sendRestJson(
      res,
      op.http?.code ?? 200,
      op.output ? writeValue(service.model, op.output, output ?? {}) : {},
      ctx.requestId,
    );
  } catch (e) {
    if (e instanceof AwsError) return sendRestJsonError(res, e, ctx.requestId);
    ctx.log.error({ err: e, path: req.url?.split('?')[0] }, 'internal error');
    sendRestJsonError(
      res,
      new AwsError('InternalServiceErrorException', `An internal error occurred. Request id: ${ctx.requestId}`, 500),
      ctx.requestId,
    );
  }
}

// ---- request → input ------------------------------------------------------------------------

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
  if (body.length) {
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
  const members = (shape.m ?? {}) as Record<string, string>;
  const wire = (m: string) => (shape.n as Record<string, string> | undefined)?.[m] ?? m;
  for (const [member, loc] of Object.entries(bodyOnly ? {} : (shape.loc ?? {}))) {
    delete input[member]; // located members never come from the body
    const memberShape = model.shapes[members[member]];
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
