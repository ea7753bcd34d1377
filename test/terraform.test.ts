// Terraform against cognate, as a team would use it: the real `terraform` CLI with the hashicorp/aws
// provider from a local mirror applies test/terraform/app.tf with the README's provider block; the
// plan after apply must be empty, a change applies as one in-place update and plans empty again, and
// destroy leaves nothing behind. Skipped (never passed) where Terraform or the provider is missing.
//
// The provider comes from a filesystem mirror, never the registry: COGNATE_TEST_TF_MIRROR, else the
// first of /opt/tf-plugins and Terraform's implied mirror folders that holds registry.terraform.io/hashicorp/aws.
// SQLite only: this test is about the wire, which is the same on both stores, and each Terraform run
// costs seconds of the provider's CPU (it builds its whole schema for every command).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AdminListGroupsForUserCommand,
  ConfirmSignUpCommand,
  DescribeRiskConfigurationCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUICustomizationCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  ListIdentityProvidersCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetIdentityVerificationAttributesCommand, ListIdentitiesCommand, SESClient } from '@aws-sdk/client-ses';
import { codeIn, rejectsWith, startServer, type TestServer } from './support/server.js';
import { waitForMail } from './support/ses.js';
import { DescribeKeyCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { decodeJwt } from 'jose';
import { zipOf } from './support/lambda.js';
import { startDns } from './support/dns.js';

const README_ENDPOINT = 'http://127.0.0.1:4569';
const DOMAIN = 'example.com';

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const file = join(dir, name);
    if (dir && existsSync(file)) return file;
  }
  return undefined;
}

/** A mirror folder holding the provider for this platform, unpacked (<version>/<os>_<arch>/) or packed (.zip). */
function awsProviderMirror(): string | undefined {
  const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
  const candidates = [
    process.env.COGNATE_TEST_TF_MIRROR,
    '/opt/tf-plugins',
    join(homedir(), '.terraform.d/plugins'),
    join(homedir(), '.local/share/terraform/plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
  ];
  return candidates.find((dir) => {
    const aws = dir && join(dir, 'registry.terraform.io/hashicorp/aws');
    if (!aws || !existsSync(aws)) return false;
    return readdirSync(aws).some(
      (entry) => existsSync(join(aws, entry, platform)) || entry.endsWith(`_${platform}.zip`),
    );
  });
}

const TERRAFORM = onPath('terraform');
const MIRROR = awsProviderMirror();

/** The README's provider block, pointed at `url`. */
function readmeProvider(url: string): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const m = /<!-- terraform:[^>]*-->\s*```hcl\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('README has no terraform block');
  return m[1].replaceAll(README_ENDPOINT, url);
}

interface Run {
  code: number | null;
  output: string;
}

test('Terraform (hashicorp/aws) applies a user pool with SES, SMS, MFA, client, group and user, a Plus pool with risk configurations and two pools with every Lambda trigger (the examples); plans clean, changes it, destroys it', {
  skip: !TERRAFORM
    ? 'terraform is not on the PATH'
    : !MIRROR
      ? 'no local mirror holds registry.terraform.io/hashicorp/aws (set COGNATE_TEST_TF_MIRROR)'
      : false,
  timeout: 600_000,
}, async () => {
  const dns = await startDns({});
  const s = await startServer({ flags: { 'dns-server': dns.address } });
  const dir = mkdtempSync(join(tmpdir(), 'cognate-terraform-'));
  try {
    writeFileSync(
      join(dir, 'cli.tfrc'),
      `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(MIRROR)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`,
    );
    writeFileSync(join(dir, 'provider.tf'), readmeProvider(s.url));
    // Every configuration of test/terraform, as Terraform reads every .tf file of a folder.
    const configs = fileURLToPath(new URL('../../test/terraform/', import.meta.url));
    for (const file of readdirSync(configs).filter((f) => f.endsWith('.tf')))
      copyFileSync(join(configs, file), join(dir, file));
    // lambda.tf's function packages: the Node.js examples of examples/triggers/, one zip each (the
    // mirror has no hashicorp/archive for archive_file).
    const examples = fileURLToPath(new URL('../../examples/triggers/nodejs/', import.meta.url));
    mkdirSync(join(dir, 'triggers'));
    for (const example of readdirSync(examples))
      writeFileSync(
        join(dir, 'triggers', `${example}.zip`),
        zipOf({ 'index.mjs': readFileSync(join(examples, example, 'index.mjs'), 'utf8') }),
      );
    // Everything Terraform keeps stays in the temporary folder; no plugin cache, no checkpoint call,
    // no shared AWS configuration (HOME is the folder). GOGC=400: the provider allocates its schema
    // anew in every run, and fewer collections take about a quarter less CPU.
    const env = {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: dir,
      TF_CLI_CONFIG_FILE: join(dir, 'cli.tfrc'),
      TF_DATA_DIR: join(dir, '.terraform'),
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
      GOGC: '400',
    };
    const terraform = (...args: string[]) =>
      new Promise<Run>((resolve, reject) => {
        const child = spawn(TERRAFORM!, [...args, '-no-color'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (d: Buffer) => (output += d));
        child.stderr.on('data', (d: Buffer) => (output += d));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, output }));
      });
    const expect = (run: Run, code: number, what: string) =>
      assert.equal(run.code, code, `${what}: exit ${run.code}\n${run.output.slice(-6000)}`);

    expect(await terraform('init', '-input=false'), 0, 'terraform init');

    // While apply waits for the domain to verify, publish its token where SES looks: the TXT record
    // in the DNS server cognate asks, then have cognate look now (`cognate ses verify-domain`).
    let applied = false;
    const published = publishVerificationRecord(s, dns.zone, () => applied);
    const apply = await terraform('apply', '-auto-approve', '-input=false');
    applied = true;
    expect(apply, 0, 'terraform apply');
    assert.equal(await published, 'Success');

    const idp = s.cognito();
    const pools = (await idp.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools ?? [];
    assert.ok(pools.some((p) => p.Name === 'app-users'));
    const UserPoolId = pools.find((p) => p.Name === 'app-users')!.Id!;
    const protectedPool = pools.find((p) => p.Name === 'protected-users')!.Id!;
    const risk = await idp.send(new DescribeRiskConfigurationCommand({ UserPoolId: protectedPool }));
    assert.deepEqual(risk.RiskConfiguration?.RiskExceptionConfiguration?.BlockedIPRangeList, ['10.10.10.10/32']);
    const groups = await idp.send(new AdminListGroupsForUserCommand({ UserPoolId, Username: 'alice@example.com' }));
    assert.deepEqual(
      groups.Groups?.map((g) => g.GroupName),
      ['admins'],
    );
    const providers = await idp.send(new ListIdentityProvidersCommand({ UserPoolId }));
    assert.deepEqual(
      providers.Providers?.map((p) => `${p.ProviderName}:${p.ProviderType}`),
      ['Corp:OIDC', 'Google:Google', 'Okta:SAML', 'Partner:OIDC'],
    );
    const mfa = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId }));
    assert.equal(mfa.MfaConfiguration, 'OPTIONAL');
    // branding.tf: the pool's default look with its logo, and the web client's own CSS.
    const look = (await idp.send(new GetUICustomizationCommand({ UserPoolId }))).UICustomization!;
    assert.equal(look.ClientId, 'ALL');
    assert.equal((await fetch(look.ImageUrl!)).headers.get('content-type'), 'image/png');
    // oauth.tf: the SPA client's authorize request reaches the sign-in page of the pool's domain,
    // and the machine client gets a token of a resource server's scope.
    const clients =
      (await idp.send(new ListUserPoolClientsCommand({ UserPoolId, MaxResults: 60 }))).UserPoolClients ?? [];
    const spa = clients.find((x) => x.ClientName === 'spa')!.ClientId!;
    const domain = `${s.url}/_cognate/domains/app-users-login.auth.us-east-1`;
    const authorize = await fetch(
      `${domain}/oauth2/authorize?response_type=code&client_id=${spa}&redirect_uri=${encodeURIComponent('http://localhost:3000/callback')}`,
      { redirect: 'manual' },
    );
    assert.match(authorize.headers.get('location') ?? '', /\/login\?/);
    // federation.tf: the partner client's authorize request with identity_provider goes to the IdP.
    const partnerApp = clients.find((x) => x.ClientName === 'partner-app')!.ClientId!;
    const toIdp = await fetch(
      `${domain}/oauth2/authorize?response_type=code&client_id=${partnerApp}&identity_provider=Partner&redirect_uri=${encodeURIComponent('https://partner-app.example.com/callback')}`,
      { redirect: 'manual' },
    );
    const idpUrl = new URL(toIdp.headers.get('location') ?? 'about:blank');
    assert.equal(`${idpUrl.origin}${idpUrl.pathname}`, 'https://partner.example.com/oauth2/authorize');
    assert.equal(idpUrl.searchParams.get('client_id'), 'partner-client');
    assert.equal(idpUrl.searchParams.get('redirect_uri'), `${domain}/oauth2/idpresponse`);
    const machineId = clients.find((x) => x.ClientName === 'machine')!.ClientId!;
    const machine = (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId: machineId })))
      .UserPoolClient!;
    const cc = await fetch(`${domain}/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${machineId}:${machine.ClientSecret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials&scope=https%3A%2F%2Fapi.example.com%2Forders.read',
    });
    assert.equal(cc.status, 200);

    // lambda.tf: the examples run as the pools' triggers, each allowed by its aws_lambda_permission.
    const triggered = pools.find((p) => p.Name === 'triggered')!.Id!;
    const sendersPool = pools.find((p) => p.Name === 'triggered-senders')!.Id!;
    const webClient = async (pool: string) =>
      (await idp.send(new ListUserPoolClientsCommand({ UserPoolId: pool }))).UserPoolClients![0].ClientId!;
    const web = await webClient(triggered);
    const sendersWeb = await webClient(sendersPool);
    const signUp = (clientId: string, email: string) =>
      idp.send(
        new SignUpCommand({
          ClientId: clientId,
          Username: email.split('@')[0],
          Password: 'Passw0rd!',
          UserAttributes: [{ Name: 'email', Value: email }],
        }),
      );
    const signIn = async (clientId: string, user: string) =>
      (
        await idp.send(
          new InitiateAuthCommand({
            ClientId: clientId,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: user, PASSWORD: 'Passw0rd!' },
          }),
        )
      ).AuthenticationResult!;
    const mailTo = (to: string, subject: string) =>
      waitForMail(s, (m) => m.Destination.ToAddresses.includes(to) && m.Subject === subject, 10_000);
    // PreSignUp: the trusted domain confirmed at once, a blocked one turned away.
    assert.equal((await signUp(web, 'tina@example.com')).UserConfirmed, true);
    await rejectsWith(
      signUp(web, 'tom@spam.test'),
      'UserLambdaValidationException',
      'PreSignUp failed with error Sign-up from spam.test is not allowed.',
    );
    // CustomMessage: another domain confirms with a code, in the example's words.
    assert.equal((await signUp(web, 'uma@other.test')).UserConfirmed, false);
    assert.match(
      (await mailTo('uma@other.test', 'Confirm your Example Corp account')).Body.text_part ?? '',
      /^Welcome to Example Corp! Your confirmation code is \d{6}\.$/,
    );
    // PreTokenGeneration V2_0: the tenant and its scope in the access token.
    const access = decodeJwt((await signIn(web, 'tina')).AccessToken!);
    assert.equal(access.tenant, 'acme');
    assert.match(String(access.scope), /\bacme\/orders\.read\b/);
    // CustomEmailSender: the code, encrypted with aws_kms_key.codes, decrypted and mailed through
    // SES by the function (to an address of the verified domain: the account is in the sandbox).
    await signUp(sendersWeb, 'vera@example.com');
    const sent = await mailTo('vera@example.com', 'Confirm your account');
    assert.equal(sent.Source, 'no-reply@example.com');
    await idp.send(
      new ConfirmSignUpCommand({ ClientId: sendersWeb, Username: 'vera', ConfirmationCode: codeIn(sent) }),
    );
    // PreTokenGeneration V1_0: the tenant in the ID token, without the email address.
    const id = decodeJwt((await signIn(sendersWeb, 'vera')).IdToken!);
    assert.equal(id.tenant, 'acme');
    assert.equal(id.email, undefined);

    expect(await terraform('plan', '-detailed-exitcode', '-input=false'), 0, 'plan after apply (0: no changes)');

    // One in-place update: a longer minimum password (UpdateUserPool), MFA off (SetUserPoolMfaConfig)
    // and another value of a tag (TagResource).
    const vars = [
      '-var',
      'min_length=12',
      '-var',
      'mfa=OFF',
      '-var',
      'stage=prod',
      '-var',
      'blocked_range=10.10.10.0/24',
    ];
    const change = await terraform('apply', '-auto-approve', '-input=false', ...vars);
    expect(change, 0, 'terraform apply of the change');
    // The pool (UpdateUserPool, SetUserPoolMfaConfig, TagResource) and the risk configuration (SetRiskConfiguration).
    assert.match(change.output, /Plan: 0 to add, 2 to change, 0 to destroy\./);
    const changedRisk = await idp.send(new DescribeRiskConfigurationCommand({ UserPoolId: protectedPool }));
    assert.deepEqual(changedRisk.RiskConfiguration?.RiskExceptionConfiguration?.BlockedIPRangeList, ['10.10.10.0/24']);
    const pool = (await idp.send(new DescribeUserPoolCommand({ UserPoolId }))).UserPool!;
    assert.equal(pool.Policies?.PasswordPolicy?.MinimumLength, 12);
    assert.equal(pool.MfaConfiguration, 'OFF');
    assert.equal(pool.EmailConfiguration?.EmailSendingAccount, 'DEVELOPER');
    assert.deepEqual(pool.UserPoolTags, { app: 'demo', stage: 'prod' });
    assert.equal(pool.Domain, 'app-users-login');
    assert.equal(pool.CustomDomain, 'auth.example.com');
    expect(
      await terraform('plan', '-detailed-exitcode', '-input=false', ...vars),
      0,
      'plan after the change (0: no changes)',
    );

    expect(await terraform('destroy', '-auto-approve', '-input=false', ...vars), 0, 'terraform destroy');
    assert.deepEqual((await idp.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools, []);
    assert.deepEqual((await s.client(IAMClient).send(new ListRolesCommand({}))).Roles, []);
    assert.deepEqual((await s.client(SESClient).send(new ListIdentitiesCommand({}))).Identities, []);
    // Lambda's own log groups outlive their functions, as on AWS (Terraform never made them): one
    // for each example that ran. The KMS key waits out its deletion window.
    const logGroups =
      (await s.client(CloudWatchLogsClient).send(new DescribeLogGroupsCommand({}))).logGroups?.map(
        (g) => g.logGroupName,
      ) ?? [];
    for (const ran of ['pre-sign-up', 'custom-message', 'pre-token-generation-v2', 'custom-email-sender'])
      assert.ok(logGroups.includes(`/aws/lambda/${ran}`), `no log group of ${ran} in ${logGroups}`);
    assert.deepEqual(
      logGroups.filter((g) => !readdirSync(examples).some((e) => g === `/aws/lambda/${e}`)),
      [],
    );
    const keys = (await s.client(KMSClient).send(new ListKeysCommand({}))).Keys ?? [];
    assert.equal(keys.length, 1);
    const key = await s.client(KMSClient).send(new DescribeKeyCommand({ KeyId: keys[0].KeyId }));
    assert.equal(key.KeyMetadata?.KeyState, 'PendingDeletion');
  } finally {
    await s.stop();
    await dns.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Waits until the SES domain identity exists (Terraform creates it during apply), puts its token in
 * the DNS zone and asks cognate to look the domain up now; returns the status it found, or nothing if
 * `finished` says apply ended first.
 */
async function publishVerificationRecord(
  s: TestServer,
  zone: { txt?: Record<string, string[]> },
  finished: () => boolean,
): Promise<string | undefined> {
  const ses = s.client(SESClient);
  while (!finished()) {
    const got = await ses.send(new GetIdentityVerificationAttributesCommand({ Identities: [DOMAIN] }));
    const token = got.VerificationAttributes?.[DOMAIN]?.VerificationToken;
    if (token) {
      zone.txt = { ...zone.txt, [`_amazonses.${DOMAIN}`]: [token] };
      const res = await fetch(`${s.url}/_cognate/ses/verify-domain?domain=${DOMAIN}`, { method: 'POST' });
      return ((await res.json()) as { status?: string }).status;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}
