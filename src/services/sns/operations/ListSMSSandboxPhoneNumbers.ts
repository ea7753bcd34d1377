import type { ListSMSSandboxPhoneNumbersInput, ListSMSSandboxPhoneNumbersResult } from '@aws-sdk/client-sns';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/sns/errors.js';
import { numbersPage } from '../sandbox.js';
import { afterToken, pageToken, scopeOf } from '../service.js';

const ListSMSSandboxPhoneNumbers: Operation<ListSMSSandboxPhoneNumbersInput, ListSMSSandboxPhoneNumbersResult> = async (deps, ctx, input) => {
  const limit = input.MaxResults ?? 100;
  const after = afterToken('sandbox-numbers', input.NextToken, () => new InvalidParameterException('Invalid parameter: NextToken'));
  const rows = await numbersPage(deps.store.db, scopeOf(ctx), after, limit + 1);
  const page = rows.slice(0, limit);
  return {
    PhoneNumbers: page.map((r) => ({ PhoneNumber: r.phone_number, Status: r.status })),
    ...(rows.length > limit ? { NextToken: pageToken('sandbox-numbers', page[page.length - 1].phone_number) } : {}),
  };
};
export default ListSMSSandboxPhoneNumbers;
