// Where the operator and doctor commands reach cognate: --endpoint, else COGNATE_ENDPOINT, else
// the address `cognate start` listens on by default.
import { DEFAULT_PORT } from '../config.js';
import { readOperatorError } from '../kernel/route.js';

export function cognateEndpoint(flag: string | undefined): string {
  return (flag ?? process.env.COGNATE_ENDPOINT ?? `http://127.0.0.1:${DEFAULT_PORT}`).replace(/\/+$/, '');
}

/** The query string of the given values, leaving out those not given. */
export function queryOf(values: Record<string, string | undefined>): URLSearchParams {
  return new URLSearchParams(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined));
}

/**
 * One request to cognate's operator API: 0 and its answer printed as it came when it succeeded,
 * else 1 and the refusal's code and message (or the answer as it came, if it is not cognate's).
 */
export async function operatorCall(
  out: (s: string) => void,
  url: string,
  method: string,
  body?: unknown,
): Promise<number> {
  const res = await fetch(url, {
    method,
    ...(body ? { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const refusal = res.ok ? undefined : readOperatorError(parsed(text));
  out(refusal ? `${refusal.code}: ${refusal.message}\n` : `${text}\n`);
  return res.ok ? 0 : 1;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
