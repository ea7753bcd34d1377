// Cognito user pools as a JSON 1.1 service. The dispatch table is the operations/ folder: one
// file per AWS operation, named exactly as the operation, loaded on first use.
import { readdirSync } from 'node:fs';
import { model } from '../../generated/cognito-idp/model.js';
import { InvalidParameterException } from '../../generated/cognito-idp/errors.js';
import type { JsonService } from '../../protocol/json.js';
import type { Operation } from '../context.js';

const dir = new URL('./operations/', import.meta.url);

export function cognitoService(): JsonService {
  const operations = new Map<string, () => Promise<Operation>>();
  for (const file of readdirSync(dir)) {
    const name = file.replace(/\.js$/, '');
    if (file.endsWith('.js') && Object.hasOwn(model.operations, name)) {
      let op: Operation | undefined;
      operations.set(name, async () => (op ??= (await import(new URL(file, dir).href)).default as Operation));
    }
  }
  return { model, operations, validationError: (m) => new InvalidParameterException(m) };
}
