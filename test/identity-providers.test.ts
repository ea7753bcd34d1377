// A user pool's identity providers through the AWS SDK: each type created as AWS documents it and
// described with the keys AWS fills in, the refusals, identifiers, listing, updates, clients'
// SupportedIdentityProviders, deletion, and linking external identities to users.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AdminCreateUserCommand,
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteIdentityProviderCommand,
  DeleteUserPoolCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  GetIdentityProviderByIdentifierCommand,
  ListIdentityProvidersCommand,
  UpdateIdentityProviderCommand,
  UpdateUserPoolClientCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, rejectsWith, type TestServer } from './support/server.js';

const SOCIAL = { client_id: 'cid', client_secret: 'secret', authorize_scopes: 'email openid' };
const METADATA = `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/slo"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/sso/post"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso/redirect"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;

/** An IdP on this machine: OIDC discovery and SAML metadata, as a real one serves them. */
async function startIdp(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === '/.well-known/openid-configuration') {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          issuer: base,
          authorization_endpoint: `${base}/authorize`,
          token_endpoint: `${base}/token`,
          userinfo_endpoint: `${base}/userinfo`,
          jwks_uri: `${base}/jwks`,
        }),
      );
    } else if (req.url === '/saml/metadata') {
      res.end(METADATA);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

eachBackend('identity providers', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let idp: { url: string; server: Server };
  let UserPoolId: string;

  const create = (ProviderName: string, ProviderType: string, ProviderDetails: Record<string, string>, more = {}) =>
    c.send(
      new CreateIdentityProviderCommand({
        UserPoolId,
        ProviderName,
        ProviderType: ProviderType as 'OIDC',
        ProviderDetails,
        ...more,
      }),
    );
  const describe = async (ProviderName: string) =>
    (await c.send(new DescribeIdentityProviderCommand({ UserPoolId, ProviderName }))).IdentityProvider!;

  before(async () => {
    s = await startServer({ backend });
    c = s.cognito();
    idp = await startIdp();
    UserPoolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'federated' }))).UserPool!.Id!;
  });
  after(async () => {
    idp.server.close();
    await s.stop();
  });

  test('Google from client_id, client_secret and authorize_scopes: described with the keys AWS fills in', async () => {
    const created = (await create('Google', 'Google', SOCIAL)).IdentityProvider!;
    assert.deepEqual(created.ProviderDetails, {
      ...SOCIAL,
      attributes_url: 'https://people.googleapis.com/v1/people/me?personFields=',
      attributes_url_add_attributes: 'true',
      authorize_url: 'https://accounts.google.com/o/oauth2/v2/auth',
      oidc_issuer: 'https://accounts.google.com',
      token_request_method: 'POST',
      token_url: 'https://www.googleapis.com/oauth2/v4/token',
    });
    assert.deepEqual(created.AttributeMapping, { username: 'sub' });
    assert.deepEqual(created.IdpIdentifiers, []);
    assert.deepEqual((await describe('Google')).ProviderDetails, created.ProviderDetails);
  });

  test('Facebook, Login with Amazon and Sign in with Apple: their derived keys and username claims', async () => {
    const fb = (await create('Facebook', 'Facebook', { ...SOCIAL, api_version: 'v18.0' })).IdentityProvider!;
    assert.equal(fb.ProviderDetails?.authorize_url, 'https://www.facebook.com/v18.0/dialog/oauth');
    assert.equal(fb.ProviderDetails?.token_request_method, 'GET');
    assert.deepEqual(fb.AttributeMapping, { username: 'id' });
    const lwa = (await create('LoginWithAmazon', 'LoginWithAmazon', SOCIAL)).IdentityProvider!;
    assert.equal(lwa.ProviderDetails?.token_url, 'https://api.amazon.com/auth/o2/token');
    assert.deepEqual(lwa.AttributeMapping, { username: 'user_id' });
    const apple = {
      client_id: 'com.example',
      team_id: 'TEAM',
      key_id: 'KEY',
      private_key: '-----BEGIN PRIVATE KEY-----x',
      authorize_scopes: 'email name',
    };
    const a = (await create('SignInWithApple', 'SignInWithApple', apple)).IdentityProvider!;
    assert.equal(a.ProviderDetails?.oidc_issuer, 'https://appleid.apple.com');
    assert.equal(a.ProviderDetails?.private_key, undefined, 'the private key is never shown');
    // An update without the key keeps it (a describe-then-update has none to send).
    const { private_key: _k, ...rest } = apple;
    await c.send(
      new UpdateIdentityProviderCommand({
        UserPoolId,
        ProviderName: 'SignInWithApple',
        ProviderDetails: { ...rest, authorize_scopes: 'email' },
      }),
    );
    assert.equal((await describe('SignInWithApple')).ProviderDetails?.authorize_scopes, 'email');
  });

  test('social IdPs are named as their type and need their keys; names and types AWS refuses', async () => {
    await rejectsWith(
      create('MyGoogle', 'Google', SOCIAL),
      'InvalidParameterException',
      'Provider MyGoogle cannot be of type Google.',
    );
    await rejectsWith(
      create('Google', 'Google', SOCIAL),
      'DuplicateProviderException',
      `Google already exists in user pool ${UserPoolId}`,
    );
    const pool2 = (await c.send(new CreateUserPoolCommand({ PoolName: 'other' }))).UserPool!.Id!;
    await rejectsWith(
      c.send(
        new CreateIdentityProviderCommand({
          UserPoolId: pool2,
          ProviderName: 'Google',
          ProviderType: 'Google',
          ProviderDetails: { client_id: 'x' },
        }),
      ),
      'InvalidParameterException',
      'client_id, client_secret and authorize_scopes are all required idp details',
    );
    await rejectsWith(
      create('Cognito', 'OIDC', {
        client_id: 'a',
        attributes_request_method: 'GET',
        oidc_issuer: idp.url,
        authorize_scopes: 'openid',
      }),
      'InvalidParameterException',
      'Provider Cognito cannot be of type OIDC.',
    );
    await rejectsWith(
      create('Unknown', 'OIDC', {}, { UserPoolId: 'us-east-1_nothere' }),
      'ResourceNotFoundException',
      'User pool us-east-1_nothere does not exist.',
    );
    await c.send(new DeleteUserPoolCommand({ UserPoolId: pool2 }));
  });

  test('OIDC: endpoints discovered from the issuer; given endpoints kept; the keys it requires', async () => {
    const oidc = (
      await create(
        'Corp',
        'OIDC',
        { client_id: 'corp', attributes_request_method: 'GET', oidc_issuer: idp.url, authorize_scopes: 'openid email' },
        { AttributeMapping: { email: 'email' }, IdpIdentifiers: ['corp.example.com', 'corp'] },
      )
    ).IdentityProvider!;
    assert.deepEqual(oidc.ProviderDetails, {
      client_id: 'corp',
      attributes_request_method: 'GET',
      oidc_issuer: idp.url,
      authorize_scopes: 'openid email',
      attributes_url_add_attributes: 'false',
      authorize_url: `${idp.url}/authorize`,
      token_url: `${idp.url}/token`,
      attributes_url: `${idp.url}/userinfo`,
      jwks_uri: `${idp.url}/jwks`,
    });
    assert.deepEqual(oidc.AttributeMapping, { email: 'email', username: 'sub' });
    // An issuer that cannot be reached: the endpoints given are what AWS takes.
    const given = {
      client_id: 'x',
      client_secret: 'y',
      attributes_request_method: 'POST',
      oidc_issuer: 'http://127.0.0.1:9/nowhere',
      authorize_scopes: 'openid',
      authorize_url: 'https://auth.example.com/authorize',
      token_url: 'https://auth.example.com/token',
      attributes_url: 'https://auth.example.com/userInfo',
      jwks_uri: 'https://auth.example.com/jwks',
    };
    const manual = (await create('Manual', 'OIDC', given)).IdentityProvider!;
    assert.deepEqual(manual.ProviderDetails, { ...given, attributes_url_add_attributes: 'false' });
    await rejectsWith(
      create('NoIssuer', 'OIDC', { client_id: 'x', attributes_request_method: 'GET', authorize_scopes: 'openid' }),
      'InvalidParameterException',
      /required idp details/,
    );
    await rejectsWith(
      create('Other', 'OIDC', { ...given, attributes_request_method: 'GET' }, { IdpIdentifiers: ['corp'] }),
      'DuplicateProviderException',
    );
    await rejectsWith(
      create('Mapped', 'OIDC', given, { AttributeMapping: { 'custom:nothere': 'x' } }),
      'InvalidParameterException',
    );
    const byId = await c.send(
      new GetIdentityProviderByIdentifierCommand({ UserPoolId, IdpIdentifier: 'corp.example.com' }),
    );
    assert.equal(byId.IdentityProvider?.ProviderName, 'Corp');
    await rejectsWith(
      c.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId, IdpIdentifier: 'nobody' })),
      'ResourceNotFoundException',
    );
  });

  test('SAML: from a metadata file or URL, the redirect endpoints read from the metadata; refusals', async () => {
    const file = (
      await create(
        'Okta',
        'SAML',
        { MetadataFile: METADATA, IDPSignout: 'true' },
        { AttributeMapping: { email: 'mail' } },
      )
    ).IdentityProvider!;
    assert.deepEqual(file.ProviderDetails, {
      MetadataFile: METADATA,
      IDPSignout: 'true',
      SSORedirectBindingURI: 'https://idp.example.com/sso/redirect',
      SLORedirectBindingURI: 'https://idp.example.com/slo',
    });
    assert.deepEqual(file.AttributeMapping, { email: 'mail' });
    const url = (await create('Azure', 'SAML', { MetadataURL: `${idp.url}/saml/metadata` })).IdentityProvider!;
    assert.equal(url.ProviderDetails?.SSORedirectBindingURI, 'https://idp.example.com/sso/redirect');
    await rejectsWith(
      create('Missing', 'SAML', {}),
      'InvalidParameterException',
      'At least one of the MetadataURL or MetadataFile should be provided.',
    );
    await rejectsWith(
      create('Gone', 'SAML', { MetadataURL: `${idp.url}/saml/gone` }),
      'InvalidParameterException',
      `Non-ok status code 404 returned from remote metadata source ${idp.url}/saml/gone`,
    );
    await rejectsWith(
      create('PostOnly', 'SAML', { MetadataFile: METADATA.replaceAll('HTTP-Redirect', 'HTTP-Artifact') }),
      'InvalidParameterException',
      'No SingleSignOn Http redirect binding location found in metadata.',
    );
  });

  test('listing pages through the IdPs by name; updates replace what is sent', async () => {
    const first = await c.send(new ListIdentityProvidersCommand({ UserPoolId, MaxResults: 3 }));
    assert.deepEqual(
      first.Providers?.map((p) => p.ProviderName),
      ['Azure', 'Corp', 'Facebook'],
    );
    assert.equal(first.Providers?.[0].ProviderType, 'SAML');
    const rest = await c.send(
      new ListIdentityProvidersCommand({ UserPoolId, MaxResults: 3, NextToken: first.NextToken }),
    );
    assert.deepEqual(
      rest.Providers?.map((p) => p.ProviderName),
      ['Google', 'LoginWithAmazon', 'Manual'],
    );
    await c.send(
      new UpdateIdentityProviderCommand({ UserPoolId, ProviderName: 'Google', AttributeMapping: { email: 'email' } }),
    );
    const google = await describe('Google');
    assert.deepEqual(google.AttributeMapping, { email: 'email', username: 'sub' });
    assert.equal(google.ProviderDetails?.client_id, 'cid', 'details not sent are kept');
    await c.send(new UpdateIdentityProviderCommand({ UserPoolId, ProviderName: 'Corp', IdpIdentifiers: ['corp2'] }));
    assert.equal(
      (await c.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId, IdpIdentifier: 'corp2' })))
        .IdentityProvider?.ProviderName,
      'Corp',
    );
    await rejectsWith(
      c.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId, IdpIdentifier: 'corp' })),
      'ResourceNotFoundException',
    );
    await rejectsWith(
      c.send(new UpdateIdentityProviderCommand({ UserPoolId, ProviderName: 'Nobody' })),
      'ResourceNotFoundException',
    );
  });

  test("clients' SupportedIdentityProviders name COGNITO or the pool's IdPs; a deleted IdP leaves its clients", async () => {
    await rejectsWith(
      c.send(
        new CreateUserPoolClientCommand({
          UserPoolId,
          ClientName: 'web',
          SupportedIdentityProviders: ['COGNITO', 'Salesforce'],
        }),
      ),
      'InvalidParameterException',
      `The provider Salesforce does not exist for User Pool ${UserPoolId}.`,
    );
    const client = (
      await c.send(
        new CreateUserPoolClientCommand({
          UserPoolId,
          ClientName: 'web',
          SupportedIdentityProviders: ['COGNITO', 'Google', 'Okta'],
        }),
      )
    ).UserPoolClient!;
    await rejectsWith(
      c.send(
        new UpdateUserPoolClientCommand({
          UserPoolId,
          ClientId: client.ClientId!,
          SupportedIdentityProviders: ['Nope'],
        }),
      ),
      'InvalidParameterException',
      `The provider Nope does not exist for User Pool ${UserPoolId}.`,
    );
    await c.send(new DeleteIdentityProviderCommand({ UserPoolId, ProviderName: 'Okta' }));
    const after = await c.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId: client.ClientId! }));
    assert.deepEqual(after.UserPoolClient?.SupportedIdentityProviders, ['COGNITO', 'Google']);
    await rejectsWith(describe('Okta'), 'ResourceNotFoundException');
    await rejectsWith(
      c.send(new DeleteIdentityProviderCommand({ UserPoolId, ProviderName: 'Okta' })),
      'ResourceNotFoundException',
    );
  });

  test('AdminLinkProviderForUser links external identities to a user, shown in identities; AdminDisableProviderForUser unlinks', async () => {
    await c.send(new AdminCreateUserCommand({ UserPoolId, Username: 'alice', MessageAction: 'SUPPRESS' }));
    const cognito = (v: string) => ({
      ProviderName: 'Cognito',
      ProviderAttributeName: 'Cognito_Subject',
      ProviderAttributeValue: v,
    });
    const linkTo = (DestinationUser: object, SourceUser: object) =>
      c.send(new AdminLinkProviderForUserCommand({ UserPoolId, DestinationUser, SourceUser }));
    const identities = async () => {
      const user = await c.send(new AdminGetUserCommand({ UserPoolId, Username: 'alice' }));
      const v = user.UserAttributes?.find((a) => a.Name === 'identities')?.Value;
      return v === undefined
        ? undefined
        : (JSON.parse(v) as { userId: string; providerName: string; providerType: string }[]);
    };

    await linkTo(cognito('alice'), {
      ProviderName: 'Google',
      ProviderAttributeName: 'Cognito_Subject',
      ProviderAttributeValue: '1234',
    });
    await linkTo(cognito('alice'), {
      ProviderName: 'Corp',
      ProviderAttributeName: 'email',
      ProviderAttributeValue: 'a@corp.example.com',
    });
    const linked = await identities();
    assert.deepEqual(
      linked?.map(({ userId, providerName, providerType }) => ({ userId, providerName, providerType })),
      [
        { userId: '1234', providerName: 'Google', providerType: 'Google' },
        { userId: 'a@corp.example.com', providerName: 'Corp', providerType: 'OIDC' },
      ],
    );

    await rejectsWith(
      linkTo(cognito('alice'), cognito('bob')),
      'InvalidParameterException',
      'Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser',
    );
    await rejectsWith(
      linkTo(cognito('nobody'), {
        ProviderName: 'Google',
        ProviderAttributeName: 'Cognito_Subject',
        ProviderAttributeValue: '99',
      }),
      'UserNotFoundException',
      'User does not exist.',
    );
    await rejectsWith(
      linkTo(cognito('alice'), { ProviderName: 'Google', ProviderAttributeName: 'email', ProviderAttributeValue: 'x' }),
      'InvalidParameterException',
    );
    await rejectsWith(
      linkTo(cognito('alice'), {
        ProviderName: 'Twitter',
        ProviderAttributeName: 'Cognito_Subject',
        ProviderAttributeValue: 'x',
      }),
      'InvalidParameterException',
      `The provider Twitter does not exist for User Pool ${UserPoolId}.`,
    );
    await rejectsWith(
      linkTo(cognito('alice'), {
        ProviderName: 'Google',
        ProviderAttributeName: 'Cognito_Subject',
        ProviderAttributeValue: '1234',
      }),
      'InvalidParameterException',
    );

    // Five at most.
    for (const v of ['a', 'b', 'c'])
      await linkTo(cognito('alice'), {
        ProviderName: 'Facebook',
        ProviderAttributeName: 'Cognito_Subject',
        ProviderAttributeValue: v,
      });
    await rejectsWith(
      linkTo(cognito('alice'), {
        ProviderName: 'Facebook',
        ProviderAttributeName: 'Cognito_Subject',
        ProviderAttributeValue: 'd',
      }),
      'LimitExceededException',
    );
    assert.equal((await identities())?.length, 5);

    await c.send(
      new AdminDisableProviderForUserCommand({
        UserPoolId,
        User: { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '1234' },
      }),
    );
    assert.deepEqual(
      (await identities())?.map((i) => i.providerName),
      ['Corp', 'Facebook', 'Facebook', 'Facebook'],
    );
    // Deleting an IdP takes its links with it.
    await c.send(new DeleteIdentityProviderCommand({ UserPoolId, ProviderName: 'Facebook' }));
    assert.deepEqual(
      (await identities())?.map((i) => i.providerName),
      ['Corp'],
    );
    await c.send(
      new AdminDisableProviderForUserCommand({
        UserPoolId,
        User: { ProviderName: 'Corp', ProviderAttributeName: 'email', ProviderAttributeValue: 'a@corp.example.com' },
      }),
    );
    assert.equal(await identities(), undefined);
    await rejectsWith(
      c.send(new AdminDisableProviderForUserCommand({ UserPoolId, User: cognito('nobody') })),
      'UserNotFoundException',
    );
  });

  test('deleting the pool deletes its IdPs', async () => {
    const pool = (await c.send(new CreateUserPoolCommand({ PoolName: 'short-lived' }))).UserPool!.Id!;
    await c.send(
      new CreateIdentityProviderCommand({
        UserPoolId: pool,
        ProviderName: 'Google',
        ProviderType: 'Google',
        ProviderDetails: SOCIAL,
        IdpIdentifiers: ['g'],
      }),
    );
    await c.send(new DeleteUserPoolCommand({ UserPoolId: pool }));
    await rejectsWith(c.send(new ListIdentityProvidersCommand({ UserPoolId: pool })), 'ResourceNotFoundException');
    const rows = await s.running.store.db
      .selectFrom('identity_providers')
      .select('name')
      .where('pool_id', '=', pool)
      .execute();
    assert.deepEqual(rows, []);
  });
});
