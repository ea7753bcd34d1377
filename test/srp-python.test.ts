// Python apps sign in with SRP as pycognito and warrant-lite do: boto3 for the calls, the SRP
// arithmetic in Python, SECRET_BLOCK read with Python's strict base64 decoder. PyPI is out of reach
// here, so test/support/srp_client.py is that client, written from the SRP description; it runs
// wherever a python3 with boto3 is found, and the tests say they are skipped otherwise.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetUserCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer, type TestServer } from './support/server.js';

const CLIENT = fileURLToPath(new URL('../../test/support/srp_client.py', import.meta.url));

/** The first python3 that imports boto3 (pyenv's shim on PATH, then the system's). */
function findPython(): string | undefined {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    try {
      execFileSync(candidate, ['-c', 'import boto3'], { stdio: 'ignore', timeout: 20_000 });
      return candidate;
    } catch {
      // not there, or without boto3
    }
  }
  return undefined;
}
const python = findPython();

interface Answer {
  userIdForSrp: string;
  ChallengeName?: string;
  Session?: string;
  AuthenticationResult?: { AccessToken?: string; IdToken?: string; RefreshToken?: string; TokenType?: string };
}

describe('USER_SRP_AUTH from a Python client (boto3)', { skip: python ? false : 'no python3 with boto3' }, () => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  before(async () => {
    s = await startServer();
    c = s.cognito();
  });
  after(() => s.stop());

  // Asynchronous: the server answering the script runs in this process.
  const signIn = async (poolId: string, clientId: string, username: string, password: string, secret?: string) => {
    const args = [CLIENT, s.url, 'us-east-1', poolId, clientId, username, password, ...(secret ? [secret] : [])];
    const { stdout } = await promisify(execFile)(python!, args, { timeout: 60_000 });
    return JSON.parse(stdout) as Answer;
  };

  async function poolWithUser(
    pool: { UsernameAttributes?: ['email'] },
    user: { Username: string; email?: string; password: string; permanent: boolean },
    generateSecret = false,
  ) {
    const poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'python', ...pool }))).UserPool!.Id!;
    const client = (
      await c.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'py',
          GenerateSecret: generateSecret,
          ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      )
    ).UserPoolClient!;
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: user.Username,
        UserAttributes: user.email ? [{ Name: 'email', Value: user.email }] : undefined,
        TemporaryPassword: user.permanent ? undefined : user.password,
        MessageAction: 'SUPPRESS',
      }),
    );
    if (user.permanent)
      await c.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: poolId,
          Username: user.Username,
          Password: user.password,
          Permanent: true,
        }),
      );
    return { poolId, clientId: client.ClientId!, secret: client.ClientSecret };
  }

  test('signs in with USER_SRP_AUTH then PASSWORD_VERIFIER, and the tokens work', async () => {
    const { poolId, clientId } = await poolWithUser({}, { Username: 'py-ada', password: 'Passw0rd!', permanent: true });
    const answer = await signIn(poolId, clientId, 'py-ada', 'Passw0rd!');
    assert.equal(answer.userIdForSrp, 'py-ada');
    assert.equal(answer.AuthenticationResult?.TokenType, 'Bearer');
    assert.ok(answer.AuthenticationResult?.RefreshToken);
    const me = await c.send(new GetUserCommand({ AccessToken: answer.AuthenticationResult!.AccessToken! }));
    assert.equal(me.Username, 'py-ada');
  });

  test('with a client secret, and where the username is an email (USER_ID_FOR_SRP is the sub)', async () => {
    const { poolId, clientId, secret } = await poolWithUser(
      { UsernameAttributes: ['email'] },
      { Username: 'py-bo@example.com', email: 'py-bo@example.com', password: 'Passw0rd!', permanent: true },
      true,
    );
    const answer = await signIn(poolId, clientId, 'py-bo@example.com', 'Passw0rd!', secret);
    assert.match(answer.userIdForSrp, /^[0-9a-f-]{36}$/);
    const me = await c.send(new GetUserCommand({ AccessToken: answer.AuthenticationResult!.AccessToken! }));
    assert.equal(me.Username, answer.userIdForSrp);
  });

  test('a temporary password answers NEW_PASSWORD_REQUIRED after the verifier', async () => {
    const { poolId, clientId } = await poolWithUser(
      {},
      { Username: 'py-cy', password: 'Temp0rary!pass', permanent: false },
    );
    const answer = await signIn(poolId, clientId, 'py-cy', 'Temp0rary!pass');
    assert.equal(answer.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    assert.ok(answer.Session);
    assert.equal(answer.AuthenticationResult, undefined);
  });

  test('a wrong password is refused with AWS’s words', async () => {
    const { poolId, clientId } = await poolWithUser({}, { Username: 'py-di', password: 'Passw0rd!', permanent: true });
    await assert.rejects(signIn(poolId, clientId, 'py-di', 'Wrong-Passw0rd!'), (e: Error & { stderr?: string }) => {
      assert.match(e.stderr ?? '', /NotAuthorizedException.*Incorrect username or password\./);
      return true;
    });
  });
});
