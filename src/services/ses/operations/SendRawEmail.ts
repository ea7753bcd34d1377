import type { SendRawEmailRequest, SendRawEmailResponse } from '@aws-sdk/client-ses';
import type { Operation } from '../../context.js';
import { AwsError } from '../../../kernel/errors.js';
import { checkAddresses } from '../addresses.js';
import { checkTags } from '../tags.js';
import { parseRaw } from '../raw.js';
import { sendV1 } from '../send-v1.js';

/**
 * Source and Destinations default to the raw message's From and To/Cc/Bcc (API_SendRawEmail). No
 * From anywhere: AWS's text is not on record, cognate's words in the form of the recorded 'To' one.
 */
const SendRawEmail: Operation<SendRawEmailRequest, SendRawEmailResponse> = async (deps, ctx, input) => {
  checkTags(input.Tags, 'v1');
  const raw = parseRaw(Buffer.from(String(input.RawMessage.Data), 'base64').toString('utf8'));
  const source = input.Source ?? raw.from;
  if (!source) throw new AwsError('InvalidParameterValue', "Missing required header 'From'.");
  const recipients = input.Destinations?.length ? input.Destinations : [...raw.to, ...raw.cc, ...raw.bcc];
  if (recipients.length === 0) throw new AwsError('InvalidParameterValue', "Missing required header 'To'.");
  checkAddresses([source, ...recipients], 'v1');
  const id = await sendV1(deps, ctx, { senders: [source], source, recipients, subject: raw.subject, text: raw.body });
  return { MessageId: id };
};
export default SendRawEmail;
