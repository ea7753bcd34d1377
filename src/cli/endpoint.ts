// Where the operator and doctor commands reach cognate: --endpoint, else COGNATE_ENDPOINT, else
// the address `cognate start` listens on by default.
import { DEFAULT_PORT } from '../config.js';

export function cognateEndpoint(flag: string | undefined): string {
  return (flag ?? process.env.COGNATE_ENDPOINT ?? `http://127.0.0.1:${DEFAULT_PORT}`).replace(/\/+$/, '');
}
