import type { ListOriginationNumbersRequest, ListOriginationNumbersResult } from '@aws-sdk/client-sns';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/sns/errors.js';
import { originationNumbers } from '../store.js';
import { scopeOf } from '../service.js';
import { pagePosition, pageToken } from '../../page-token.js';

/** The Region's origination numbers; in cognate an operator provisions them (`cognate sns add-origination-number`). */
const ListOriginationNumbers: Operation<ListOriginationNumbersRequest, ListOriginationNumbersResult> = async (
  deps,
  ctx,
  input,
) => {
  const limit = input.MaxResults ?? 30;
  const after = pagePosition(
    input.NextToken,
    'origination-numbers',
    1,
    // A token SNS did not issue: AWS's text is not on record, cognate's words in SNS's
    // `Invalid parameter: <member>` form (docs/reference/aws-recorded.md §2.6).
    () => new InvalidParameterException('Invalid parameter: NextToken'),
  )?.[0];
  const all = (await originationNumbers(deps.store.db, scopeOf(ctx))).sort((a, b) =>
    a.phone_number < b.phone_number ? -1 : 1,
  );
  const rest = after === undefined ? all : all.filter((r) => r.phone_number > after);
  const page = rest.slice(0, limit);
  return {
    PhoneNumbers: page.map((r) => ({
      CreatedAt: new Date(r.created_at),
      PhoneNumber: r.phone_number,
      Status: 'ACTIVE',
      Iso2CountryCode: r.iso2_country,
      RouteType: r.route_type as 'Transactional',
      NumberCapabilities: ['SMS'],
    })),
    ...(rest.length > limit
      ? { NextToken: pageToken('origination-numbers', [page[page.length - 1].phone_number]) }
      : {}),
  };
};
export default ListOriginationNumbers;
