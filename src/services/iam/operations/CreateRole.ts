import type { CreateRoleRequest, CreateRoleResponse } from '@aws-sdk/client-iam';
import type { Operation } from '../../context.js';
import { insertRole, newIamId, roleArn, type Role } from '../store.js';
import { checkDocument, roleType, wholeSeconds } from '../wire.js';
import { checkTrustSize } from '../quotas.js';

const CreateRole: Operation<CreateRoleRequest, unknown> = async (deps, ctx, input) => {
  const { account } = ctx.caller!;
  const path = input.Path ?? '/';
  const trustPolicy = input.AssumeRolePolicyDocument;
  const role: Role = {
    account,
    name: input.RoleName,
    roleId: newIamId('AROA'),
    path,
    arn: roleArn(account, path, input.RoleName),
    trustPolicy,
    description: input.Description ?? null,
    maxSessionDuration: input.MaxSessionDuration ?? 3600,
    permissionsBoundary: input.PermissionsBoundary ?? null,
    tags: input.Tags?.length ? input.Tags.map((t) => ({ Key: t.Key, Value: t.Value })) : null,
    createdAt: wholeSeconds(deps.now()),
    lastUsedAt: null,
    lastUsedRegion: null,
  };
  await deps.store.tx(async (trx) => {
    await checkDocument(trx, trustPolicy, 'trust');
    checkTrustSize(trustPolicy);
    await insertRole(trx, role);
  });
  return { Role: roleType(role, 'create') } satisfies Record<keyof CreateRoleResponse, unknown>;
};
export default CreateRole;
