import type { ListPhoneNumbersOptedOutInput, ListPhoneNumbersOptedOutResponse } from '@aws-sdk/client-sns';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/sns/errors.js';
import { optedOutPage } from '../store.js';
import { scopeOf } from '../service.js';
import { pagePosition, pageToken } from '../../page-token.js';

/** Pages of up to 100 numbers (SNS API reference, ListPhoneNumbersOptedOut). */
const PAGE = 100;

const ListPhoneNumbersOptedOut: Operation<ListPhoneNumbersOptedOutInput, ListPhoneNumbersOptedOutResponse> = async (
  deps,
  ctx,
  input,
) => {
  const after = pagePosition(
    input.nextToken,
    'opted-out',
    1,
    // A token SNS did not issue: AWS's text is not on record, cognate's words in SNS's
    // `Invalid parameter: <member>` form (docs/reference/aws-recorded.md §2.6).
    () => new InvalidParameterException('Invalid parameter: nextToken'),
  )?.[0];
  const numbers = await optedOutPage(deps.store.db, scopeOf(ctx), after, PAGE + 1);
  const page = numbers.slice(0, PAGE);
  return {
    phoneNumbers: page,
    ...(numbers.length > PAGE ? { nextToken: pageToken('opted-out', [page[page.length - 1]]) } : {}),
  };
};
export default ListPhoneNumbersOptedOut;
