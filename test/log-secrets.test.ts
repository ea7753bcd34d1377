// No secret in a log line: with the log at its most detailed (debug, a line per request), the
// passwords, codes, links and tokens of a user's whole story appear nowhere in what cognate logs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  SignUpCommand,
  InitiateAuthCommand,
  ForgotPasswordCommand,
  ConfirmForgotPasswordCommand,
  AdminCreateUserCommand,
  RespondToAuthChallengeCommand,
  GetTokensFromRefreshTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer, codeIn } from './support/server.js';

test('debug logs carry no password, code, confirmation link or token', async () => {
  const lines: string[] = [];
  const s = await startServer({ flags: { 'log-level': 'debug' }, logLines: lines });
  const secrets: string[] = [];
  try {
    const c = s.cognito();
    const poolId = (
      await c.send(
        new CreateUserPoolCommand({
          PoolName: 'logs',
          AutoVerifiedAttributes: ['email'],
          VerificationMessageTemplate: { DefaultEmailOption: 'CONFIRM_WITH_LINK' },
        }),
      )
    ).UserPool!.Id!;
    const clientId = (
      await c.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'web',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!;

    // Sign-up confirmed by following the emailed link (its query string holds the code).
    const password = 'Sup3r-secret-passw0rd!';
    secrets.push(password);
    await c.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'lena',
        Password: password,
        UserAttributes: [{ Name: 'email', Value: 'lena@example.com' }],
      }),
    );
    const mail = await s.waitForEmail('lena@example.com');
    const link = /https?:\/\/\S+confirmUser\S+/.exec(mail.Body.text_part ?? '')![0];
    const code = new URL(link).searchParams.get('confirmation_code')!;
    secrets.push(code);
    assert.equal((await fetch(link)).status, 200);

    const signedIn = await c.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'lena', PASSWORD: password },
      }),
    );
    secrets.push(
      signedIn.AuthenticationResult!.AccessToken!,
      signedIn.AuthenticationResult!.IdToken!,
      signedIn.AuthenticationResult!.RefreshToken!,
    );
    await c.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: signedIn.AuthenticationResult!.RefreshToken! },
      }),
    );
    const renewed = await c.send(
      new GetTokensFromRefreshTokenCommand({
        ClientId: clientId,
        RefreshToken: signedIn.AuthenticationResult!.RefreshToken!,
      }),
    );
    secrets.push(renewed.AuthenticationResult!.AccessToken!, renewed.AuthenticationResult!.IdToken!);

    // A password reset, and a wrong code before the right one.
    await c.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'lena' }));
    const reset = codeIn(await s.waitForEmail('lena@example.com', { after: 1 }));
    secrets.push(reset);
    await assert.rejects(
      c.send(
        new ConfirmForgotPasswordCommand({
          ClientId: clientId,
          Username: 'lena',
          ConfirmationCode: reset === '000000' ? '111111' : '000000',
          Password: 'An0ther-passw0rd!',
        }),
      ),
    );
    await c.send(
      new ConfirmForgotPasswordCommand({
        ClientId: clientId,
        Username: 'lena',
        ConfirmationCode: reset,
        Password: 'An0ther-passw0rd!',
      }),
    );
    secrets.push('An0ther-passw0rd!');

    // An invitation's temporary password, used and replaced.
    const temporary = 'Temp-passw0rd-42!';
    secrets.push(temporary);
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'max',
        TemporaryPassword: temporary,
        MessageAction: 'SUPPRESS',
      }),
    );
    const challenge = await c.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'max', PASSWORD: temporary },
      }),
    );
    secrets.push(challenge.Session!);
    await c.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: challenge.Session!,
        ChallengeResponses: { USERNAME: 'max', NEW_PASSWORD: 'Final-passw0rd-7!' },
      }),
    );
    secrets.push('Final-passw0rd-7!');
  } finally {
    await s.stop();
  }
  const log = lines.join('');
  assert.ok(lines.length > 10, 'the debug log has a line per request');
  for (const secret of secrets)
    assert.ok(!log.includes(secret), `a secret appears in the log: ${secret.slice(0, 12)}…`);
});
