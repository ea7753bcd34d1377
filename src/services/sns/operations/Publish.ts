import type { PublishInput, PublishResponse } from '@aws-sdk/client-sns';
import type { Operation } from '../../context.js';
import { InvalidParameterException, NotFoundException } from '../../../generated/sns/errors.js';
import { e164 } from '../phone.js';
import { publishSms } from '../publish.js';
import { scopeOf } from '../service.js';

const MAX_MESSAGE_BYTES = 256 * 1024;

/**
 * Publish to a PhoneNumber sends one SMS. cognate has no topics or platform endpoints (CreateTopic
 * is not implemented), so every topic is one that does not exist, answered as AWS answers that.
 * Texts recorded: docs/reference/aws-recorded.md §2.1, §2.6.
 */
const Publish: Operation<PublishInput, PublishResponse> = async (deps, ctx, input) => {
  if (input.TopicArn !== undefined) {
    const parts = input.TopicArn.split(':').length;
    if (parts < 6)
      throw new InvalidParameterException(
        `Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not ${parts}`,
      );
    throw new NotFoundException('Topic does not exist');
  }
  if (input.TargetArn !== undefined)
    throw new InvalidParameterException(
      'Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified',
    );
  if (input.PhoneNumber === undefined)
    throw new InvalidParameterException(
      'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter',
    );
  const number = e164(input.PhoneNumber);
  if (!number)
    throw new InvalidParameterException(
      `Invalid parameter: PhoneNumber Reason: ${input.PhoneNumber} is not valid to publish to`,
    );
  if (input.Message === '') throw new InvalidParameterException('Invalid parameter: Empty message');
  if (Buffer.byteLength(input.Message ?? '') > MAX_MESSAGE_BYTES)
    throw new InvalidParameterException('Invalid parameter: Message too long');
  const attrs = input.MessageAttributes ?? {};
  const smsType = attrs['AWS.SNS.SMS.SMSType']?.StringValue;
  if (smsType !== undefined && smsType !== 'Promotional' && smsType !== 'Transactional') {
    throw new InvalidParameterException(
      'Invalid parameter: MessageAttributes Reason: AWS.SNS.SMS.SMSType must be Promotional or Transactional',
    );
  }
  const maxPrice = attrs['AWS.SNS.SMS.MaxPrice']?.StringValue;
  if (maxPrice !== undefined && !(Number(maxPrice) >= 0))
    throw new InvalidParameterException(
      'Invalid parameter: MessageAttributes Reason: AWS.SNS.SMS.MaxPrice must be a number of US dollars',
    );
  const now = deps.now();
  const published = await deps.store.tx((trx) =>
    publishSms(
      trx,
      {
        scope: scopeOf(ctx),
        destination: number,
        message: input.Message,
        activity: 'sns_publish',
        senderId: attrs['AWS.SNS.SMS.SenderID']?.StringValue,
        originationNumber: attrs['AWS.MM.SMS.OriginationNumber']?.StringValue,
        ...(maxPrice !== undefined ? { maxPriceUsd: Number(maxPrice) } : {}),
      },
      now,
    ),
  );
  return { MessageId: published.messageId };
};
export default Publish;
