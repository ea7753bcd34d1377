// A recording HTTP proxy in front of a test server: every request a client sends is passed on
// unchanged and written down as the AWS operation it names (X-Amz-Target for JSON 1.1, Action for
// Query, method and path against the model's URI templates for REST-JSON, the service from the
// SigV4 credential scope) or as an unsigned request to a path. `asAws` makes it answer cognate's
// own paths (/_cognate/, /_aws/) with a plain 404, as an AWS endpoint would, so a client can be
// run "against AWS" with cognate answering the public APIs behind it.
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceModel } from '../../src/kernel/model.js';
import { model as cognitoIdp } from '../../src/generated/cognito-idp/model.js';
import { model as iam } from '../../src/generated/iam/model.js';
import { model as ses } from '../../src/generated/ses/model.js';
import { model as sesv2 } from '../../src/generated/sesv2/model.js';
import { model as sns } from '../../src/generated/sns/model.js';
import { model as sts } from '../../src/generated/sts/model.js';

export interface Sent {
  method: string;
  path: string;
  /** the SigV4 signing name (cognito-idp, iam, ses, sns, sts); absent for an unsigned request */
  service?: string;
  /** the operation's name, as the model of its service names it, where one is named */
  operation?: string;
}

export interface RecordingProxy {
  url: string;
  sent: Sent[];
  close(): Promise<void>;
}

/** The model of the operations a signed request may name: by signing name (SES v1 and v2 share `ses`). */
export function modelOf(sent: Sent): ServiceModel | undefined {
  if (sent.service === 'ses') return sent.path.startsWith('/v2/') ? sesv2 : ses;
  return ({ 'cognito-idp': cognitoIdp, iam, sns, sts } as Record<string, ServiceModel>)[sent.service ?? ''];
}

/** A REST-JSON request's operation: the model's `http` template that its method and path match. */
function restOperation(model: ServiceModel, method: string, path: string): string | undefined {
  for (const [name, op] of Object.entries(model.operations)) {
    if (!op.http || op.http.method !== method) continue;
    const pattern = op.http.uri
      .split('?')[0]
      .split(/(\{[^}]+\})/)
      .map((part) =>
        /^\{[^}]+\+\}$/.test(part)
          ? '.+'
          : /^\{[^}]+\}$/.test(part)
            ? '[^/]+'
            : part.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'),
      )
      .join('');
    if (new RegExp(`^${pattern}/?$`).test(path)) return name;
  }
  return undefined;
}

function describe(req: IncomingMessage, body: Buffer): Sent {
  const path = (req.url ?? '/').split('?')[0];
  const sent: Sent = { method: req.method ?? 'GET', path };
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(req.headers.authorization ?? '');
  if (!scope) return sent;
  sent.service = scope[1];
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') sent.operation = target.slice(target.lastIndexOf('.') + 1);
  else if (String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded'))
    sent.operation = new URLSearchParams(body.toString()).get('Action') ?? undefined;
  else {
    const model = modelOf(sent);
    if (model) sent.operation = restOperation(model, sent.method, decodeURIComponent(path));
  }
  return sent;
}

export async function recordingProxy(target: string, opts: { asAws?: boolean } = {}): Promise<RecordingProxy> {
  const sent: Sent[] = [];
  const to = new URL(target);
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const what = describe(req, body);
    sent.push(what);
    if (opts.asAws && /^\/_(cognate|aws)\//.test(what.path)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('Not Found');
      return;
    }
    const forward = request(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    forward.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
