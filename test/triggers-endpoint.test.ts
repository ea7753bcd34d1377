// --lambda-endpoint: a pool's triggers invoked through another Lambda-compatible API (here a small
// one written in the test, answering as Lambda's Invoke does), by the function's name, with no
// resource policy on cognate's side; its failures become Cognito's exceptions as cognate's own do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startServer } from './support/server.js';

test('triggers through --lambda-endpoint: the event arrives, handler errors and garbage as Cognito answers them', async (t) => {
  const seen: { path: string; event: Record<string, unknown> }[] = [];
  const remote = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const name = decodeURIComponent(/\/functions\/([^/]+)\/invocations/.exec(req.url ?? '')?.[1] ?? '');
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      seen.push({ path: req.url ?? '', event });
      if (name === 'confirm') {
        event.response.autoConfirmUser = true;
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(event));
      } else if (name === 'refuse') {
        res
          .writeHead(200, { 'Content-Type': 'application/json', 'X-Amz-Function-Error': 'Unhandled' })
          .end(JSON.stringify({ errorType: 'Error', errorMessage: 'remote says no' }));
      } else if (name === 'garbage') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('<html>oops</html>');
      } else {
        res
          .writeHead(404, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'ResourceNotFoundException' })
          .end(JSON.stringify({ Type: 'User', message: `Function not found: ${name}` }));
      }
    });
  });
  await new Promise<void>((r) => remote.listen(0, '127.0.0.1', () => r()));
  t.after(() => remote.close());
  const endpoint = `http://127.0.0.1:${(remote.address() as AddressInfo).port}`;
  const s = await startServer({ flags: { 'lambda-endpoint': endpoint } });
  t.after(() => s.stop());
  const c = s.cognito();
  const withTrigger = async (name: string) => {
    const pool = (
      await c.send(
        new CreateUserPoolCommand({
          PoolName: name,
          LambdaConfig: { PreSignUp: `arn:aws:lambda:us-east-1:000000000000:function:${name}` },
        }),
      )
    ).UserPool!;
    const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: pool.Id!, ClientName: 'app' })))
      .UserPoolClient!.ClientId!;
    return (username: string) =>
      c.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: 'Passw0rd!' }));
  };
  assert.equal((await (await withTrigger('confirm'))('amy')).UserConfirmed, true);
  assert.equal(seen[0].path, '/2015-03-31/functions/confirm/invocations');
  assert.equal(seen[0].event.triggerSource, 'PreSignUp_SignUp');
  assert.equal(seen[0].event.userName, 'amy');
  await rejectsWith(
    (await withTrigger('refuse'))('ben'),
    'UserLambdaValidationException',
    'PreSignUp failed with error remote says no.',
  );
  await rejectsWith(
    (await withTrigger('garbage'))('cat'),
    'InvalidLambdaResponseException',
    'Invalid lambda function output : Invalid JSON',
  );
  await rejectsWith(
    (await withTrigger('missing'))('dan'),
    'UnexpectedLambdaException',
    'PreSignUp invocation failed due to error ResourceNotFoundException.',
  );
});
