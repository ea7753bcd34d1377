import type { SendEmailRequest, SendEmailResponse } from '@aws-sdk/client-ses';
import type { Operation } from '../../context.js';
import { AwsError } from '../../../kernel/errors.js';
import { checkAddresses } from '../addresses.js';
import { checkTags } from '../tags.js';
import { sendV1 } from '../send-v1.js';

/**
 * Tags first, then addresses, then the identities (recorded order); at most 50 recipients (model
 * doc). `Missing required header 'To'.` is recorded in a raw XML body (found by code search);
 * `Recipient count exceeds 50.` is the text client code matches on (code search).
 */
const SendEmail: Operation<SendEmailRequest, SendEmailResponse> = async (deps, ctx, input) => {
  checkTags(input.Tags, 'v1');
  const d = input.Destination;
  const recipients = [...(d.ToAddresses ?? []), ...(d.CcAddresses ?? []), ...(d.BccAddresses ?? [])];
  if (recipients.length === 0) throw new AwsError('InvalidParameterValue', "Missing required header 'To'.");
  if (recipients.length > 50) throw new AwsError('InvalidParameterValue', 'Recipient count exceeds 50.');
  const senders = [input.Source, ...(input.ReturnPath ? [input.ReturnPath] : [])];
  checkAddresses([...senders, ...recipients, ...(input.ReplyToAddresses ?? [])], 'v1');
  const m = input.Message;
  const id = await sendV1(deps, ctx, {
    senders,
    source: input.Source,
    recipients,
    replyTo: input.ReplyToAddresses?.join(', ') ?? null,
    subject: m.Subject?.Data ?? null,
    text: m.Body?.Text?.Data ?? '',
    html: m.Body?.Html?.Data ?? null,
  });
  return { MessageId: id };
};
export default SendEmail;
