// The opt-out operations' `phoneNumber`: an E.164 number, else the recorded refusal
// `Invalid parameter: PhoneNumber Reason: input incorrectly formatted` (docs/reference/aws-recorded.md §2.4).
import { InvalidParameterException } from '../../generated/sns/errors.js';
import { e164 } from './phone.js';

export function phoneParameter(value: string): string {
  const number = e164(value);
  if (!number)
    throw new InvalidParameterException('Invalid parameter: PhoneNumber Reason: input incorrectly formatted');
  return number;
}
