// Which cognito-idp operations of the model cognate answers: every one. The server's dispatch table
// is its operations/ folder (src/services/operations.ts); an operation of a model without a file
// answers 501 NotImplementedException, which the last test shows through the SDK with an operation of
// the CloudWatch Logs subset that cognate does not serve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CloudWatchLogsClient, DeleteRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { model } from '../src/generated/cognito-idp/model.js';
import { cognitoService } from '../src/services/cognito-idp/service.js';
import { rejectsWith, startServer } from './support/server.js';

test('every cognito-idp operation of the model has its operation', () => {
  const built = new Set(cognitoService().operations.keys());
  const missing = Object.keys(model.operations)
    .filter((name) => !built.has(name))
    .sort();
  assert.deepEqual(missing, []);
});

test('an operation of a model that cognate does not serve answers 501 NotImplementedException', async () => {
  const s = await startServer();
  try {
    const logs = s.client(CloudWatchLogsClient);
    await rejectsWith(logs.send(new DeleteRetentionPolicyCommand({ logGroupName: 'g' })), 'NotImplementedException');
  } finally {
    await s.stop();
  }
});
