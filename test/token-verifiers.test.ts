// aws-jwt-verify over HTTPS: `cognate cert` makes a local CA and a localhost certificate, cognate
// serves HTTPS with them (--tls-cert, --tls-key), the AWS SDK signs in over HTTPS trusting that CA,
// and aws-jwt-verify, which fetches keys over HTTPS only, verifies the tokens with its default
// fetcher: CognitoJwtVerifier with the issuer in AWS's form (--token-issuer aws) and only the JWKS
// location pointed at cognate, JwtVerifier with cognate's own issuer. The discovery document and
// the tokens' `iss` agree with the setting.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import { SimpleFetcher, type Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { spawnCognate, type CognateProcess } from './support/process.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cognate-tls-'));
const tls = join(dir, 'tls');
const file = (name: string) => join(tls, name);
let ca: string;

before(async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'cert', '--dir', tls]);
  assert.match(stdout, /a server certificate for localhost, 127\.0\.0\.1, ::1, valid until \d{4}-\d\d-\d\d/);
  assert.match(stdout, /cognate start --tls-cert \S+cert\.pem --tls-key \S+key\.pem/);
  ca = readFileSync(file('ca.pem'), 'utf8');
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('cognate cert writes a CA and a localhost certificate it signs; the private keys are the owner’s only', () => {
  const caCert = new X509Certificate(ca);
  const cert = new X509Certificate(readFileSync(file('cert.pem')));
  assert.ok(caCert.ca);
  assert.ok(cert.checkIssued(caCert) && cert.verify(caCert.publicKey));
  assert.equal(cert.subjectAltName, 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  assert.equal(statSync(file('key.pem')).mode & 0o777, 0o600);
  assert.equal(statSync(file('ca-key.pem')).mode & 0o777, 0o600);
});

/** A GET over HTTPS that trusts the test's CA (as NODE_EXTRA_CA_CERTS would a person's). */
function getJson(url: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    request(url, { ca }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(JSON.parse(body)));
    })
      .on('error', reject)
      .end();
  });
}

const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

/** aws-jwt-verify's own fetcher (HTTPS only), trusting the test's CA. */
const fetcher = () => new SimpleFetcher({ defaultRequestOptions: { ca } });

for (const issuerSetting of ['aws', 'cognate'] as const) {
  describe(`over HTTPS with --token-issuer ${issuerSetting}`, () => {
    let cognate: CognateProcess;
    let sdk: CognitoIdentityProviderClient;
    let poolId: string;
    let clientId: string;
    let tokens: { IdToken: string; AccessToken: string };

    before(async () => {
      cognate = await spawnCognate([
        '--data',
        join(dir, `data-${issuerSetting}`),
        '--tls-cert',
        file('cert.pem'),
        '--tls-key',
        file('key.pem'),
        '--token-issuer',
        issuerSetting,
      ]);
      sdk = new CognitoIdentityProviderClient({
        endpoint: cognate.url,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        requestHandler: { httpsAgent: new Agent({ ca }) },
        maxAttempts: 1,
      });
      poolId = (await sdk.send(new CreateUserPoolCommand({ PoolName: 'verifiers' }))).UserPool!.Id!;
      clientId = (
        await sdk.send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: 'api',
            ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          }),
        )
      ).UserPoolClient!.ClientId!;
      await sdk.send(new SignUpCommand({ ClientId: clientId, Username: 'alice', Password: 'Passw0rd!' }));
      await sdk.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'alice' }));
      const auth = await sdk.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'alice', PASSWORD: 'Passw0rd!' },
        }),
      );
      tokens = { IdToken: auth.AuthenticationResult!.IdToken!, AccessToken: auth.AuthenticationResult!.AccessToken! };
    });
    after(async () => {
      sdk.destroy();
      cognate.child.kill('SIGTERM');
      await cognate.exited;
    });

    const expectedIssuer = () =>
      issuerSetting === 'aws' ? `https://cognito-idp.eu-west-1.amazonaws.com/${poolId}` : `${cognate.url}/${poolId}`;

    test('the tokens’ iss and the discovery document name the issuer; the JWKS is cognate’s', async () => {
      assert.match(cognate.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(claims(tokens.IdToken).iss, expectedIssuer());
      assert.equal(claims(tokens.AccessToken).iss, expectedIssuer());
      const discovery = await getJson(`${cognate.url}/${poolId}/.well-known/openid-configuration`);
      assert.equal(discovery.issuer, expectedIssuer());
      assert.equal(discovery.jwks_uri, `${cognate.url}/${poolId}/.well-known/jwks.json`);
      const jwks = (await getJson(discovery.jwks_uri as string)) as { keys: { kid: string }[] };
      const kid = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString('utf8')).kid;
      assert.ok(jwks.keys.some((k) => k.kid === kid(tokens.IdToken)));
      assert.ok(jwks.keys.some((k) => k.kid === kid(tokens.AccessToken)));
    });

    if (issuerSetting === 'aws') {
      test('CognitoJwtVerifier verifies both tokens, its JWKS fetches sent to cognate', async () => {
        // CognitoJwtVerifier derives the JWKS URI from the pool id and takes no other
        // (https://cognito-idp.<region>.amazonaws.com/<poolId>/.well-known/jwks.json): its fetcher
        // sends that path to cognate, as README.md shows.
        const https = fetcher();
        const fetched: string[] = [];
        const toCognate: Fetcher = {
          fetch: (uri, options, data) => {
            fetched.push(uri);
            return https.fetch(
              uri.replace(/^https:\/\/cognito-idp\.[^/]+\.amazonaws\.com/, cognate.url),
              options,
              data,
            );
          },
        };
        const jwksCache = new SimpleJwksCache({ fetcher: toCognate });
        const idVerifier = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'id', clientId }, { jwksCache });
        const accessVerifier = CognitoJwtVerifier.create(
          { userPoolId: poolId, tokenUse: 'access', clientId },
          { jwksCache },
        );
        const id = await idVerifier.verify(tokens.IdToken);
        assert.equal(id['cognito:username'], 'alice');
        assert.equal(id.aud, clientId);
        const access = await accessVerifier.verify(tokens.AccessToken);
        assert.equal(access.client_id, clientId);
        assert.equal(access.username, 'alice');
        assert.deepEqual(
          [...new Set(fetched)],
          [`https://cognito-idp.eu-west-1.amazonaws.com/${poolId}/.well-known/jwks.json`],
        );
        // An id token is not an access token, and another app client's verifier refuses them.
        await assert.rejects(accessVerifier.verify(tokens.IdToken), /Token use not allowed: id/);
        await assert.rejects(
          CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'id', clientId: 'other' }, { jwksCache }).verify(
            tokens.IdToken,
          ),
          /Client ID \("audience"\) not allowed: .* Expected: other/,
        );
      });
    } else {
      test('JwtVerifier verifies both tokens with cognate’s issuer, fetching the JWKS the issuer names', async () => {
        const jwksCache = new SimpleJwksCache({ fetcher: fetcher() });
        const issuer = `${cognate.url}/${poolId}`;
        const idVerifier = JwtVerifier.create({ issuer, audience: clientId }, { jwksCache });
        const accessVerifier = JwtVerifier.create(
          {
            issuer,
            audience: null,
            customJwtCheck: ({ payload }) => assert.equal(payload.client_id, clientId),
          },
          { jwksCache },
        );
        assert.equal((await idVerifier.verify(tokens.IdToken)).token_use, 'id');
        assert.equal((await accessVerifier.verify(tokens.AccessToken)).token_use, 'access');
        // CognitoJwtVerifier expects AWS's issuer: these tokens are not in that form.
        await assert.rejects(
          CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'id', clientId }, { jwksCache }).verify(
            tokens.IdToken,
          ),
          /issuer not configured/,
        );
      });
    }
  });
}
