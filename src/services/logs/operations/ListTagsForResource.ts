import type { ListTagsForResourceRequest, ListTagsForResourceResponse } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { parseLogGroupArn } from '../../../store/log-events.js';
import { noSuchGroup, requireGroup } from '../groups.js';

/** The tags of a log group, named by its ARN (the only resource cognate's CloudWatch Logs has). */
const ListTagsForResource: Operation<ListTagsForResourceRequest, ListTagsForResourceResponse> = async (
  deps,
  ctx,
  input,
) => {
  const scope = scopeOf(ctx);
  const arn = parseLogGroupArn(input.resourceArn);
  if (!arn || arn.account !== scope.account || arn.region !== scope.region) throw noSuchGroup();
  const g = await requireGroup(deps.store.db, scope, arn.group);
  const tags = JSON.parse(g.tags) as Record<string, string>;
  return Object.keys(tags).length ? { tags } : {};
};
export default ListTagsForResource;
