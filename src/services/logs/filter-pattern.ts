// CloudWatch Logs' filter patterns, the part people type at FilterLogEvents (User Guide, "Filter
// pattern syntax for metric filters, subscription filters, filter log events, and Live Tail"):
// terms, all of which must appear (`ERROR timeout`); a quoted term matched as it stands
// (`"user not found"`); `?term` terms, any of which may appear; `-term` to exclude. Matching is
// case-sensitive. JSON patterns `{ $.a.b = "x" }` (also `!=`, `*` wildcards in the value, and
// numbers with `<`, `<=`, `>`, `>=`) join conditions with `&&` or `||`, not both. Space-delimited
// `[...]` patterns and regular expressions (`%...%`) are not supported: refused as malformed
// (cognate's words).
import { InvalidParameterException } from '../../generated/logs/errors.js';

export type Matcher = (message: string) => boolean;

const malformed = () => new InvalidParameterException('Invalid character(s) in term');

function terms(pattern: string): string[] {
  const out: string[] = [];
  const re = /\s*(?:([?-]?)"((?:[^"\\]|\\.)*)"|(\S+))/g;
  let m: RegExpExecArray | null;
  for (m = re.exec(pattern); m && m[0].trim() !== ''; m = re.exec(pattern)) {
    out.push(m[2] !== undefined ? `${m[1]}\u0000${m[2].replace(/\\(.)/g, '$1')}` : m[3]);
  }
  return out;
}

function jsonPath(value: unknown, path: string): unknown {
  let v = value;
  for (const part of path.split('.').filter(Boolean)) {
    const [name, ...indexes] = part.split('[');
    if (name) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[name] : undefined;
    for (const i of indexes) v = Array.isArray(v) ? v[Number(i.replace(']', ''))] : undefined;
  }
  return v;
}

function jsonMatcher(body: string): Matcher {
  const and = body.includes('&&');
  if (and && body.includes('||')) throw malformed();
  const conditions = body.split(and ? '&&' : '||').map((c) => {
    const m =
      /^\s*\(?\s*\$((?:\.[\w-]+(?:\[\d+\])*)*)\s*(=|!=|<=|>=|<|>)\s*(?:"((?:[^"\\]|\\.)*)"|([^\s)]+))\s*\)?\s*$/.exec(
        c,
      );
    if (!m) throw malformed();
    const [, path, op, quoted, bare] = m;
    const expected = quoted ?? bare;
    const glob = new RegExp(`^${expected.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 's');
    return (doc: unknown) => {
      const v = jsonPath(doc, path);
      if (v === undefined) return false;
      if (op === '=' || op === '!=') {
        const same =
          quoted === undefined && /^-?\d/.test(expected) ? Number(v) === Number(expected) : glob.test(String(v));
        return op === '=' ? same : !same;
      }
      const n = Number(v);
      const e = Number(expected);
      if (Number.isNaN(n) || Number.isNaN(e)) return false;
      return op === '<' ? n < e : op === '<=' ? n <= e : op === '>' ? n > e : n >= e;
    };
  });
  return (message) => {
    let doc: unknown;
    try {
      doc = JSON.parse(message);
    } catch {
      return false;
    }
    return and ? conditions.every((c) => c(doc)) : conditions.some((c) => c(doc));
  };
}

export function filterPattern(pattern: string | undefined): Matcher {
  const p = pattern?.trim() ?? '';
  if (p === '') return () => true;
  if (p.startsWith('{')) {
    if (!p.endsWith('}')) throw malformed();
    return jsonMatcher(p.slice(1, -1));
  }
  if (p.startsWith('[') || p.startsWith('%')) throw malformed();
  const all: string[] = [];
  const any: string[] = [];
  const none: string[] = [];
  for (const t of terms(p)) {
    const quoted = t.indexOf('\u0000');
    const sign = quoted >= 0 ? t.slice(0, quoted) : t[0] === '?' || t[0] === '-' ? t[0] : '';
    const text = quoted >= 0 ? t.slice(quoted + 1) : sign ? t.slice(1) : t;
    (sign === '?' ? any : sign === '-' ? none : all).push(text);
  }
  return (m) =>
    all.every((t) => m.includes(t)) &&
    (any.length === 0 || any.some((t) => m.includes(t))) &&
    !none.some((t) => m.includes(t));
}
