// Input validation driven by the generated model tables, with AWS's (Coral's) message format:
//   1 validation error detected: Value 'x' at 'userPoolId' failed to satisfy constraint: Member must ...
// Several failures are joined with "; " under "N validation errors detected". Sensitive members
// are reported without their value ("Value at 'password' ..."), as AWS does.
import type { ServiceModel, Shape } from '../kernel/model.js';

export class SerializationError extends Error {}

interface Failure {
  path: string;
  value: unknown;
  sensitive: boolean;
  constraint: string;
}

type Matcher = (value: string) => boolean;
const matcherCache = new Map<Shape, Matcher>();
function matcherOf(shape: Shape): Matcher {
  let m = matcherCache.get(shape);
  if (!m) {
    const source = shape.ps ?? shape.p!;
    const re = new RegExp(`^(?:${source})$`, shape.pf);
    m = linearMatcher(source, shape.pf) ?? ((v) => re.test(v));
    matcherCache.set(shape, m);
  }
  return m;
}

/**
 * Some model patterns take quadratic time in a backtracking engine: C*L1C*L2C* (the link-message
 * template, `...\\{##...##\\}...`) or C+@C+ where C itself contains @ (email addresses) would hold
 * the event loop for seconds on a long value. Where a pattern is one character class C, repeated
 * (* or +) around literals whose characters are all in C, it means "every character is in C, and
 * the literals appear in order with at least one character wherever + stands"; that is checked in
 * linear time instead. Leftmost placement of each literal leaves the most room for the rest, so
 * the greedy search finds a match whenever one exists.
 */
export function linearMatcher(source: string, flags: string | undefined): Matcher | undefined {
  const cls = /^(\[(?:\\.|[^\]\\])*\])[*+]/.exec(source)?.[1];
  if (!cls) return undefined;
  // ['', q0, literal1, q1, literal2, q2, ''] for C q0 L1 C q1 L2 C q2
  const parts = source.split(new RegExp(`${cls.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}([*+])`));
  if (parts.length < 5 || parts[0] !== '' || parts.at(-1) !== '') return undefined;
  const minimums: number[] = [];
  const literals: string[] = [];
  for (let i = 1; i < parts.length - 1; i++) {
    if (i % 2 === 1) {
      minimums.push(parts[i] === '+' ? 1 : 0);
    } else {
      if (!/^(?:\\[{}#@.]|[A-Za-z0-9#@])+$/.test(parts[i])) return undefined;
      literals.push(parts[i].replace(/\\(.)/g, '$1'));
    }
  }
  const all = new RegExp(`^${cls}*$`, flags);
  if (!literals.every((l) => all.test(l))) return undefined;
  return (value) => {
    if (!all.test(value)) return false;
    let from = 0;
    for (let i = 0; i < literals.length; i++) {
      const at = value.indexOf(literals[i], from + minimums[i]);
      if (at < 0) return false;
      from = at + literals[i].length;
    }
    return value.length - from >= minimums[literals.length];
  };
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function render(v: unknown, depth = 0): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return v;
  if (depth > 8) return '...';
  if (Array.isArray(v)) return `[${v.map((x) => render(x, depth + 1)).join(', ')}]`;
  if (typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}=${render(x, depth + 1)}`)
      .join(', ')}}`;
  return String(v);
}

function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'Start of list';
  if (v !== null && typeof v === 'object') return 'Start of structure or map';
  return typeof v === 'string' ? 'STRING_VALUE' : typeof v === 'boolean' ? 'BOOLEAN_VALUE' : 'NUMBER_VALUE';
}

/**
 * Checks `input` against the operation's input shape, dropping members the model does not have.
 * Throws SerializationError for values of the wrong JSON type (AWS answers those with
 * SerializationException); returns the validation message or null when the input conforms.
 */
export function validate(model: ServiceModel, shapeName: string, input: unknown): string | null {
  const failures: Failure[] = [];
  walk(model, shapeName, input, '', false, failures);
  if (failures.length === 0) return null;
  const parts = failures.map((f) => {
    const value = f.sensitive
      ? 'Value'
      : f.value === null || f.value === undefined
        ? 'Value null'
        : `Value '${render(f.value)}'`;
    return `${value} at '${f.path}' failed to satisfy constraint: ${f.constraint}`;
  });
  const n = failures.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${parts.join('; ')}`;
}

/**
 * A value that travels as text (a Query form field, a REST URI label, query string or header)
 * read as its shape's type: numbers and booleans parsed, everything else (strings, timestamps,
 * blobs) left as text for the model check.
 */
export function fromText(type: Shape['t'], raw: string): unknown {
  if (type === 'i' || type === 'f') {
    const n = raw.trim() === '' ? NaN : Number(raw);
    if (!Number.isFinite(n))
      throw new SerializationError(`Value '${raw.slice(0, 64)}' can not be converted to a Number`);
    return n;
  }
  if (type === 'b') {
    if (raw !== 'true' && raw !== 'false')
      throw new SerializationError(`Value '${raw.slice(0, 64)}' can not be converted to a Boolean`);
    return raw === 'true';
  }
  return raw;
}

/**
 * Reads an operation's input and checks it against the model, for the protocols (Query,
 * REST-JSON) where a value that cannot be read as its shape and a failed constraint are the same
 * error: `invalid(message)`.
 */
export function readValidated(
  model: ServiceModel,
  shapeName: string,
  read: () => Record<string, unknown>,
  invalid: (message: string) => Error,
): Record<string, unknown> {
  try {
    const input = read();
    const problem = validate(model, shapeName, input);
    if (problem) throw invalid(problem);
    return input;
  } catch (e) {
    if (e instanceof SerializationError) throw invalid(e.message);
    throw e;
  }
}

function walk(
  model: ServiceModel,
  name: string,
  v: unknown,
  path: string,
  sensitiveParent: boolean,
  out: Failure[],
): void {
  const shape = model.shapes[name];
  if (!shape) return;
  const sensitive = sensitiveParent || shape.z === 1;
  const fail = (constraint: string) => out.push({ path, value: v, sensitive, constraint });
  switch (shape.t) {
    case 'o': {
      if (typeof v !== 'object' || v === null || Array.isArray(v))
        throw new SerializationError(`${typeName(v)} found where not expected`);
      const obj = v as Record<string, unknown>;
      const members = shape.m as Record<string, string>;
      // The operation sees exactly the model's shape: members the model does not know are dropped
      // (AWS ignores them), and an explicit null is an absent member.
      for (const key of Object.keys(obj)) {
        if (!Object.hasOwn(members, key) || obj[key] === null) delete obj[key];
      }
      for (const [member, memberShape] of Object.entries(members)) {
        const child = obj[member];
        const childPath = path ? `${path}.${lowerFirst(member)}` : lowerFirst(member);
        if (child === undefined) {
          if (shape.r?.includes(member)) {
            out.push({ path: childPath, value: null, sensitive: false, constraint: 'Member must not be null' });
          }
          continue;
        }
        walk(model, memberShape, child, childPath, sensitive, out);
      }
      return;
    }
    case 'd':
      return;
    case 's': {
      if (typeof v !== 'string') throw new SerializationError(`${typeName(v)} can not be converted to a String`);
      if (shape.e && !shape.e.includes(v)) fail(`Member must satisfy enum value set: [${shape.e.join(', ')}]`);
      lengthChecks(shape, [...v].length, fail);
      if (shape.p !== undefined && !matcherOf(shape)(v))
        fail(`Member must satisfy regular expression pattern: ${shape.p}`);
      return;
    }
    case 'l': {
      if (!Array.isArray(v)) throw new SerializationError(`${typeName(v)} found where not expected`);
      lengthChecks(shape, v.length, fail);
      v.forEach((item, i) => {
        const itemPath = `${path}.${i + 1}.member`;
        if (item === null)
          out.push({ path: itemPath, value: null, sensitive: false, constraint: 'Member must not be null' });
        else walk(model, shape.m as string, item, itemPath, sensitive, out);
      });
      return;
    }
    case 'm': {
      if (typeof v !== 'object' || v === null || Array.isArray(v))
        throw new SerializationError(`${typeName(v)} found where not expected`);
      // An entry whose value is null is no entry, as an explicit null member is no member: AWS takes
      // such maps (amazon-cognito-identity-js retries a refused device key with ChallengeResponses
      // {"DEVICE_KEY": null}, CognitoUser.js, and that retry signs in on AWS), so cognate drops it.
      const map = v as Record<string, unknown>;
      for (const key of Object.keys(map)) if (map[key] === null) delete map[key];
      const entries = Object.entries(map);
      lengthChecks(shape, entries.length, fail);
      for (const [key, value] of entries) {
        walk(model, shape.k!, key, `${path}.${key}.key`, sensitive, out);
        walk(model, shape.v!, value, `${path}.${key}.value`, sensitive, out);
      }
      return;
    }
    case 'i':
    case 'f': {
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new SerializationError(`${typeName(v)} can not be converted to a Number`);
      if (shape.t === 'i' && !Number.isInteger(v)) throw new SerializationError('Integer value expected');
      if (shape.min !== undefined && v < shape.min)
        fail(`Member must have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && v > shape.max) fail(`Member must have value less than or equal to ${shape.max}`);
      return;
    }
    case 'b':
      if (typeof v !== 'boolean') throw new SerializationError(`${typeName(v)} can not be converted to a Boolean`);
      return;
    case 'T':
      if (typeof v !== 'number' && typeof v !== 'string')
        throw new SerializationError(`${typeName(v)} can not be converted to a Timestamp`);
      return;
    case 'B':
      // A REST-JSON payload member (Lambda's Invoke) arrives as the raw body's bytes.
      if (Buffer.isBuffer(v)) return;
      if (typeof v !== 'string') throw new SerializationError(`${typeName(v)} can not be converted to a Blob`);
      return;
  }
}

function lengthChecks(shape: Shape, length: number, fail: (c: string) => void): void {
  if (shape.max !== undefined && length > shape.max) fail(`Member must have length less than or equal to ${shape.max}`);
  if (shape.min !== undefined && length < shape.min)
    fail(`Member must have length greater than or equal to ${shape.min}`);
}
