// The look and terms of a pool's sign-in pages through the AWS SDK: hosted UI (classic)
// customizations (SetUICustomization, GetUICustomization, the logo served at its ImageUrl),
// managed login branding styles and terms documents, with their refusals, and what deleting a
// client or a pool takes with it.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateManagedLoginBrandingCommand,
  CreateTermsCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteManagedLoginBrandingCommand,
  DeleteTermsCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
  DescribeManagedLoginBrandingByClientCommand,
  DescribeManagedLoginBrandingCommand,
  DescribeTermsCommand,
  GetUICustomizationCommand,
  ListTermsCommand,
  SetUICustomizationCommand,
  UpdateManagedLoginBrandingCommand,
  UpdateTermsCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, rejectsWith, type TestServer } from './support/server.js';
import { pageLook } from '../src/services/cognito-idp/branding/look.js';

// A 1×1 PNG and the start of a GIF.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// Every class of the developer guide's list, as the console's CSS template writes them.
const TEMPLATE_CSS = [
  'background-customizable',
  'banner-customizable',
  'errorMessage-customizable',
  'idpButton-customizable',
  'idpButton-customizable:hover',
  'idpDescription-customizable',
  'inputField-customizable',
  'inputField-customizable:focus',
  'label-customizable',
  'legalText-customizable',
  'logo-customizable',
  'passwordCheck-valid-customizable',
  'passwordCheck-notValid-customizable',
  'redirect-customizable',
  'socialButton-customizable',
  'submitButton-customizable',
  'submitButton-customizable:hover',
  'textDescription-customizable',
]
  .map((c) => `.${c} {\n\tcolor: #333;\n}\n`)
  .join('');

eachBackend('sign-in page look and terms', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let poolId: string;
  let clientId: string;
  let otherClientId: string;

  /** A pool with a prefix domain, which the sign-in page look needs. */
  const poolWithDomain = async (PoolName: string) => {
    const id = (await c.send(new CreateUserPoolCommand({ PoolName }))).UserPool!.Id!;
    await c.send(
      new CreateUserPoolDomainCommand({ UserPoolId: id, Domain: `${PoolName}-${id.split('_')[1].toLowerCase()}` }),
    );
    return id;
  };

  before(async () => {
    s = await startServer({ backend });
    c = s.cognito();
    poolId = await poolWithDomain('branded');
    const client = (name: string) => c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: name }));
    clientId = (await client('web')).UserPoolClient!.ClientId!;
    otherClientId = (await client('mobile')).UserPoolClient!.ClientId!;
  });
  after(() => s.stop());

  test('SetUICustomization needs a domain of the pool, as on AWS', async () => {
    const bare = (await c.send(new CreateUserPoolCommand({ PoolName: 'no-domain' }))).UserPool!.Id!;
    await rejectsWith(
      c.send(new SetUICustomizationCommand({ UserPoolId: bare, CSS: '.label-customizable {}' })),
      'InvalidParameterException',
      'There has to be an existing domain associated with this user pool',
    );
  });

  test('SetUICustomization for ALL and for one client; GetUICustomization falls back to ALL; the logo is served', async () => {
    const all = (
      await c.send(
        new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: 'ALL', CSS: TEMPLATE_CSS, ImageFile: PNG }),
      )
    ).UICustomization!;
    assert.equal(all.UserPoolId, poolId);
    assert.equal(all.ClientId, 'ALL');
    assert.equal(all.CSS, TEMPLATE_CSS);
    assert.match(all.CSSVersion!, /^\d{14}$/);
    assert.ok(all.CreationDate instanceof Date && all.LastModifiedDate instanceof Date);
    assert.match(all.ImageUrl!, new RegExp(`/${poolId}/ALL/${all.CSSVersion}/assets/images/image\\.jpg$`));
    const logo = await fetch(all.ImageUrl!);
    assert.equal(logo.status, 200);
    assert.equal(logo.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await logo.arrayBuffer()), PNG);

    // A client without its own customization shows the pool's; so does a request naming no client.
    const inherited = (await c.send(new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId })))
      .UICustomization!;
    assert.equal(inherited.ClientId, 'ALL');
    assert.equal(inherited.CSS, TEMPLATE_CSS);
    assert.equal(
      (await c.send(new GetUICustomizationCommand({ UserPoolId: poolId }))).UICustomization!.ClientId,
      'ALL',
    );

    const css = '.label-customizable {font-weight: 400;}';
    const own = (await c.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId, CSS: css })))
      .UICustomization!;
    assert.equal(own.ClientId, clientId);
    assert.equal(own.ImageUrl, undefined);
    const got = (await c.send(new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId })))
      .UICustomization!;
    assert.equal(got.ClientId, clientId);
    assert.equal(got.CSS, css);
    assert.equal(
      (await c.send(new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: otherClientId }))).UICustomization!
        .ClientId,
      'ALL',
    );

    // CSS and logo are set together: CSS alone drops the logo, and the old logo's URL is gone.
    const cssOnly = (await c.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: 'ALL', CSS: css })))
      .UICustomization!;
    assert.equal(cssOnly.ImageUrl, undefined);
    assert.equal(cssOnly.CreationDate!.getTime(), all.CreationDate!.getTime());
    assert.equal((await fetch(all.ImageUrl!)).status, 404);

    // Neither CSS nor logo removes a customization (Terraform's delete): the client falls back to
    // ALL, and with ALL removed too the answer is an empty UICustomization.
    await c.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.equal(
      (await c.send(new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId }))).UICustomization!
        .ClientId,
      'ALL',
    );
    await c.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: 'ALL' }));
    assert.deepEqual(
      (await c.send(new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId }))).UICustomization,
      {},
    );
  });

  test('SetUICustomization refuses CSS outside the customizable classes, forbidden statements, and logos AWS does not take', async () => {
    const set = (input: { CSS?: string; ImageFile?: Uint8Array; ClientId?: string; UserPoolId?: string }) =>
      c.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: 'ALL', ...input }));
    for (const CSS of [
      'body { color: red; }',
      '.banner-customizable img { width: 10px; }',
      '.label-customizable, .panel-body { color: red; }',
      '.label-customizable { color: red; ',
    ]) {
      await rejectsWith(set({ CSS }), 'InvalidParameterException');
    }
    await rejectsWith(
      set({ CSS: '@media (max-width: 10px) { .label-customizable { color: red; } }' }),
      'InvalidParameterException',
      'CSS must not contain @import, @supports, @page or @media statements.',
    );
    await rejectsWith(
      set({ CSS: '.label-customizable { background: url(javascript:alert(1)); }' }),
      'InvalidParameterException',
      'CSS must not contain JavaScript.',
    );
    await rejectsWith(
      set({ ImageFile: GIF }),
      'InvalidParameterException',
      'The logo image must be a PNG or JPEG file.',
    );
    const big = Buffer.concat([PNG, Buffer.alloc(100 * 1024)]);
    await rejectsWith(
      set({ ImageFile: big }),
      'InvalidParameterException',
      'The logo image must not be larger than 100 KB.',
    );
    // A JPEG and comments are fine.
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
    await set({ CSS: '/* brand */ .logo-customizable { max-width: 60%; }', ImageFile: jpeg });
    const logo = await fetch(
      (await c.send(new GetUICustomizationCommand({ UserPoolId: poolId }))).UICustomization!.ImageUrl!,
    );
    assert.equal(logo.headers.get('content-type'), 'image/jpeg');

    await rejectsWith(
      set({ ClientId: 'nosuchclient123' }),
      'ResourceNotFoundException',
      'User pool client nosuchclient123 does not exist.',
    );
    await rejectsWith(
      set({ UserPoolId: 'us-east-1_nosuchpool' }),
      'ResourceNotFoundException',
      'User pool us-east-1_nosuchpool does not exist.',
    );
    await set({});
  });

  test('managed login branding: one style per client, Cognito defaults or settings and assets, merged updates', async () => {
    const created = (
      await c.send(
        new CreateManagedLoginBrandingCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          UseCognitoProvidedValues: true,
        }),
      )
    ).ManagedLoginBranding!;
    assert.match(created.ManagedLoginBrandingId!, UUID4);
    assert.equal(created.UserPoolId, poolId);
    assert.equal(created.UseCognitoProvidedValues, true);
    assert.equal(created.Settings, undefined);
    assert.deepEqual(created.Assets, []);
    const id = created.ManagedLoginBrandingId!;

    await rejectsWith(
      c.send(
        new CreateManagedLoginBrandingCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          UseCognitoProvidedValues: true,
        }),
      ),
      'ManagedLoginBrandingExistsException',
    );
    await rejectsWith(
      c.send(
        new CreateManagedLoginBrandingCommand({
          UserPoolId: poolId,
          ClientId: otherClientId,
          UseCognitoProvidedValues: true,
          Settings: { categories: {} },
        }),
      ),
      'InvalidParameterException',
      'When UseCognitoProvidedValues is true, the request must not include Settings or Assets.',
    );

    // The merged view of a default style: the settings as a document (docs/branding.md).
    const merged = (
      await c.send(
        new DescribeManagedLoginBrandingCommand({
          UserPoolId: poolId,
          ManagedLoginBrandingId: id,
          ReturnMergedResources: true,
        }),
      )
    ).ManagedLoginBranding!;
    assert.deepEqual(merged.Settings, {});

    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>');
    const styled = (
      await c.send(
        new CreateManagedLoginBrandingCommand({
          UserPoolId: poolId,
          ClientId: otherClientId,
          Settings: { categories: { global: { colorSchemeMode: 'LIGHT', pageFooter: { enabled: false } } } },
          Assets: [{ Category: 'PAGE_FOOTER_BACKGROUND', ColorMode: 'DARK', Extension: 'SVG', Bytes: svg }],
        }),
      )
    ).ManagedLoginBranding!;
    assert.equal(styled.UseCognitoProvidedValues, false);
    const styledId = styled.ManagedLoginBrandingId!;
    const byClient = (
      await c.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: otherClientId }))
    ).ManagedLoginBranding!;
    assert.equal(byClient.ManagedLoginBrandingId, styledId);
    assert.deepEqual(byClient.Settings, {
      categories: { global: { colorSchemeMode: 'LIGHT', pageFooter: { enabled: false } } },
    });
    assert.equal(byClient.Assets!.length, 1);
    assert.deepEqual(Buffer.from(byClient.Assets![0].Bytes!), svg);

    // Settings not sent stay; an asset replaces the one of its category and color mode.
    const updated = (
      await c.send(
        new UpdateManagedLoginBrandingCommand({
          UserPoolId: poolId,
          ManagedLoginBrandingId: styledId,
          Settings: { categories: { global: { colorSchemeMode: 'DARK' } } },
          Assets: [
            { Category: 'PAGE_FOOTER_BACKGROUND', ColorMode: 'DARK', Extension: 'PNG', Bytes: PNG },
            { Category: 'FAVICON_ICO', ColorMode: 'LIGHT', Extension: 'ICO', ResourceId: 'favicon' },
          ],
        }),
      )
    ).ManagedLoginBranding!;
    assert.deepEqual(updated.Settings, {
      categories: { global: { colorSchemeMode: 'DARK', pageFooter: { enabled: false } } },
    });
    assert.deepEqual(
      updated.Assets!.map((a) => [a.Category, a.ColorMode, a.Extension]),
      [
        ['PAGE_FOOTER_BACKGROUND', 'DARK', 'PNG'],
        ['FAVICON_ICO', 'LIGHT', 'ICO'],
      ],
    );
    assert.ok(updated.LastModifiedDate!.getTime() >= updated.CreationDate!.getTime());

    await rejectsWith(
      c.send(
        new UpdateManagedLoginBrandingCommand({
          UserPoolId: poolId,
          ManagedLoginBrandingId: styledId,
          Assets: [
            { Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: PNG },
            { Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'SVG', Bytes: svg },
          ],
        }),
      ),
      'InvalidParameterException',
    );
    await rejectsWith(
      c.send(new UpdateManagedLoginBrandingCommand({ UserPoolId: poolId })),
      'InvalidParameterException',
      "1 validation error detected: Value null at 'managedLoginBrandingId' failed to satisfy constraint: Member must not be null",
    );

    // Back to Cognito's defaults: nothing customized remains.
    const reset = (
      await c.send(
        new UpdateManagedLoginBrandingCommand({
          UserPoolId: poolId,
          ManagedLoginBrandingId: styledId,
          UseCognitoProvidedValues: true,
        }),
      )
    ).ManagedLoginBranding!;
    assert.equal(reset.UseCognitoProvidedValues, true);
    assert.equal(reset.Settings, undefined);
    assert.deepEqual(reset.Assets, []);

    await c.send(new DeleteManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: styledId }));
    await rejectsWith(
      c.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: styledId })),
      'ResourceNotFoundException',
    );
    await rejectsWith(
      c.send(new DeleteManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: styledId })),
      'ResourceNotFoundException',
    );
    await rejectsWith(
      c.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: otherClientId })),
      'ResourceNotFoundException',
    );
    await rejectsWith(
      c.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: 'nosuchclient123' })),
      'ResourceNotFoundException',
      'User pool client nosuchclient123 does not exist.',
    );
    await rejectsWith(
      c.send(
        new DescribeManagedLoginBrandingCommand({
          UserPoolId: poolId,
          ManagedLoginBrandingId: 'not-a-uuid',
        }),
      ),
      'InvalidParameterException',
      /managedLoginBrandingId' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
  });

  test('terms documents: one of each kind per client, links by language, paged list', async () => {
    const create = (TermsName: string, Links: Record<string, string>, ClientId = clientId) =>
      c.send(
        new CreateTermsCommand({
          UserPoolId: poolId,
          ClientId,
          TermsName,
          TermsSource: 'LINK',
          Enforcement: 'NONE',
          Links,
        }),
      );
    const tou = (await create('terms-of-use', { 'cognito:default': 'https://example.com/terms' })).Terms!;
    assert.match(tou.TermsId!, UUID4);
    assert.equal(tou.ClientId, clientId);
    assert.deepEqual(tou.Links, { 'cognito:default': 'https://example.com/terms' });
    const pp = (await create('privacy-policy', { 'cognito:default': 'https://example.com/privacy' })).Terms!;
    await rejectsWith(create('terms-of-use', { 'cognito:default': 'https://example.com/t2' }), 'TermsExistsException');
    // The same name on another client is another document.
    const otherTou = (await create('terms-of-use', { 'cognito:english': 'https://example.com/en' }, otherClientId))
      .Terms!;

    await rejectsWith(
      create('cookie-policy', { 'cognito:default': 'https://example.com/c' }),
      'InvalidParameterException',
      /termsName' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
    await rejectsWith(
      create('terms-of-use', { 'cognito:klingon': 'https://example.com/k' }, otherClientId),
      'InvalidParameterException',
      /links\.cognito:klingon\.key' failed to satisfy constraint/,
    );
    await rejectsWith(
      create('terms-of-use', { 'cognito:default': 'https://example.com' }, 'nosuchclient123'),
      'ResourceNotFoundException',
      'User pool client nosuchclient123 does not exist.',
    );

    const updated = (
      await c.send(
        new UpdateTermsCommand({
          UserPoolId: poolId,
          TermsId: tou.TermsId,
          Links: { 'cognito:default': 'https://example.com/terms', 'cognito:spanish': 'https://example.com/es' },
        }),
      )
    ).Terms!;
    assert.equal(updated.TermsName, 'terms-of-use');
    assert.equal(Object.keys(updated.Links!).length, 2);
    await rejectsWith(
      c.send(new UpdateTermsCommand({ UserPoolId: poolId, TermsId: pp.TermsId, TermsName: 'terms-of-use' })),
      'TermsExistsException',
    );
    const described = (await c.send(new DescribeTermsCommand({ UserPoolId: poolId, TermsId: tou.TermsId }))).Terms!;
    assert.deepEqual(described.Links, updated.Links);

    const ids: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await c.send(new ListTermsCommand({ UserPoolId: poolId, MaxResults: 2, NextToken }));
      assert.ok((page.Terms ?? []).length <= 2);
      for (const t of page.Terms ?? []) {
        assert.ok(t.TermsName && t.Enforcement === 'NONE' && t.CreationDate instanceof Date);
        ids.push(t.TermsId!);
      }
      NextToken = page.NextToken;
    } while (NextToken);
    assert.deepEqual(ids.sort(), [tou.TermsId, pp.TermsId, otherTou.TermsId].sort());
    await rejectsWith(
      c.send(new ListTermsCommand({ UserPoolId: poolId, NextToken: 'bm9wZQ==' })),
      'InvalidParameterException',
    );

    await c.send(new DeleteTermsCommand({ UserPoolId: poolId, TermsId: pp.TermsId }));
    await rejectsWith(
      c.send(new DescribeTermsCommand({ UserPoolId: poolId, TermsId: pp.TermsId })),
      'ResourceNotFoundException',
    );
    await rejectsWith(
      c.send(new DeleteTermsCommand({ UserPoolId: poolId, TermsId: pp.TermsId })),
      'ResourceNotFoundException',
    );
  });

  test('what the sign-in pages read: the classic look with fallback to ALL, the style, and the terms in the page language', async () => {
    const pool = await poolWithDomain('pages');
    const client = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: pool, ClientName: 'app' })))
      .UserPoolClient!.ClientId!;
    const look = (language?: string) => pageLook(s.running.store.db, s.url, pool, client, language);
    assert.deepEqual(await look(), {});

    const css = '.logo-customizable { max-width: 60%; }';
    await c.send(new SetUICustomizationCommand({ UserPoolId: pool, ClientId: 'ALL', CSS: css, ImageFile: PNG }));
    await c.send(
      new CreateManagedLoginBrandingCommand({ UserPoolId: pool, ClientId: client, Settings: { categories: {} } }),
    );
    const terms = (TermsName: string, Links: Record<string, string>) =>
      c.send(
        new CreateTermsCommand({
          UserPoolId: pool,
          ClientId: client,
          TermsName,
          TermsSource: 'LINK',
          Enforcement: 'NONE',
          Links,
        }),
      );
    await terms('terms-of-use', {
      'cognito:default': 'https://example.com/t',
      'cognito:spanish': 'https://example.com/es/t',
    });
    // One document alone is not shown: managed login shows both or none.
    assert.equal((await look()).terms, undefined);
    await terms('privacy-policy', { 'cognito:default': 'https://example.com/p' });

    const shown = await look('cognito:spanish');
    const logoUrl = (await c.send(new GetUICustomizationCommand({ UserPoolId: pool }))).UICustomization!.ImageUrl;
    assert.deepEqual(shown.classic, { css, logoUrl });
    assert.deepEqual(shown.managed, { useCognitoDefaults: false, settings: { categories: {} }, assets: [] });
    assert.deepEqual(shown.terms, { termsOfUse: 'https://example.com/es/t', privacyPolicy: 'https://example.com/p' });
    assert.equal((await look()).terms?.termsOfUse, 'https://example.com/t');
    await c.send(new DeleteUserPoolCommand({ UserPoolId: pool }));
  });

  test('deleting a client takes its look and terms; deleting the pool takes everything', async () => {
    const pool = await poolWithDomain('short-lived');
    const client = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: pool, ClientName: 'app' })))
      .UserPoolClient!.ClientId!;
    await c.send(new SetUICustomizationCommand({ UserPoolId: pool, ClientId: client, CSS: '.label-customizable {}' }));
    await c.send(new SetUICustomizationCommand({ UserPoolId: pool, ClientId: 'ALL', ImageFile: PNG }));
    await c.send(
      new CreateManagedLoginBrandingCommand({ UserPoolId: pool, ClientId: client, UseCognitoProvidedValues: true }),
    );
    await c.send(
      new CreateTermsCommand({
        UserPoolId: pool,
        ClientId: client,
        TermsName: 'privacy-policy',
        TermsSource: 'LINK',
        Enforcement: 'NONE',
        Links: { 'cognito:default': 'https://example.com/p' },
      }),
    );
    const logoUrl = (await c.send(new GetUICustomizationCommand({ UserPoolId: pool }))).UICustomization!.ImageUrl!;

    await c.send(new DeleteUserPoolClientCommand({ UserPoolId: pool, ClientId: client }));
    assert.deepEqual((await c.send(new ListTermsCommand({ UserPoolId: pool }))).Terms, []);
    const db = s.running.store.db;
    const left = async (table: 'ui_customizations' | 'managed_login_brandings' | 'terms') =>
      (await db.selectFrom(table).select('pool_id').where('pool_id', '=', pool).execute()).length;
    assert.deepEqual(
      [await left('ui_customizations'), await left('managed_login_brandings'), await left('terms')],
      [1, 0, 0],
    );

    await c.send(new DeleteUserPoolCommand({ UserPoolId: pool }));
    assert.equal(await left('ui_customizations'), 0);
    assert.equal((await fetch(logoUrl)).status, 404);
  });
});
