import type { ListSMSSandboxPhoneNumbersInput, ListSMSSandboxPhoneNumbersResult } from '@aws-sdk/client-sns';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/sns/errors.js';
import { numbersPage } from '../sandbox.js';
import { scopeOf } from '../service.js';
import { pagePosition, pageToken } from '../../page-token.js';

const ListSMSSandboxPhoneNumbers: Operation<ListSMSSandboxPhoneNumbersInput, ListSMSSandboxPhoneNumbersResult> = async (
  deps,
  ctx,
  input,
) => {
  const limit = input.MaxResults ?? 100;
  const after = pagePosition(
    input.NextToken,
    'sandbox-numbers',
    1,
    // A token SNS did not issue: AWS's text is not on record, cognate's words in SNS's
    // `Invalid parameter: <member>` form (docs/reference/aws-recorded.md §2.6).
    () => new InvalidParameterException('Invalid parameter: NextToken'),
  )?.[0];
  const rows = await numbersPage(deps.store.db, scopeOf(ctx), after, limit + 1);
  const page = rows.slice(0, limit);
  return {
    PhoneNumbers: page.map((r) => ({ PhoneNumber: r.phone_number, Status: r.status })),
    ...(rows.length > limit ? { NextToken: pageToken('sandbox-numbers', [page[page.length - 1].phone_number]) } : {}),
  };
};
export default ListSMSSandboxPhoneNumbers;
