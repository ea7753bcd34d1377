// The opaque values cognate hands to clients have AWS's form: standard base64 with padding
// (SECRET_BLOCK, Session, PaginationToken). Python's strict decoder reads them as pycognito's SRP
// does (base64.standard_b64decode); base64url without padding made it fail with binascii.Error.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { N } from '../src/crypto/srp.js';
import { startServer, type TestServer } from './support/server.js';

const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
  }
  return result;
}

let s: TestServer;
let poolId: string;
let clientId: string;
before(async () => {
  s = await startServer();
  const c = s.cognito();
  poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'opaque' }))).UserPool!.Id!;
  clientId = (
    await c.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'app',
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    )
  ).UserPoolClient!.ClientId!;
  for (const name of ['ada', 'bob']) {
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: name,
        TemporaryPassword: 'Temp0rary!pass',
        MessageAction: 'SUPPRESS',
      }),
    );
  }
  await c.send(
    new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'ada', Password: 'Passw0rd!', Permanent: true }),
  );
});
after(() => s.stop());

test('SECRET_BLOCK, Session and PaginationToken are standard padded base64, and Python decodes them strictly', async () => {
  const c = s.cognito();
  const srpA = modPow(2n, 0x1234567890abcdefn, N).toString(16);
  const srp = await c.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_SRP_AUTH',
      AuthParameters: { USERNAME: 'ada', SRP_A: srpA },
    }),
  );
  assert.equal(srp.ChallengeName, 'PASSWORD_VERIFIER');
  const secretBlock = srp.ChallengeParameters!.SECRET_BLOCK;

  const temporary = await c.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'bob', PASSWORD: 'Temp0rary!pass' },
    }),
  );
  assert.equal(temporary.ChallengeName, 'NEW_PASSWORD_REQUIRED');
  const session = temporary.Session!;

  const first = await c.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 1 }));
  const token = first.PaginationToken!;
  const second = await c.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 1, PaginationToken: token }));
  assert.deepEqual(
    [...first.Users!, ...second.Users!].map((u) => u.Username),
    ['ada', 'bob'],
    'the token still pages',
  );

  for (const [name, value] of Object.entries({ secretBlock, session, token })) {
    assert.match(value, STANDARD_BASE64, `${name} is standard base64 with padding`);
    assert.ok(value.length % 4 === 0, `${name} is padded to a multiple of 4`);
  }
  if (existsSync('/usr/bin/python3')) {
    // What pycognito does with SECRET_BLOCK, applied to each: a strict decode, or an exception.
    const lengths = execFileSync('/usr/bin/python3', [
      '-c',
      'import base64, sys; print(" ".join(str(len(base64.b64decode(a, validate=True))) for a in sys.argv[1:]))',
      secretBlock,
      session,
      token,
    ])
      .toString()
      .trim()
      .split(' ')
      .map(Number);
    assert.equal(lengths.length, 3);
    for (const n of lengths) assert.ok(n > 0);
  }
});
