import type { CreateFunctionRequest, FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { InvalidParameterValueException, ResourceConflictException } from '../../../generated/lambda/errors.js';
import { normalizeDbError, UniqueViolation } from '../../../store/errors.js';
import { parseFunctionName } from '../names.js';
import { checkRuntime, readPackage } from '../package.js';
import { configuration, findVersion, newRevision } from '../functions.js';
import { checkEnvironment, extraOf } from '../settings.js';
import type { LambdaFunctionRow } from '../../../store/tables/lambda.js';

const CreateFunction: Operation<CreateFunctionRequest, FunctionConfiguration> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const { name, qualifier } = parseFunctionName(scope, input.FunctionName);
  if (qualifier) throw new InvalidParameterValueException('Unsupported function name: a qualifier is not allowed.');
  const runtime = checkRuntime(input.Runtime);
  // Lambda's text when the handler is missing (the same as for the runtime).
  if (!input.Handler)
    throw new InvalidParameterValueException(
      'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
    );
  const pkg = readPackage(input.Code);
  // "Function already exist: <name>" is Lambda's text (sic), as the AWS CLI prints it.
  const exists = () => new ResourceConflictException(`Function already exist: ${name}`);
  if (await findVersion(deps.store.db, scope, name, '$LATEST')) throw exists();
  const row: LambdaFunctionRow = {
    account: scope.account,
    region: scope.region,
    name,
    version: '$LATEST',
    runtime,
    handler: input.Handler,
    role: input.Role,
    description: input.Description ?? '',
    timeout: input.Timeout ?? 3,
    memory_size: input.MemorySize ?? 128,
    environment: JSON.stringify(checkEnvironment(input.Environment?.Variables ?? {})),
    code: pkg.base64,
    code_sha256: pkg.sha256,
    code_size: pkg.size,
    last_modified: deps.now(),
    revision_id: newRevision(),
    extra: JSON.stringify(extraOf(input)),
    tags: JSON.stringify(input.Tags ?? {}),
    last_version: 0,
  };
  try {
    await deps.store.tx(async (trx) => {
      await trx.insertInto('lambda_functions').values(row).execute();
      if (input.Publish)
        await trx
          .insertInto('lambda_functions')
          .values({ ...row, version: '1' })
          .execute();
      if (input.Publish)
        await trx
          .updateTable('lambda_functions')
          .set({ last_version: 1 })
          .where('account', '=', scope.account)
          .where('region', '=', scope.region)
          .where('name', '=', name)
          .where('version', '=', '$LATEST')
          .execute();
    });
  } catch (e) {
    if (normalizeDbError(e) instanceof UniqueViolation) throw exists();
    throw e;
  }
  return configuration(input.Publish ? { ...row, version: '1' } : row);
};
export default CreateFunction;
