#!/usr/bin/env node
// Generates compact shape tables from the AWS service models vendored in models/, each service as
// models/manifest.json lists it: src/generated/<service>/model.ts (shapes, constraints, enums,
// operations, errors) and errors.ts, without the models' documentation text. The server never
// reads models/ at run time.
//
//   node scripts/generate-models.mjs [--out DIR] [service ...]
//
// With no service, every service of the manifest. --out writes under DIR instead of the
// repository (DIR/src/generated/<service>/), so a test can compare without touching the tree.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
let outRoot = root;
const oi = args.indexOf('--out');
if (oi >= 0) {
  if (!args[oi + 1]) throw new Error('--out needs a directory');
  outRoot = args[oi + 1];
  args.splice(oi, 2);
}
const manifest = JSON.parse(readFileSync(join(root, 'models', 'manifest.json'), 'utf8')).services;
for (const name of args) {
  if (!manifest.some((m) => m.service === name)) throw new Error(`${name} is not in models/manifest.json`);
}
const services = args.length ? manifest.filter((m) => args.includes(m.service)) : manifest;

/** Java regexes from the models, made usable by JS: full-match anchors, inline (?s) as a flag. */
export function toJsRegex(pattern) {
  let src = pattern;
  let flags = 'u';
  if (src.startsWith('(?s)')) {
    src = src.slice(4);
    flags += 's';
  }
  for (const f of [flags, flags.replace('u', '')]) {
    try {
      new RegExp(`^(?:${src})$`, f);
      return { source: src, flags: f };
    } catch {
      /* try without the unicode flag */
    }
  }
  throw new Error(`pattern does not compile in JS: ${pattern}`);
}

function compact(name, s) {
  const out = {};
  switch (s.type) {
    case 'structure':
      out.t = 'o';
      out.m = Object.fromEntries(Object.entries(s.members ?? {}).map(([k, v]) => [k, v.shape]));
      if (s.required?.length) out.r = s.required;
      if (s.exception) out.x = s.error?.httpStatusCode ?? (s.fault ? 500 : 400);
      // Query/XML: the wire code of an exception when it differs from the shape name
      // (IAM's NoSuchEntityException travels as <Code>NoSuchEntity</Code>).
      if (s.exception && s.error?.code && s.error.code !== name) out.c = s.error.code;
      // Wire names (Query/XML locationName, REST header and query-string names) and, for
      // REST-JSON, where each member travels (uri, querystring, header, headers).
      {
        const wire = {};
        const where = {};
        const flat = [];
        for (const [k, v] of Object.entries(s.members ?? {})) {
          if (v.locationName && v.locationName !== k) wire[k] = v.locationName;
          if (v.location) where[k] = v.location;
          if (v.flattened) flat.push(k);
        }
        if (Object.keys(wire).length) out.n = wire;
        if (Object.keys(where).length) out.loc = where;
        if (flat.length) out.f = flat;
      }
      // REST-JSON: the member that is the whole HTTP body (Lambda's Invoke Payload)
      if (s.payload) out.pl = s.payload;
      if (s.document) out.t = 'd';
      break;
    case 'string':
      out.t = 's';
      if (s.enum) out.e = s.enum;
      break;
    case 'list':
      out.t = 'l';
      out.m = s.member.shape;
      if (s.member.locationName) out.n = s.member.locationName;
      if (s.flattened) out.f = 1;
      break;
    case 'map':
      out.t = 'm';
      out.k = s.key.shape;
      out.v = s.value.shape;
      if (s.key.locationName) out.kn = s.key.locationName;
      if (s.value.locationName) out.vn = s.value.locationName;
      if (s.flattened) out.f = 1;
      break;
    case 'integer':
    case 'long':
      out.t = 'i';
      break;
    case 'double':
    case 'float':
      out.t = 'f';
      break;
    case 'boolean':
      out.t = 'b';
      break;
    case 'blob':
      out.t = 'B';
      break;
    case 'timestamp':
      out.t = 'T';
      if (s.timestampFormat) out.tf = s.timestampFormat;
      break;
    default:
      throw new Error(`${name}: unknown shape type ${s.type}`);
  }
  if (s.min !== undefined) out.min = s.min;
  if (s.max !== undefined) out.max = s.max;
  if (s.pattern !== undefined) {
    const js = toJsRegex(s.pattern);
    out.p = s.pattern;
    if (js.source !== s.pattern) out.ps = js.source;
    out.pf = js.flags;
  }
  if (s.sensitive) out.z = 1;
  return out;
}

for (const entry of services) {
  const { service } = entry;
  const model = JSON.parse(readFileSync(join(root, entry.model, 'service-2.json'), 'utf8'));
  // The manifest is what people read to know which model is in use; it must not drift from it.
  if (model.metadata.apiVersion !== entry.apiVersion || model.metadata.protocol !== entry.protocol) {
    throw new Error(
      `${service}: models/manifest.json says ${entry.apiVersion} ${entry.protocol}, the model ${model.metadata.apiVersion} ${model.metadata.protocol}`,
    );
  }
  const shapes = {};
  for (const name of Object.keys(model.shapes).sort()) shapes[name] = compact(name, model.shapes[name]);
  const operations = {};
  for (const name of Object.keys(model.operations).sort()) {
    const op = model.operations[name];
    operations[name] = {
      ...(op.input ? { input: op.input.shape } : {}),
      ...(op.output ? { output: op.output.shape } : {}),
      ...(op.output?.resultWrapper ? { wrap: op.output.resultWrapper } : {}),
      errors: (op.errors ?? []).map((e) => e.shape),
      ...(op.auth?.includes('smithy.api#noAuth') || op.authtype === 'none' ? { noAuth: true } : {}),
      ...(op.http
        ? {
            http: {
              method: op.http.method,
              uri: op.http.requestUri,
              ...(op.http.responseCode ? { code: op.http.responseCode } : {}),
            },
          }
        : {}),
    };
  }
  const meta = {
    apiVersion: model.metadata.apiVersion,
    protocol: model.metadata.protocol,
    targetPrefix: model.metadata.targetPrefix,
    signingName: model.metadata.signingName ?? model.metadata.endpointPrefix,
    xmlNamespace: model.metadata.xmlNamespace?.uri ?? model.metadata.xmlNamespace,
  };
  const outDir = join(outRoot, entry.generated);
  mkdirSync(outDir, { recursive: true });
  const body = [
    `// Generated by scripts/generate-models.mjs from the AWS ${service} model (${meta.apiVersion}). Do not edit.`,
    `import type { ServiceModel } from '../../kernel/model.js';`,
    ``,
    `export const model: ServiceModel = {`,
    `  meta: ${JSON.stringify(meta)},`,
    `  operations: {`,
    ...Object.entries(operations).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)},`),
    `  },`,
    `  shapes: {`,
    ...Object.entries(shapes).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)},`),
    `  },`,
    `};`,
    ``,
  ].join('\n');
  writeFileSync(join(outDir, 'model.ts'), body);
  const exceptions = Object.entries(shapes).filter(([, s]) => s.x !== undefined);
  const errors = [
    `// Generated by scripts/generate-models.mjs from the AWS ${service} model (${meta.apiVersion}). Do not edit.`,
    `// One class per exception shape of the model; the protocol layer turns them into AWS's wire shape.`,
    `import { AwsError } from '../../kernel/errors.js';`,
    ``,
    ...exceptions.map(
      ([name, s]) =>
        `export class ${name} extends AwsError { constructor(message: string) { super(${JSON.stringify(s.c ?? name)}, message, ${s.x}); } }`,
    ),
  ].join('\n');
  writeFileSync(join(outDir, 'errors.ts'), errors);
  console.log(`${service}: ${Object.keys(operations).length} operations, ${Object.keys(shapes).length} shapes`);
}
