// The dispatch table of a service is its operations/ folder: one file per AWS operation, named
// exactly as the operation, loaded on first use. Names in the model without a file answer
// "not implemented" in the service's protocol.
import { readdirSync } from 'node:fs';
import type { ServiceModel } from '../kernel/model.js';
import type { Operation } from './context.js';

export function operationsIn(dir: URL, model: ServiceModel): Map<string, () => Promise<Operation<object, unknown>>> {
  const operations = new Map<string, () => Promise<Operation<object, unknown>>>();
  for (const file of readdirSync(dir)) {
    const name = file.replace(/\.js$/, '');
    if (file.endsWith('.js') && Object.hasOwn(model.operations, name)) {
      let op: Operation<object, unknown> | undefined;
      operations.set(
        name,
        async () => (op ??= (await import(new URL(file, dir).href)).default as Operation<object, unknown>),
      );
    }
  }
  return operations;
}
