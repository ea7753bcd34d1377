// SES v2 as a REST-JSON service; its dispatch table is the operations/ folder. It shares its domain
// (identities, the account's sandbox and quotas, sending) and its tables with SES v1: src/services/ses/.
import { model } from '../../generated/sesv2/model.js';
import { BadRequestException } from '../../generated/sesv2/errors.js';
import type { Service } from '../context.js';
import { operationsIn } from '../operations.js';

export function sesv2Service(): Service {
  return {
    model,
    operations: operationsIn(new URL('./operations/', import.meta.url), model),
    validationError: (m) => new BadRequestException(m),
    // AWS SDK for JavaScript 3.11xx lists identities with POST and a JSON body (with a Filter);
    // botocore's model, and so the AWS CLI, still uses GET /v2/email/identities with a query string.
    aliases: [{ method: 'POST', uri: '/v2/email/list-identities', operation: 'ListEmailIdentities' }],
  };
}
