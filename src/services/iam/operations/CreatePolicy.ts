import type { CreatePolicyRequest } from '@aws-sdk/client-iam';
import type { Operation } from '../../context.js';
import { insertPolicy, newIamId, policyArn, type ManagedPolicy } from '../store.js';
import { checkDocument, policyType, wholeSeconds } from '../wire.js';
import { checkManagedSize } from '../quotas.js';

/** A customer managed policy; cognate keeps one version (v1), its document as submitted. */
const CreatePolicy: Operation<CreatePolicyRequest, unknown> = async (deps, ctx, input) => {
  const { account } = ctx.caller!;
  const path = input.Path ?? '/';
  const now = wholeSeconds(deps.now());
  const policy: ManagedPolicy = {
    account,
    arn: policyArn(account, path, input.PolicyName),
    name: input.PolicyName,
    policyId: newIamId('ANPA'),
    path,
    document: input.PolicyDocument,
    description: input.Description ?? null,
    tags: input.Tags?.length ? input.Tags.map((t) => ({ Key: t.Key, Value: t.Value })) : null,
    createdAt: now,
    updatedAt: now,
    attachmentCount: 0,
  };
  await deps.store.tx(async (trx) => {
    await checkDocument(trx, policy.document, 'identity');
    checkManagedSize(policy.document);
    await insertPolicy(trx, policy);
  });
  return { Policy: policyType(policy) };
};
export default CreatePolicy;
