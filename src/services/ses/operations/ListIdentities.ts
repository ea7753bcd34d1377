import type { ListIdentitiesRequest, ListIdentitiesResponse } from '@aws-sdk/client-ses';
import type { Operation } from '../../context.js';
import { AwsError } from '../../../kernel/errors.js';
import { listIdentities } from '../identities.js';
import { scopeOf } from '../service.js';
import { pagePosition, pageToken } from '../../page-token.js';

/** Every identity whatever its status, in name order; MaxItems up to 1000 (model doc), 1000 when not given. */
const ListIdentities: Operation<ListIdentitiesRequest, ListIdentitiesResponse> = async (deps, ctx, input) => {
  const size = Math.min(Math.max(input.MaxItems ?? 1000, 1), 1000);
  const kind =
    input.IdentityType === 'EmailAddress' ? 'EMAIL_ADDRESS' : input.IdentityType === 'Domain' ? 'DOMAIN' : undefined;
  const rows = await listIdentities(
    deps.store.db,
    scopeOf(ctx),
    {
      kind,
      after: pagePosition(
        input.NextToken,
        'ses-identities',
        1,
        // A token SES did not issue: AWS's text is not on record, cognate's words.
        () => new AwsError('InvalidParameterValue', 'Invalid NextToken.'),
      )?.[0],
      limit: size + 1,
    },
    deps.now(),
  );
  const page = rows.slice(0, size);
  return {
    Identities: page.map((i) => i.name),
    ...(rows.length > size ? { NextToken: pageToken('ses-identities', [page.at(-1)!.name]) } : {}),
  };
};
export default ListIdentities;
