// PreTokenGeneration V3_0 for the client_credentials grant at /oauth2/token: the function's claims
// and scopes on the machine's access token (verified against the pool's JWKS), the event it gets
// (aws_client_metadata as clientMetadata), a refusal as the token endpoint answers it, and the
// feature plans: V2_0 and V3_0 need Essentials or Plus.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { AddPermissionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateUserPoolCommand,
  UpdateUserPoolCommand,
  type CognitoIdentityProviderClient,
  type LambdaConfigType,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, rejectsWith, startServer, type TestServer } from './support/server.js';
import { createNodeFunction } from './support/lambda.js';
import { ACCOUNT, fnArn, loggedEvents } from './support/triggers.js';
import { CALLBACK, FormBrowser, authorizeUrl, oauthPool, postForm, type OAuthPool } from './support/oauth.js';

const READ = 'https://api.example.com/read';
const WRITE = 'https://api.example.com/write';
const ADDED = 'https://api.example.com/admin';

const MACHINE = `exports.handler = async (event) => {
  console.log(JSON.stringify(event));
  const meta = event.request.clientMetadata || {};
  if (meta.refuse) throw new Error('machines not welcome');
  event.response = {
    claimsAndScopeOverrideDetails: {
      idTokenGeneration: { claimsToAddOrOverride: { not_here: 'x' } },
      accessTokenGeneration: {
        claimsToAddOrOverride: { tenant: meta.tenant || 'none', limits: { rps: 5 }, client_id: 'forged', sub: 'forged' },
        claimsToSuppress: ['auth_time', 'iss'],
        scopesToAdd: ['${ADDED}'],
        scopesToSuppress: ['${WRITE}'],
      },
    },
  };
  return event;
};`;

const TOKEN_V3: LambdaConfigType = {
  PreTokenGenerationConfig: { LambdaVersion: 'V3_0', LambdaArn: fnArn('m2m-tokens') },
};

eachBackend('PreTokenGeneration V3_0 for client_credentials', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let lambda: LambdaClient;
  let logs: CloudWatchLogsClient;
  before(async () => {
    s = await startServer({ backend });
    c = s.cognito();
    lambda = s.client(LambdaClient);
    logs = s.client(CloudWatchLogsClient);
    await createNodeFunction(lambda, 'm2m-tokens', MACHINE);
  });
  after(() => s.stop());

  /** A pool with a domain and a machine client whose trigger Cognito may call. */
  async function machinePool(LambdaConfig: LambdaConfigType) {
    const p = await oauthPool(s, c, { LambdaConfig });
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'm2m-tokens',
        StatementId: `cognito-${p.poolId}`,
        Action: 'lambda:InvokeFunction',
        Principal: 'cognito-idp.amazonaws.com',
        SourceArn: `arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/${p.poolId}`,
      }),
    );
    const m2m = await p.client({
      ClientName: 'machine',
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: [READ, WRITE],
      CallbackURLs: undefined,
    });
    const token = (form: Record<string, string>) =>
      postForm(
        `${p.base}/oauth2/token`,
        { grant_type: 'client_credentials', ...form },
        {
          id: m2m.clientId,
          secret: m2m.secret!,
        },
      );
    return { p, clientId: m2m.clientId, token };
  }

  const verified = async (p: OAuthPool, jwt: unknown) =>
    (
      await jwtVerify(String(jwt), createRemoteJWKSet(new URL(`${s.url}/${p.poolId}/.well-known/jwks.json`)), {
        issuer: p.issuer,
      })
    ).payload as Record<string, unknown>;

  test('the function adds a claim and a scope to the machine token; Cognito keeps its own claims', async () => {
    const { p, clientId, token } = await machinePool(TOKEN_V3);
    const r = await token({ aws_client_metadata: JSON.stringify({ tenant: 'acme', region: 'eu' }) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(Object.keys(r.body).sort(), ['access_token', 'expires_in', 'token_type']);
    const claims = await verified(p, r.body.access_token);
    assert.equal(claims.tenant, 'acme');
    assert.deepEqual(claims.limits, { rps: 5 });
    assert.equal(claims.scope, `${READ} ${ADDED}`);
    assert.equal(claims.client_id, clientId);
    assert.equal(claims.sub, clientId);
    assert.equal(typeof claims.auth_time, 'number');
    assert.equal(claims.token_use, 'access');
    assert.equal(claims.not_here, undefined);

    const [event] = await loggedEvents(logs, 'm2m-tokens', 1, (e) => e.userPoolId === p.poolId);
    assert.equal(event.version, '3');
    assert.equal(event.triggerSource, 'TokenGeneration_ClientCredentials');
    assert.equal(event.callerContext.clientId, clientId);
    assert.deepEqual(event.request.scopes, [READ, WRITE]);
    assert.deepEqual(event.request.clientMetadata, { tenant: 'acme', region: 'eu' });
    assert.deepEqual(event.request.userAttributes, {});
    assert.deepEqual(event.response, { claimsAndScopeOverrideDetails: null });
  });

  test('a function that throws: invalid_request with its message, and no token', async () => {
    const { token } = await machinePool(TOKEN_V3);
    const r = await token({ scope: READ, aws_client_metadata: JSON.stringify({ refuse: 'yes' }) });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, {
      error: 'invalid_request',
      error_description: 'PreTokenGeneration failed with error machines not welcome.',
    });
  });

  test('aws_client_metadata that is not a JSON object of strings is invalid_request', async () => {
    const { token } = await machinePool(TOKEN_V3);
    for (const bad of ['not json', '["a"]', '{"n":1}']) {
      const r = await token({ aws_client_metadata: bad });
      assert.equal(r.status, 400);
      assert.deepEqual(r.body, { error: 'invalid_request' });
    }
  });

  test('V1_0 and V2_0 are not called for a machine: its token is as the grant made it', async () => {
    for (const LambdaVersion of ['V1_0', 'V2_0'] as const) {
      const { p, token } = await machinePool({
        PreTokenGenerationConfig: { LambdaVersion, LambdaArn: fnArn('m2m-tokens') },
      });
      const r = await token({ aws_client_metadata: JSON.stringify({ refuse: 'yes' }) });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const claims = await verified(p, r.body.access_token);
      assert.equal(claims.scope, `${READ} ${WRITE}`);
      assert.equal(claims.tenant, undefined);
    }
  });

  test('a PreTokenGeneration that refuses a code exchange or a refresh: invalid_request with its message, no tokens', async () => {
    await createNodeFunction(
      lambda,
      'refuses-later',
      `exports.handler = async (event) => {
        if (event.triggerSource === 'TokenGeneration_HostedAuth' && event.userName === 'refused') throw new Error('not through the hosted UI');
        if (event.triggerSource === 'TokenGeneration_RefreshTokens') throw new Error('no refreshing');
        return event;
      };`,
    );
    const p = await oauthPool(s, c, { LambdaConfig: { PreTokenGeneration: fnArn('refuses-later') } });
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'refuses-later',
        StatementId: `cognito-${p.poolId}`,
        Action: 'lambda:InvokeFunction',
        Principal: 'cognito-idp.amazonaws.com',
        SourceArn: `arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/${p.poolId}`,
      }),
    );
    const web = await p.client();
    const exchange = async (username: string) => {
      await p.user(username, 'Passw0rd!');
      const at = await new FormBrowser().signIn(
        authorizeUrl(p.base, { client_id: web.clientId, scope: 'openid' }),
        username,
        'Passw0rd!',
      );
      const code = new URL(at).searchParams.get('code')!;
      return postForm(`${p.base}/oauth2/token`, {
        grant_type: 'authorization_code',
        client_id: web.clientId,
        code,
        redirect_uri: CALLBACK,
      });
    };
    const refused = await exchange('refused');
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body, {
      error: 'invalid_request',
      error_description: 'PreTokenGeneration failed with error not through the hosted UI.',
    });
    // Another user's code is exchanged; that user's refresh is what the function refuses.
    const tokens = await exchange('welcome');
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    const refresh = await postForm(`${p.base}/oauth2/token`, {
      grant_type: 'refresh_token',
      client_id: web.clientId,
      refresh_token: String(tokens.body.refresh_token),
    });
    assert.equal(refresh.status, 400);
    assert.deepEqual(refresh.body, {
      error: 'invalid_request',
      error_description: 'PreTokenGeneration failed with error no refreshing.',
    });
  });

  test('on the Lite plan, V2_0 and V3_0 are refused with FeatureUnavailableInTierException; V1_0 is not', async () => {
    const refusal =
      'The following features need to be disabled for the LITE pricing tier configured: Access Token Customization';
    for (const LambdaVersion of ['V2_0', 'V3_0'] as const)
      await rejectsWith(
        c.send(
          new CreateUserPoolCommand({
            PoolName: 'lite-tokens',
            UserPoolTier: 'LITE',
            LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion, LambdaArn: fnArn('m2m-tokens') } },
          }),
        ),
        'FeatureUnavailableInTierException',
        refusal,
      );
    const lite = (
      await c.send(
        new CreateUserPoolCommand({
          PoolName: 'lite-tokens',
          UserPoolTier: 'LITE',
          LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V1_0', LambdaArn: fnArn('m2m-tokens') } },
        }),
      )
    ).UserPool!;
    await rejectsWith(
      c.send(new UpdateUserPoolCommand({ UserPoolId: lite.Id!, UserPoolTier: 'LITE', LambdaConfig: TOKEN_V3 })),
      'FeatureUnavailableInTierException',
      refusal,
    );
    // Nor can a pool that customizes access tokens move down to Lite.
    const essentials = (await c.send(new CreateUserPoolCommand({ PoolName: 'ess', LambdaConfig: TOKEN_V3 }))).UserPool!;
    assert.equal(essentials.UserPoolTier, 'ESSENTIALS');
    await rejectsWith(
      c.send(new UpdateUserPoolCommand({ UserPoolId: essentials.Id!, UserPoolTier: 'LITE', LambdaConfig: TOKEN_V3 })),
      'FeatureUnavailableInTierException',
      refusal,
    );
  });
});
