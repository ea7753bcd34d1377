import type { GetPolicyVersionRequest } from '@aws-sdk/client-iam';
import { NoSuchEntityException } from '../../../generated/iam/errors.js';
import type { Operation } from '../../context.js';
import { findPolicy } from '../store.js';
import { checkPolicyArn, encodeDocument } from '../wire.js';

/**
 * cognate keeps one version of each managed policy, v1, its default; the document percent-encoded as
 * IAM sends it. AWS's text for another version is not on record: cognate's words.
 */
const GetPolicyVersion: Operation<GetPolicyVersionRequest, unknown> = async (deps, ctx, input) => {
  checkPolicyArn(input.PolicyArn);
  const policy = await findPolicy(deps.store.db, ctx.caller!.account, input.PolicyArn);
  if (!policy) throw new NoSuchEntityException(`Policy ${input.PolicyArn} was not found.`);
  if (input.VersionId !== 'v1')
    throw new NoSuchEntityException(`Policy ${input.PolicyArn} version ${input.VersionId} does not exist.`);
  return {
    PolicyVersion: {
      Document: encodeDocument(policy.document),
      VersionId: 'v1',
      IsDefaultVersion: true,
      CreateDate: policy.createdAt,
    },
  };
};
export default GetPolicyVersion;
