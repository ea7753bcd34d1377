// Message tags are checked before anything else, even before the sender: an unverified sender with
// a bad tag gets the tag's error, not MessageRejected (LocalStack's AWS-validated snapshot
// test_invalid_tags_send_email, docs/reference/aws-recorded.md §1.4). Texts as recorded, the double
// space before '-' included.
import { AwsError } from '../../kernel/errors.js';
import { BadRequestException } from '../../generated/sesv2/errors.js';
import type { Api } from './addresses.js';

export function checkTags(tags: { Name?: string; Value?: string }[] | undefined, api: Api): void {
  const refuse = (m: string) => (api === 'v1' ? new AwsError('InvalidParameterValue', m) : new BadRequestException(m));
  for (const { Name = '', Value = '' } of tags ?? []) {
    if (Name === '') throw refuse('The tag name must be specified.');
    if (Name.length > 255) throw refuse('Tag name cannot exceed 255 characters.');
    if (!/^[A-Za-z0-9_-]+$/.test(Name))
      throw refuse(`Invalid tag name <${Name}>: only alphanumeric ASCII characters, '_',  '-' are allowed.`);
    if (Value === '') throw refuse('The tag value must be specified.');
    if (Value.length > 255) throw refuse('Tag value cannot exceed 255 characters.');
    if (!/^[A-Za-z0-9_.@-]+$/.test(Value))
      throw refuse(
        `Invalid tag value <${Value}>: only alphanumeric ASCII characters, '_',  '-' , '.', '@' are allowed.`,
      );
  }
}
