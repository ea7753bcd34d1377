import type { ListEmailIdentitiesRequest, ListEmailIdentitiesResponse } from '@aws-sdk/client-sesv2';
import type { Operation } from '../../context.js';
import { BadRequestException } from '../../../generated/sesv2/errors.js';
import { isVerified, listIdentities } from '../../ses/identities.js';
import { scopeOf } from '../wire.js';
import { pagePosition, pageToken } from '../../page-token.js';

/**
 * PageSize 1-1000, default 100 (the model's documentation of the member). AWS's texts for a
 * PageSize out of range and a NextToken it did not issue are not on record: cognate's words.
 */
const ListEmailIdentities: Operation<ListEmailIdentitiesRequest, ListEmailIdentitiesResponse> = async (
  deps,
  ctx,
  input,
) => {
  const size = input.PageSize ?? 100;
  if (size < 1 || size > 1000) throw new BadRequestException('PageSize must be between 1 and 1000.');
  const rows = await listIdentities(
    deps.store.db,
    scopeOf(ctx),
    {
      after: pagePosition(
        input.NextToken,
        'ses-identities',
        1,
        () => new BadRequestException('Invalid NextToken.'),
      )?.[0],
      limit: size + 1,
    },
    deps.now(),
  );
  const page = rows.slice(0, size);
  return {
    EmailIdentities: page.map((i) => ({
      IdentityType: i.kind,
      IdentityName: i.name,
      SendingEnabled: isVerified(i),
      VerificationStatus: isVerified(i) ? 'SUCCESS' : i.status,
    })),
    ...(rows.length > size ? { NextToken: pageToken('ses-identities', [page.at(-1)!.name]) } : {}),
  };
};
export default ListEmailIdentities;
