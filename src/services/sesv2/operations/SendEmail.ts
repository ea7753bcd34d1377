import type { SendEmailRequest, SendEmailResponse } from '@aws-sdk/client-sesv2';
import type { Operation } from '../../context.js';
import { AwsError } from '../../../kernel/errors.js';
import { BadRequestException, MessageRejected, TooManyRequestsException } from '../../../generated/sesv2/errors.js';
import { checkAddresses } from '../../ses/addresses.js';
import { checkTags } from '../../ses/tags.js';
import { parseRaw } from '../../ses/raw.js';
import { sendEmail, type OutgoingEmail } from '../../ses/sending.js';
import { scopeOf } from '../wire.js';

/**
 * Simple and raw content; templates are not built yet. Refusals: MessageRejected for an
 * unverified sender or (sandbox) recipient; past the sending rate v2 answers 429
 * TooManyRequestsException `Maximum sending rate exceeded.` (recorded from
 * /v2/email/outbound-emails in pm-pmaas/etailors_amazon_ses#117); the daily quota the same way
 * with `Daily message quota exceeded.` (v1's Throttling texts). v2's own texts for content it
 * cannot send and for a missing sender or destination are not on record (docs/reference/aws-recorded.md
 * §7): cognate's words, BadRequestException as the model has it; the recipient count as v1 words it;
 * templates answer 501 NotImplementedException, cognate's words for what it has not built.
 */
const SendEmail: Operation<SendEmailRequest, SendEmailResponse> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  checkTags(input.EmailTags, 'v2');
  const content = input.Content;
  if (content.Template)
    throw new AwsError('NotImplementedException', 'cognate does not send templated email yet.', 501);
  const d = input.Destination ?? {};
  let recipients = [...(d.ToAddresses ?? []), ...(d.CcAddresses ?? []), ...(d.BccAddresses ?? [])];
  let email: Omit<OutgoingEmail, 'recipients' | 'source' | 'senders'>;
  let from = input.FromEmailAddress;
  if (content.Raw) {
    const raw = parseRaw(Buffer.from(String(content.Raw.Data), 'base64').toString('utf8'));
    from ??= raw.from;
    if (recipients.length === 0) recipients = [...raw.to, ...raw.cc, ...raw.bcc];
    email = { subject: raw.subject, text: raw.body };
  } else if (content.Simple) {
    const m = content.Simple;
    email = { subject: m.Subject?.Data ?? null, text: m.Body?.Text?.Data ?? '', html: m.Body?.Html?.Data ?? null };
  } else {
    throw new BadRequestException('Content must contain one of Simple, Raw or Template.');
  }
  if (!from) throw new BadRequestException('Missing required parameter FromEmailAddress.');
  if (recipients.length === 0) throw new BadRequestException('Missing required parameter Destination.');
  if (recipients.length > 50) throw new BadRequestException('Recipient count exceeds 50.');
  checkAddresses([from, ...recipients, ...(input.ReplyToAddresses ?? [])], 'v2');
  const now = deps.now();
  const id = await deps.store.tx(async (trx) => {
    const { messageId, refused } = await sendEmail(
      trx,
      scope,
      { ...email, senders: [from], source: from, recipients, replyTo: input.ReplyToAddresses?.join(', ') ?? null },
      deps.config,
      now,
    );
    if (refused?.kind === 'unverified') throw new MessageRejected(refused.message);
    if (refused) throw new TooManyRequestsException(refused.message);
    return messageId;
  });
  return { MessageId: id };
};
export default SendEmail;
