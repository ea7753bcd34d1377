// The HTTP front door: one port for every service, like one AWS endpoint. Reads the body under a
// size limit, routes by header and path, and guarantees that every request gets an answer in
// the right protocol's shape, whatever was thrown.
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Deps, Service } from '../services/context.js';
import type { RequestContext } from '../kernel/operation.js';
import { parseAuthorization } from '../protocol/sigv4.js';
import type { Caller } from '../kernel/caller.js';
import { AwsError } from '../kernel/errors.js';
import { OperatorError, operatorErrorBody, sendJson, type Route } from '../kernel/route.js';
import { isOperatorPath, operatorGuard } from './operator-guard.js';
import { handleJson, sendError } from '../protocol/json.js';
import { handleQuery, isQueryRequest, sendQueryError } from '../protocol/query.js';
import { handleRestJson, restJsonRouter } from '../protocol/rest-json.js';

/** `load`'s result, made on the first call and shared by later ones; a failed load is tried again. */
function lazily<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((e: unknown) => {
      loading = undefined;
      throw e;
    }));
}

/**
 * Routes whose code loads on first use (operator and doctor endpoints: most servers never serve
 * them, and importing them costs start-up time). One route per method answers the paths matching
 * `paths`, imports the real routes once, and hands the request to the one that matches.
 */
export function lazyRoutes(paths: RegExp, methods: string[], load: () => Promise<Route[]>): Route[] {
  const routes = lazily(load);
  return methods.map((method) => ({
    method,
    path: paths,
    async handle(req, res, url, body, ctx) {
      const route = (await routes()).find(
        (r) =>
          r.method === method && (typeof r.path === 'string' ? r.path === url.pathname : r.path.test(url.pathname)),
      );
      if (!route) throw new OperatorError(404, 'not_found', `No route for ${method} ${url.pathname}.`);
      return route.handle(req, res, url, body, ctx);
    },
  }));
}

export interface HttpOptions {
  deps: Deps;
  json: Service[];
  /**
   * The Query services (SES v1, SNS, IAM, STS: form-encoded requests to `/`, told apart by the
   * signing name) and the REST-JSON ones (SES v2: `/v2/email/...` by the model's URI templates),
   * loaded on the first request that may be theirs: a server that only ever serves Cognito does
   * not pay their start-up. `json` holds the JSON 1.1 services other than those of `json` above
   * (CloudWatch Logs), found by their target prefix on the first call that names it.
   */
  services: () => Promise<{ query: Service[]; restJson: Service[]; json?: Service[] }>;
  routes: Route[];
  /** serve HTTPS with this certificate (PEM, its chain after it) and key */
  tls?: { cert: Buffer; key: Buffer };
  /**
   * A pool's domain (managed login and the OAuth 2.0 endpoints): `find` tells, before anything
   * else, whether a request is for one (by Host, or by the path form /_cognate/domains/<domain>/,
   * which is a public web page and so not one of cognate's operator routes), and returns its answer.
   */
  domains?: {
    find(
      req: IncomingMessage,
      url: URL,
    ): Promise<((res: ServerResponse, body: Buffer, ctx: RequestContext) => Promise<void>) | undefined>;
  };
}

class BodyTooLarge extends Error {}

const EMPTY = Buffer.alloc(0);
const matches = (r: Route, pathname: string) =>
  typeof r.path === 'string' ? r.path === pathname : r.path.test(pathname);

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// What a browser needs to read an AWS API's answer or a public document (JWKS, OpenID
// configuration) from any page, as from AWS; a preflight (OPTIONS) also hears what it may send.
// cognate's own routes get none of it (./operator-guard.ts).
const CORS = Object.entries({
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date',
});
const PREFLIGHT = {
  'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': '*',
  'Content-Length': 0,
};

/** The request's logger is made on first use: most requests never log, and a child costs a copy of its bindings. */
class Context implements RequestContext {
  caller: Caller | null = null;
  #log: Logger | undefined;

  constructor(
    readonly requestId: string,
    private readonly root: Logger,
    readonly sourceIp: string | undefined,
  ) {}

  get log(): Logger {
    return (this.#log ??= this.root.child({ requestId: this.requestId }));
  }
}

export function createHttpServer(opts: HttpOptions): Server {
  const { deps } = opts;
  const byPrefix = new Map(opts.json.map((s) => [`${s.model.meta.targetPrefix}.`, s]));
  const loadServices = lazily(async () => {
    const { query, restJson, json = [] } = await opts.services();
    return {
      query,
      rest: restJsonRouter(restJson),
      json: new Map(json.map((s) => [`${s.model.meta.targetPrefix}.`, s])),
    };
  });

  const guard = operatorGuard(deps.config.host, () => deps.publicUrl);

  async function handle(req: IncomingMessage, res: ServerResponse, ctx: RequestContext): Promise<void> {
    const target = req.headers['x-amz-target'];
    // A JSON 1.1 call goes by its target whatever its path, so only other requests parse one.
    // Prefixing the origin keeps a path like '//x' a path (new URL('//x', base) would read it as a host).
    const url =
      typeof target === 'string' && req.method === 'POST'
        ? undefined
        : new URL(`http://localhost${req.url?.startsWith('/') ? req.url : '/'}`);
    const domain = url && opts.domains ? await opts.domains.find(req, url) : undefined;
    const operator = !domain && url !== undefined && isOperatorPath(url.pathname);
    if (operator) guard(req);
    else for (const [k, v] of CORS) res.setHeader(k, v);
    if (req.method === 'OPTIONS') {
      // For cognate's own routes, an answer without a grant: the browser does not send the request.
      res.writeHead(200, operator ? { 'Content-Length': 0 } : PREFLIGHT);
      res.end();
      return;
    }
    const streaming =
      url && opts.routes.find((r) => r.streamsBody && r.method === req.method && matches(r, url.pathname));
    if (streaming && url) return streaming.handle(req, res, url, EMPTY, ctx);
    let body: Buffer;
    try {
      body = await readBody(req, deps.config.maxBodyBytes);
    } catch (e) {
      if (!(e instanceof BodyTooLarge)) throw e;
      res.setHeader('Connection', 'close');
      const message = `Request body exceeds the limit of ${deps.config.maxBodyBytes} bytes.`;
      if (operator) throw new OperatorError(413, 'too_large', message);
      // A Query call hears it in XML, from the service its signature names.
      if (
        req.method === 'POST' &&
        req.headers['x-amz-target'] === undefined &&
        String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
      ) {
        const service = parseAuthorization(req.headers.authorization, deps.config.defaultAccount)?.service;
        const namespace =
          (await loadServices()).query.find((q) => q.model.meta.signingName === service)?.model.meta.xmlNamespace ??
          'https://cognate.invalid/doc/';
        return sendQueryError(res, new AwsError('RequestEntityTooLarge', message, 413), namespace, ctx.requestId);
      }
      sendError(res, new AwsError('RequestEntityTooLargeException', message, 413), ctx.requestId);
      return;
    }
    if (domain) return domain(res, body, ctx);
    if (url === undefined) {
      const t = target as string; // no URL only for a JSON 1.1 call
      const prefix = t.slice(0, t.lastIndexOf('.') + 1);
      const service = byPrefix.get(prefix) ?? (await loadServices()).json.get(prefix);
      if (service) return handleJson(service, deps, req, res, body, ctx);
      throw new AwsError('UnknownOperationException', '');
    }
    if (isQueryRequest(req, url)) return handleQuery((await loadServices()).query, deps, req, res, url, body, ctx);
    const route = opts.routes.find((r) => r.method === req.method && matches(r, url.pathname));
    if (route) return route.handle(req, res, url, body, ctx);
    const restRoute = (await loadServices()).rest.match(req.method ?? '', url.pathname);
    if (restRoute) return handleRestJson(deps, req, res, url, body, ctx, restRoute);
    throw new AwsError('NotFoundException', `No route for ${req.method} ${url.pathname}.`, 404);
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const requestId = randomUUID();
    const address = req.socket.remoteAddress;
    const ctx = new Context(requestId, deps.log, address?.startsWith('::ffff:') ? address.slice(7) : address);
    const started = performance.now();
    handle(req, res, ctx)
      .catch((e: unknown) => {
        if (res.headersSent) {
          ctx.log.error({ err: e }, 'error after the response was sent');
          res.destroy();
          return;
        }
        if (e instanceof AwsError) return sendError(res, e, requestId);
        if (e instanceof OperatorError) return sendJson(res, e.status, operatorErrorBody(e));
        // A bug: logged with its cause, answered without it. Paths are logged without their query
        // strings, which may carry codes and tokens (/confirmUser, SES verification links, Query GETs).
        ctx.log.error({ err: e, target: req.headers['x-amz-target'], path: req.url?.split('?')[0] }, 'internal error');
        sendError(
          res,
          new AwsError('InternalErrorException', `An internal error occurred. Request id: ${requestId}`, 500),
          requestId,
        );
      })
      .finally(() => {
        if (deps.log.isLevelEnabled('debug'))
          ctx.log.debug(
            {
              method: req.method,
              path: req.url?.split('?')[0],
              target: req.headers['x-amz-target'],
              status: res.statusCode,
              ms: +(performance.now() - started).toFixed(2),
            },
            'request',
          );
      });
  };
  // An HTTPS server is an HTTP server behind TLS: the same listener, the same keep-alive.
  return opts.tls
    ? (createTlsServer({ keepAliveTimeout: 65_000, ...opts.tls }, listener) as unknown as Server)
    : createServer({ keepAliveTimeout: 65_000 }, listener);
}
