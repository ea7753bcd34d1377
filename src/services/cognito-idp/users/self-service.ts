// What a signed-in user may change about themselves with their access token: only the
// attributes their app client may write (WriteAttributes), and only through verification for
// email and phone number.
import { NotAuthorizedException } from '../../../generated/cognito-idp/errors.js';
import type { Client } from '../pools/store.js';

/** Text recorded for clients without write permission (aws/aws-sdk-js#1319, aws-amplify/amplify-js#5345). */
export function checkWritable(client: Client, names: string[]): void {
  const writable = client.config.WriteAttributes;
  if (!writable) return;
  if (names.some((n) => !writable.includes(n)))
    throw new NotAuthorizedException('A client attempted to write unauthorized attribute');
}
