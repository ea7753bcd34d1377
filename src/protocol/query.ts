// The AWS Query protocol (SES v1, SNS, IAM, STS): a form-encoded request (`Action=...&Version=...`,
// POST body or GET query string) to `/`, an XML answer. This module reads the form into the
// operation's input as the model shapes it, and is the one place where these services' answers
// and errors become XML:
//
//   <ActionResponse xmlns="ns"><ActionResult>...</ActionResult><ResponseMetadata><RequestId/></ResponseMetadata></ActionResponse>
//   <ErrorResponse xmlns="ns"><Error><Type>Sender</Type><Code/><Message/></Error><RequestId/></ErrorResponse>
//
// (docs/reference/aws-recorded.md §5.1: RequestId is a sibling of Error; text/xml; 400/403/404/409 by code.)
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Shape, ServiceModel } from '../kernel/model.js';
import type { Deps, Service } from '../services/context.js';
import type { RequestContext } from '../kernel/operation.js';
import { AwsError } from '../kernel/errors.js';
import { parseAuthorization, resolveCaller } from './sigv4.js';
import { fromText, readValidated } from './validate.js';

/** A Query request: a form body, or a GET whose query string names an Action. */
export function isQueryRequest(req: IncomingMessage, url: URL): boolean {
  if (url.pathname !== '/') return false;
  if (req.method === 'POST')
    return String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  return req.method === 'GET' && url.searchParams.has('Action');
}

export async function handleQuery(
  services: Service[],
  deps: Deps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
  ctx: RequestContext,
): Promise<void> {
  const form = new URLSearchParams(req.method === 'POST' ? body.toString('utf8') : url.search);
  // Which service: the SigV4 credential scope names it; unsigned, the API version does.
  const signed = parseAuthorization(req.headers.authorization, deps.config.defaultAccount);
  const version = form.get('Version');
  const service =
    services.find((s) => signed && s.model.meta.signingName === signed.service) ??
    services.find((s) => s.model.meta.apiVersion === version);
  const namespace = service?.model.meta.xmlNamespace ?? 'https://cognate.invalid/doc/';
  try {
    ctx.caller = await resolveCaller(
      signed,
      deps.keySessions,
      deps.now(),
      () => new AwsError('ExpiredToken', 'The security token included in the request is expired', 403),
    );
    if (!service)
      throw new AwsError(
        'InvalidAction',
        'The action or operation requested is invalid. Verify that the action is typed correctly.',
      );
    const action = form.get('Action') ?? '';
    const opModel = Object.hasOwn(service.model.operations, action) ? service.model.operations[action] : undefined;
    if (!opModel)
      throw new AwsError(
        'InvalidAction',
        `Could not find operation ${action} for version ${version ?? service.model.meta.apiVersion}`,
      );
    if (!ctx.caller && !opModel.noAuth)
      throw new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);

    const shape = opModel.input;
    const input = shape
      ? readValidated(
          service.model,
          shape,
          () => readStructure(service.model, shape, new Form(form), '') ?? {},
          service.validationError,
        )
      : {};
    const load = service.operations.get(action);
    if (!load) throw new AwsError('NotImplemented', `cognate does not implement ${action} yet.`, 501);
    const output = await (await load())(deps, ctx, input);
    const result =
      opModel.output && opModel.wrap
        ? element(opModel.wrap, writeStructure(service.model, opModel.output, output ?? {}))
        : '';
    sendXml(
      res,
      200,
      `<${action}Response xmlns="${namespace}">${result}<ResponseMetadata><RequestId>${ctx.requestId}</RequestId></ResponseMetadata></${action}Response>`,
      ctx.requestId,
    );
  } catch (e) {
    let err: AwsError;
    if (e instanceof AwsError) err = e;
    else {
      ctx.log.error({ err: e, path: req.url?.split('?')[0] }, 'internal error');
      err = new AwsError('InternalFailure', `An internal error occurred. Request id: ${ctx.requestId}`, 500);
    }
    sendQueryError(res, err, namespace, ctx.requestId);
  }
}

export function sendQueryError(res: ServerResponse, err: AwsError, namespace: string, requestId: string): void {
  const type = err.status >= 500 ? 'Receiver' : 'Sender';
  sendXml(
    res,
    err.status,
    `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    requestId,
  );
}

function sendXml(res: ServerResponse, status: number, body: string, requestId: string): void {
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`;
  res.writeHead(status, {
    'Content-Type': 'text/xml',
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': requestId,
  });
  res.end(text);
}

// ---- form → input -------------------------------------------------------------------------

const wireName = (shape: Shape, member: string) => (shape.n as Record<string, string> | undefined)?.[member] ?? member;
const isFlat = (shape: Shape, member: string) => Array.isArray(shape.f) && shape.f.includes(member);

/**
 * The form's fields, and every dotted prefix of their names (`A.member.1.B` gives `A`, `A.member`,
 * `A.member.1`, ...), so that reading a field or asking whether a member or list item is present is
 * one look-up: URLSearchParams scans every field per question, which made a form of many list items
 * quadratic (15,000 map entries took 33 s).
 */
class Form {
  private readonly values = new Map<string, string>();
  private readonly prefixes = new Set<string>();

  constructor(params: URLSearchParams) {
    for (const [key, value] of params) {
      if (this.values.has(key)) continue; // the first of repeated fields counts, as URLSearchParams.get has it
      this.values.set(key, value);
      for (let dot = key.indexOf('.'); dot !== -1; dot = key.indexOf('.', dot + 1))
        this.prefixes.add(key.slice(0, dot));
      this.prefixes.add(key);
    }
  }

  has(prefix: string): boolean {
    return this.prefixes.has(prefix);
  }

  get(key: string): string | null {
    return this.values.get(key) ?? null;
  }
}

function readStructure(
  model: ServiceModel,
  name: string,
  form: Form,
  prefix: string,
): Record<string, unknown> | undefined {
  const shape = model.shapes[name];
  const out: Record<string, unknown> = {};
  for (const [member, memberShape] of Object.entries(shape.m as Record<string, string>)) {
    const key = prefix ? `${prefix}.${wireName(shape, member)}` : wireName(shape, member);
    const value = readValue(model, memberShape, form, key, isFlat(shape, member));
    if (value !== undefined) out[member] = value;
  }
  return out;
}

function readValue(model: ServiceModel, name: string, form: Form, key: string, flat: boolean): unknown {
  const shape = model.shapes[name];
  switch (shape.t) {
    case 'o':
      return form.has(key) ? readStructure(model, name, form, key) : undefined;
    case 'l': {
      if (!form.has(key)) return undefined;
      if (form.get(key) === '') return []; // `Name=` is how Query sends an empty list
      const base = flat || shape.f === 1 ? key : `${key}.${typeof shape.n === 'string' ? shape.n : 'member'}`;
      const items: unknown[] = [];
      for (let i = 1; form.has(`${base}.${i}`); i++)
        items.push(readValue(model, shape.m as string, form, `${base}.${i}`, false));
      return items;
    }
    case 'm': {
      if (!form.has(key)) return undefined;
      const base = flat || shape.f === 1 ? key : `${key}.entry`;
      const out: Record<string, unknown> = {};
      for (let i = 1; form.has(`${base}.${i}`); i++) {
        const k = form.get(`${base}.${i}.${shape.kn ?? 'key'}`);
        if (k !== null) out[k] = readValue(model, shape.v!, form, `${base}.${i}.${shape.vn ?? 'value'}`, false) ?? null;
      }
      return out;
    }
    default: {
      const raw = form.get(key);
      if (raw === null) return undefined;
      return fromText(shape.t, raw); // timestamps (ISO 8601 here) and blobs (base64) stay text
    }
  }
}

// ---- output → XML ---------------------------------------------------------------------------

/** Text-node escaping: `&`, `<` and `>` (recorded AWS errors escape those and leave quotes as they are). */
export function escapeXml(s: string): string {
  return s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

const element = (name: string, inner: string) => `<${name}>${inner}</${name}>`;

function writeStructure(model: ServiceModel, name: string, value: unknown): string {
  const shape = model.shapes[name];
  if (typeof value !== 'object' || value === null) return '';
  const obj = value as Record<string, unknown>;
  let xml = '';
  for (const [member, memberShape] of Object.entries(shape.m as Record<string, string>)) {
    const v = obj[member];
    if (v === undefined || v === null) continue;
    xml += writeMember(model, memberShape, wireName(shape, member), v, isFlat(shape, member));
  }
  return xml;
}

function writeMember(model: ServiceModel, name: string, tag: string, value: unknown, flat: boolean): string {
  const shape = model.shapes[name];
  switch (shape.t) {
    case 'o':
      return element(tag, writeStructure(model, name, value));
    case 'l': {
      const items = Array.isArray(value) ? value : [];
      if (flat || shape.f === 1) {
        const itemTag = typeof shape.n === 'string' ? shape.n : tag;
        return items.map((item) => writeMember(model, shape.m as string, itemTag, item, false)).join('');
      }
      const itemTag = typeof shape.n === 'string' ? shape.n : 'member';
      return element(tag, items.map((item) => writeMember(model, shape.m as string, itemTag, item, false)).join(''));
    }
    case 'm': {
      const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) =>
        element(
          'entry',
          element(shape.kn ?? 'key', escapeXml(k)) + writeMember(model, shape.v!, shape.vn ?? 'value', v, false),
        ),
      );
      return element(tag, entries.join(''));
    }
    case 'T':
      return element(tag, timestamp(value));
    case 'B':
      return element(tag, Buffer.isBuffer(value) ? value.toString('base64') : escapeXml(String(value)));
    default:
      return element(tag, escapeXml(String(value)));
  }
}

/** Query timestamps are ISO 8601 in UTC; operations may hand over a Date, epoch milliseconds or text. */
function timestamp(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  return escapeXml(String(value));
}
