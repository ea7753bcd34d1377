// IAM through the real SDK and CLI on both backends: role and policy shapes as AWS answers them
// (docs/reference/aws-recorded.md §3), documents percent-encoded once on the wire, IAM's errors and
// statuses, accounts kept apart, and Cognito's SMS role check reading inline and attached policies.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  IAMClient,
  CreateRoleCommand,
  GetRoleCommand,
  DeleteRoleCommand,
  UpdateAssumeRolePolicyCommand,
  PutRolePolicyCommand,
  GetRolePolicyCommand,
  DeleteRolePolicyCommand,
  ListRolePoliciesCommand,
  CreatePolicyCommand,
  GetPolicyCommand,
  DeletePolicyCommand,
  GetPolicyVersionCommand,
  AttachRolePolicyCommand,
  DetachRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolesCommand,
  ListPoliciesCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
  TagRoleCommand,
  UntagRoleCommand,
  ListRoleTagsCommand,
  ListInstanceProfilesForRoleCommand,
} from '@aws-sdk/client-iam';
import { eachBackend, rejectsWith, startServer, type TestServer } from './support/server.js';
import { checkRoleForService } from '../src/services/iam/cognito-role.js';
import { AWS_CLI, AWS_CLI_PATH, awsCliMissing } from './support/aws-cli.js';

const ACCOUNT = '111122223333';
const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const POOL_ARN = `arn:aws:cognito-idp:us-west-2:${ACCOUNT}:userpool/us-west-2_EXAMPLE`;
/** The trust policy of Cognito's SMS guide (the mission's document, docs/reference/seeds/004), with this account. */
const seedTrust = (externalId = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE22222', sourceArn = POOL_ARN) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: '',
        Effect: 'Allow',
        Principal: { Service: 'cognito-idp.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'sts:ExternalId': externalId, 'aws:SourceAccount': ACCOUNT },
          ArnLike: { 'aws:SourceArn': sourceArn },
        },
      },
    ],
  });
const publishPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['sns:publish'], Resource: ['*'] }],
});
const sigv4 = (accessKey: string) =>
  `AWS4-HMAC-SHA256 Credential=${accessKey}/20261129/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;

eachBackend('IAM', (backend) => {
  let s: TestServer;
  let iam: IAMClient;
  before(async () => {
    s = await startServer({ backend });
    iam = s.client(IAMClient, { accessKeyId: ACCOUNT });
  });
  after(async () => {
    await s.stop();
  });

  const raw = async (form: Record<string, string>, accessKey = ACCOUNT) => {
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: sigv4(accessKey) },
      body: new URLSearchParams({ Version: '2010-05-08', ...form }).toString(),
    });
    return { status: res.status, xml: await res.text(), requestId: res.headers.get('x-amzn-requestid') };
  };

  test('CreateRole answers without MaxSessionDuration and RoleLastUsed; GetRole has both; the document comes back as submitted', async () => {
    const created = (
      await iam.send(
        new CreateRoleCommand({
          RoleName: 'CognitoSms',
          Path: '/service-role/',
          AssumeRolePolicyDocument: seedTrust(),
          Description: 'SMS for pools',
        }),
      )
    ).Role!;
    assert.match(created.RoleId!, /^AROA[A-Z2-7]{17}$/);
    assert.equal(created.Arn, `arn:aws:iam::${ACCOUNT}:role/service-role/CognitoSms`);
    assert.equal(created.Path, '/service-role/');
    assert.equal(created.Description, 'SMS for pools');
    assert.ok(created.CreateDate instanceof Date && Math.abs(created.CreateDate.getTime() - Date.now()) < 60_000);
    assert.equal(created.CreateDate.getMilliseconds(), 0, 'IAM dates have whole seconds');
    assert.equal(created.MaxSessionDuration, undefined);
    assert.equal(created.RoleLastUsed, undefined);
    assert.equal(created.Tags, undefined);
    // The JS SDK hands policy documents over still percent-encoded, as IAM sent them.
    assert.equal(decodeURIComponent(created.AssumeRolePolicyDocument!), seedTrust());

    const got = (await iam.send(new GetRoleCommand({ RoleName: 'CognitoSms' }))).Role!;
    assert.equal(got.MaxSessionDuration, 3600);
    assert.deepEqual(got.RoleLastUsed, {});
    assert.equal(got.RoleId, created.RoleId);
    assert.equal(decodeURIComponent(got.AssumeRolePolicyDocument!), seedTrust());
  });

  test('on the wire the document is percent-encoded exactly once: a %3A inside a value survives one decode', async () => {
    const doc =
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":["apigateway.amazonaws.com"]},"Action":["sts:AssumeRole"],"Condition":{"StringLike":{"aws:SourceArn":"arn%3Aaws%3Aapigateway%3A*"}}}}';
    await iam.send(new CreateRoleCommand({ RoleName: 'encoded', AssumeRolePolicyDocument: doc }));
    const { status, xml, requestId } = await raw({ Action: 'GetRole', RoleName: 'encoded' });
    assert.equal(status, 200);
    assert.ok(xml.includes(`<GetRoleResponse xmlns="${IAM_NS}"><GetRoleResult><Role>`), xml);
    assert.ok(xml.includes(`<AssumeRolePolicyDocument>${encodeURIComponent(doc)}</AssumeRolePolicyDocument>`), xml);
    assert.ok(xml.includes('arn%253Aaws%253Aapigateway'), 'the submitted %3A is itself encoded once');
    assert.ok(xml.includes('<RoleLastUsed></RoleLastUsed>'), xml);
    assert.ok(
      xml.includes(`<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetRoleResponse>`),
      xml,
    );
  });

  test('an unknown role is 404 NoSuchEntity in the ErrorResponse shape', async () => {
    await rejectsWith(
      iam.send(new GetRoleCommand({ RoleName: 'nobody' })),
      'NoSuchEntityException',
      'The role with name nobody cannot be found.',
    );
    const { status, xml, requestId } = await raw({ Action: 'GetRole', RoleName: 'nobody' });
    assert.equal(status, 404);
    assert.equal(
      xml,
      `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${IAM_NS}"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name nobody cannot be found.</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>\n`,
    );
  });

  test('role names are unique regardless of case: EntityAlreadyExists (409)', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'Twice', AssumeRolePolicyDocument: seedTrust() }));
    const e = await rejectsWith(
      iam.send(new CreateRoleCommand({ RoleName: 'twice', AssumeRolePolicyDocument: seedTrust() })),
      'EntityAlreadyExistsException',
      'Role with name twice already exists.',
    );
    assert.equal(e.$metadata?.httpStatusCode, 409);
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'TWICE' }))).Role!.RoleName, 'Twice');
  });

  test("bad trust policies get MalformedPolicyDocument with AWS's text", async () => {
    const cases: [string, string][] = [
      [
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"},]}',
        'This policy contains invalid Json',
      ],
      [
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' },
          ],
        }),
        'Has prohibited field Resource',
      ],
      [
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/ghost` }, Action: 'sts:AssumeRole' },
          ],
        }),
        `Invalid principal in policy: "AWS":"arn:aws:iam::${ACCOUNT}:role/ghost"`,
      ],
      [
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'tagging' }, Action: 'sts:AssumeRole' }],
        }),
        'Invalid principal in policy: "SERVICE":"tagging"',
      ],
      [
        JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }),
        'Missing required field Principal',
      ],
    ];
    for (const [doc, message] of cases) {
      const e = await rejectsWith(
        iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: doc })),
        'MalformedPolicyDocumentException',
        message,
      );
      assert.equal(e.$metadata?.httpStatusCode, 400);
    }
    await rejectsWith(iam.send(new GetRoleCommand({ RoleName: 'bad' })), 'NoSuchEntityException');
    const { status, xml } = await raw({
      Action: 'CreateRole',
      RoleName: 'bad',
      AssumeRolePolicyDocument: '{"Statement":',
    });
    assert.equal(status, 400);
    assert.match(xml, /<Code>MalformedPolicyDocument<\/Code><Message>This policy contains invalid Json<\/Message>/);
  });

  test('a trust policy may name a role that exists', async () => {
    const target = (await iam.send(new GetRoleCommand({ RoleName: 'CognitoSms' }))).Role!.Arn!;
    const doc = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: target }, Action: 'sts:AssumeRole' }],
    });
    await iam.send(new CreateRoleCommand({ RoleName: 'chained', AssumeRolePolicyDocument: doc }));
  });

  test('model constraints are IAM ValidationErrors', async () => {
    await rejectsWith(
      iam.send(new CreateRoleCommand({ RoleName: 'a b', AssumeRolePolicyDocument: seedTrust() })),
      'ValidationError',
      "1 validation error detected: Value 'a b' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
  });

  test("UpdateAssumeRolePolicy replaces the trust policy, checked like CreateRole's", async () => {
    const list = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com'] }, Action: ['sts:AssumeRole'] }],
    });
    await iam.send(new CreateRoleCommand({ RoleName: 'updated', AssumeRolePolicyDocument: seedTrust() }));
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'updated', PolicyDocument: list }));
    assert.equal(
      decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: 'updated' }))).Role!.AssumeRolePolicyDocument!),
      list,
    );
    await rejectsWith(
      iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'updated', PolicyDocument: '{' })),
      'MalformedPolicyDocumentException',
      'This policy contains invalid Json',
    );
    await rejectsWith(
      iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'ghost', PolicyDocument: list })),
      'NoSuchEntityException',
      'The role with name ghost cannot be found.',
    );
  });

  test('inline policies: put, get (encoded), list, replace, delete; bad documents refused', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'inline', AssumeRolePolicyDocument: seedTrust() }));
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'publish', PolicyDocument: publishPolicy }),
    );
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'another', PolicyDocument: publishPolicy }),
    );
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: 'inline', PolicyName: 'publish' }));
    assert.equal(got.RoleName, 'inline');
    assert.equal(got.PolicyName, 'publish');
    assert.equal(decodeURIComponent(got.PolicyDocument!), publishPolicy);
    assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: 'inline' }))).PolicyNames, [
      'another',
      'publish',
    ]);
    const page = await iam.send(new ListRolePoliciesCommand({ RoleName: 'inline', MaxItems: 1 }));
    assert.deepEqual(page.PolicyNames, ['another']);
    assert.equal(page.IsTruncated, true);
    assert.deepEqual(
      (await iam.send(new ListRolePoliciesCommand({ RoleName: 'inline', Marker: page.Marker }))).PolicyNames,
      ['publish'],
    );

    await rejectsWith(
      iam.send(
        new PutRolePolicyCommand({
          RoleName: 'inline',
          PolicyName: 'x',
          PolicyDocument: '{"Version":"2012-10-17","Statement":null}',
        }),
      ),
      'MalformedPolicyDocumentException',
      'Syntax errors in policy.',
    );
    await rejectsWith(
      iam.send(
        new PutRolePolicyCommand({
          RoleName: 'inline',
          PolicyName: 'x',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: { Effect: 'Allow', Action: 'sns:Publish' },
          }),
        }),
      ),
      'MalformedPolicyDocumentException',
      'Policy statement must contain resources.',
    );
    await rejectsWith(
      iam.send(
        new PutRolePolicyCommand({
          RoleName: 'inline',
          PolicyName: 'x',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: { Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: '*' },
          }),
        }),
      ),
      'MalformedPolicyDocumentException',
      'Policy document should not specify a principal.',
    );
    await rejectsWith(
      iam.send(new PutRolePolicyCommand({ RoleName: 'ghost', PolicyName: 'x', PolicyDocument: publishPolicy })),
      'NoSuchEntityException',
      'The role with name ghost cannot be found.',
    );
    await rejectsWith(
      iam.send(new GetRolePolicyCommand({ RoleName: 'inline', PolicyName: 'nope' })),
      'NoSuchEntityException',
      'The role policy with name nope cannot be found.',
    );
    await rejectsWith(
      iam.send(new ListRolePoliciesCommand({ RoleName: 'ghost' })),
      'NoSuchEntityException',
      'The role with name ghost cannot be found.',
    );

    const conflict = await rejectsWith(
      iam.send(new DeleteRoleCommand({ RoleName: 'inline' })),
      'DeleteConflictException',
      'Cannot delete entity, must delete policies first.',
    );
    assert.equal(conflict.$metadata?.httpStatusCode, 409);
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'inline', PolicyName: 'publish' }));
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'inline', PolicyName: 'another' }));
    await rejectsWith(
      iam.send(new DeleteRolePolicyCommand({ RoleName: 'inline', PolicyName: 'another' })),
      'NoSuchEntityException',
      'The role policy with name another cannot be found.',
    );
    await iam.send(new DeleteRoleCommand({ RoleName: 'inline' }));
    await rejectsWith(iam.send(new GetRoleCommand({ RoleName: 'inline' })), 'NoSuchEntityException');
  });

  test('managed policies: create, attach, list, count, refuse to delete while attached, detach, delete', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'managed', AssumeRolePolicyDocument: seedTrust() }));
    const policy = (
      await iam.send(
        new CreatePolicyCommand({
          PolicyName: 'SmsPublish',
          Path: '/cognito/',
          PolicyDocument: publishPolicy,
          Description: 'publish SMS',
        }),
      )
    ).Policy!;
    assert.match(policy.PolicyId!, /^ANPA[A-Z2-7]{17}$/);
    assert.equal(policy.Arn, `arn:aws:iam::${ACCOUNT}:policy/cognito/SmsPublish`);
    assert.equal(policy.DefaultVersionId, 'v1');
    assert.equal(policy.AttachmentCount, 0);
    assert.equal(policy.IsAttachable, true);
    await rejectsWith(
      iam.send(new CreatePolicyCommand({ PolicyName: 'smspublish', PolicyDocument: publishPolicy })),
      'EntityAlreadyExistsException',
      'A policy called smspublish already exists. Duplicate names are not allowed.',
    );
    await rejectsWith(
      iam.send(new CreatePolicyCommand({ PolicyName: 'bad', PolicyDocument: '{"Statement":[]}' })),
      'MalformedPolicyDocumentException',
      'Syntax errors in policy.',
    );

    await iam.send(new AttachRolePolicyCommand({ RoleName: 'managed', PolicyArn: policy.Arn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'managed', PolicyArn: policy.Arn })); // again: no change
    await iam.send(
      new AttachRolePolicyCommand({ RoleName: 'managed', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSNSFullAccess' }),
    );
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'managed' }));
    assert.deepEqual(attached.AttachedPolicies, [
      { PolicyName: 'SmsPublish', PolicyArn: policy.Arn },
      { PolicyName: 'AmazonSNSFullAccess', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSNSFullAccess' },
    ]);
    assert.equal(attached.IsTruncated, false);
    assert.deepEqual(
      (
        await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'managed', PathPrefix: '/cognito/' }))
      ).AttachedPolicies!.map((p) => p.PolicyName),
      ['SmsPublish'],
    );
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: policy.Arn }))).Policy!.AttachmentCount, 1);
    const version = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: policy.Arn, VersionId: 'v1' })))
      .PolicyVersion!;
    assert.equal(decodeURIComponent(version.Document!), publishPolicy);
    assert.equal(version.IsDefaultVersion, true);
    await rejectsWith(
      iam.send(new GetPolicyVersionCommand({ PolicyArn: policy.Arn, VersionId: 'v2' })),
      'NoSuchEntityException',
    );
    const aws = await iam.send(
      new GetPolicyVersionCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AmazonSNSFullAccess', VersionId: 'v1' }),
    );
    assert.deepEqual(JSON.parse(decodeURIComponent(aws.PolicyVersion!.Document!)).Statement[0].Action, ['sns:*']);
    assert.equal(
      (await iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AmazonSNSFullAccess' }))).Policy!
        .AttachmentCount,
      1,
    );

    await rejectsWith(
      iam.send(new AttachRolePolicyCommand({ RoleName: 'managed', PolicyArn: 'SmsPublishPolicyByItsName' })),
      'ValidationError',
      'Invalid ARN:  Could not be parsed!',
    );
    await rejectsWith(
      iam.send(new AttachRolePolicyCommand({ RoleName: 'managed', PolicyArn: 'SmsPublish' })),
      'ValidationError',
      /at 'policyArn' failed to satisfy constraint: Member must have length greater than or equal to 20/,
    );
    await rejectsWith(
      iam.send(new AttachRolePolicyCommand({ RoleName: 'managed', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/ghost` })),
      'NoSuchEntityException',
      `Policy arn:aws:iam::${ACCOUNT}:policy/ghost does not exist or is not attachable.`,
    );
    await rejectsWith(
      iam.send(new DeletePolicyCommand({ PolicyArn: policy.Arn })),
      'DeleteConflictException',
      'Cannot delete a policy attached to entities.',
    );
    await rejectsWith(
      iam.send(new DeleteRoleCommand({ RoleName: 'managed' })),
      'DeleteConflictException',
      'Cannot delete entity, must detach all policies first.',
    );

    await iam.send(new DetachRolePolicyCommand({ RoleName: 'managed', PolicyArn: policy.Arn }));
    await rejectsWith(
      iam.send(new DetachRolePolicyCommand({ RoleName: 'managed', PolicyArn: policy.Arn })),
      'NoSuchEntityException',
      `Policy ${policy.Arn} was not found.`,
    );
    await iam.send(
      new DetachRolePolicyCommand({ RoleName: 'managed', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSNSFullAccess' }),
    );
    await iam.send(new DeletePolicyCommand({ PolicyArn: policy.Arn }));
    await rejectsWith(
      iam.send(new DeletePolicyCommand({ PolicyArn: policy.Arn })),
      'NoSuchEntityException',
      `Policy ${policy.Arn} was not found.`,
    );
    await iam.send(new DeleteRoleCommand({ RoleName: 'managed' }));
  });

  test('size quotas, counted without white space: trust policy 2,048, managed policy 6,144, inline policies 10,240 per role', async () => {
    const trustOf = (n: number) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'ec2.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'sts:ExternalId': 'x'.repeat(n) } },
          },
        ],
      });
    const base = trustOf(0).length;
    // Exactly at the quota, padded with white space that does not count: accepted.
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'big-trust',
        AssumeRolePolicyDocument: trustOf(2048 - base).replace('{', `{${' '.repeat(500)}`),
      }),
    );
    const e = await rejectsWith(
      iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'big-trust', PolicyDocument: trustOf(2049 - base) })),
      'LimitExceededException',
      'Cannot exceed quota for ACLSizePerRole: 2048',
    );
    assert.equal(e.$metadata?.httpStatusCode, 409);
    await rejectsWith(
      iam.send(new CreateRoleCommand({ RoleName: 'bigger-trust', AssumeRolePolicyDocument: trustOf(2049 - base) })),
      'LimitExceededException',
      'Cannot exceed quota for ACLSizePerRole: 2048',
    );

    const permissionsOf = (n: number) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'sns:Publish', Resource: `arn:aws:sns:us-east-1:${ACCOUNT}:${'t'.repeat(n)}` },
        ],
      });
    const pBase = permissionsOf(0).length;
    await rejectsWith(
      iam.send(new CreatePolicyCommand({ PolicyName: 'huge', PolicyDocument: permissionsOf(6145 - pBase) })),
      'LimitExceededException',
      'Cannot exceed quota for PolicySize: 6144',
    );
    await iam.send(new CreatePolicyCommand({ PolicyName: 'just-fits', PolicyDocument: permissionsOf(6144 - pBase) }));

    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'big-trust', PolicyName: 'a', PolicyDocument: permissionsOf(6000 - pBase) }),
    );
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'big-trust', PolicyName: 'a', PolicyDocument: permissionsOf(6000 - pBase) }),
    ); // replacing does not add up
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'big-trust', PolicyName: 'b', PolicyDocument: permissionsOf(4240 - pBase) }),
    );
    await rejectsWith(
      iam.send(new PutRolePolicyCommand({ RoleName: 'BIG-TRUST', PolicyName: 'c', PolicyDocument: permissionsOf(1) })),
      'LimitExceededException',
      'Maximum policy size of 10240 bytes exceeded for role big-trust',
    );
  });

  test('concurrent writers: one of two same-named creators wins; a policy put racing DeleteRole never outlives the role', async () => {
    const results = await Promise.allSettled(
      [0, 1, 2, 3].map((i) =>
        iam.send(new CreateRoleCommand({ RoleName: i % 2 ? 'racer' : 'RACER', AssumeRolePolicyDocument: seedTrust() })),
      ),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results)
      if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'EntityAlreadyExistsException');
    await iam.send(new DeleteRoleCommand({ RoleName: 'racer' }));

    for (let i = 0; i < 10; i++) {
      await iam.send(new CreateRoleCommand({ RoleName: 'short-lived', AssumeRolePolicyDocument: seedTrust() }));
      const [put, del] = await Promise.allSettled([
        iam.send(new PutRolePolicyCommand({ RoleName: 'short-lived', PolicyName: 'p', PolicyDocument: publishPolicy })),
        iam.send(new DeleteRoleCommand({ RoleName: 'short-lived' })),
      ]);
      if (del.status === 'fulfilled') {
        // The put either came first (and the delete would have been refused) or found no role.
        assert.equal(put.status, 'rejected');
        assert.equal((put.reason as Error).name, 'NoSuchEntityException');
        await iam.send(new CreateRoleCommand({ RoleName: 'short-lived', AssumeRolePolicyDocument: seedTrust() }));
        assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: 'short-lived' }))).PolicyNames, []);
      } else {
        assert.equal((del.reason as Error).name, 'DeleteConflictException');
        assert.equal(put.status, 'fulfilled');
        await iam.send(new DeleteRolePolicyCommand({ RoleName: 'short-lived', PolicyName: 'p' }));
      }
      await iam.send(new DeleteRoleCommand({ RoleName: 'short-lived' }));
    }
  });

  test('at most 10 managed policies on a role: LimitExceeded past it, attaching one again is no change', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'crowded', AssumeRolePolicyDocument: seedTrust() }));
    const arns: string[] = [];
    for (let i = 0; i < 11; i++)
      arns.push(
        (await iam.send(new CreatePolicyCommand({ PolicyName: `crowd-${i}`, PolicyDocument: publishPolicy }))).Policy!
          .Arn!,
      );
    for (const arn of arns.slice(0, 10))
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'crowded', PolicyArn: arn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'crowded', PolicyArn: arns[0] }));
    const e = await rejectsWith(
      iam.send(new AttachRolePolicyCommand({ RoleName: 'crowded', PolicyArn: arns[10] })),
      'LimitExceededException',
      'Cannot exceed quota for PoliciesPerRole: 10',
    );
    assert.equal(e.$metadata?.httpStatusCode, 409);
    const page = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'crowded', MaxItems: 4 }));
    assert.equal(page.AttachedPolicies!.length, 4);
    assert.equal(page.IsTruncated, true);
    const rest = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'crowded', Marker: page.Marker }));
    assert.deepEqual(
      [...page.AttachedPolicies!, ...rest.AttachedPolicies!].map((p) => p.PolicyArn),
      [...arns.slice(0, 10)].sort(),
    );
  });

  test('ListRoles: every role of the account by name, MaxSessionDuration but no RoleLastUsed, paged, filtered by path', async () => {
    const all = await iam.send(new ListRolesCommand({}));
    const names = all.Roles!.map((r) => r.RoleName);
    assert.deepEqual(
      names,
      [...names].sort((a, b) => a!.toLowerCase().localeCompare(b!.toLowerCase())),
    );
    assert.ok(names.includes('CognitoSms'));
    for (const r of all.Roles!) {
      assert.equal(r.MaxSessionDuration, 3600);
      assert.equal(r.RoleLastUsed, undefined);
    }
    const first = await iam.send(new ListRolesCommand({ MaxItems: 2 }));
    assert.equal(first.Roles!.length, 2);
    assert.equal(first.IsTruncated, true);
    const rest = await iam.send(new ListRolesCommand({ Marker: first.Marker }));
    assert.deepEqual(
      [...first.Roles!, ...rest.Roles!].map((r) => r.RoleName),
      names,
    );
    assert.deepEqual(
      (await iam.send(new ListRolesCommand({ PathPrefix: '/service-role/' }))).Roles!.map((r) => r.RoleName),
      ['CognitoSms'],
    );
  });

  test('UpdateRole, UpdateRoleDescription, tags, and no instance profiles', async () => {
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'tuned',
        AssumeRolePolicyDocument: seedTrust(),
        Tags: [{ Key: 'team', Value: 'auth' }],
      }),
    );
    await iam.send(new UpdateRoleCommand({ RoleName: 'tuned', MaxSessionDuration: 7200 }));
    let role = (await iam.send(new GetRoleCommand({ RoleName: 'tuned' }))).Role!;
    assert.equal(role.MaxSessionDuration, 7200);
    assert.equal(role.Description, undefined);
    role = (await iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'tuned', Description: 'tuned role' }))).Role!;
    assert.equal(role.Description, 'tuned role');
    assert.equal(role.MaxSessionDuration, 7200);
    await rejectsWith(
      iam.send(new UpdateRoleCommand({ RoleName: 'tuned', MaxSessionDuration: 60 })),
      'ValidationError',
      "1 validation error detected: Value '60' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
    );
    await rejectsWith(
      iam.send(new UpdateRoleCommand({ RoleName: 'ghost', Description: 'x' })),
      'NoSuchEntityException',
      'The role with name ghost cannot be found.',
    );

    await iam.send(
      new TagRoleCommand({
        RoleName: 'tuned',
        Tags: [
          { Key: 'TEAM', Value: 'identity' },
          { Key: 'env', Value: 'dev' },
        ],
      }),
    );
    assert.deepEqual((await iam.send(new ListRoleTagsCommand({ RoleName: 'tuned' }))).Tags, [
      { Key: 'TEAM', Value: 'identity' },
      { Key: 'env', Value: 'dev' },
    ]);
    const first = await iam.send(new ListRoleTagsCommand({ RoleName: 'tuned', MaxItems: 1 }));
    assert.equal(first.IsTruncated, true);
    assert.deepEqual((await iam.send(new ListRoleTagsCommand({ RoleName: 'tuned', Marker: first.Marker }))).Tags, [
      { Key: 'env', Value: 'dev' },
    ]);
    await iam.send(new UntagRoleCommand({ RoleName: 'tuned', TagKeys: ['team', 'missing'] }));
    assert.deepEqual((await iam.send(new GetRoleCommand({ RoleName: 'tuned' }))).Role!.Tags, [
      { Key: 'env', Value: 'dev' },
    ]);
    await iam.send(new UntagRoleCommand({ RoleName: 'tuned', TagKeys: ['env'] }));
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'tuned' }))).Role!.Tags, undefined);
    await rejectsWith(
      iam.send(new ListRoleTagsCommand({ RoleName: 'ghost' })),
      'NoSuchEntityException',
      'The role with name ghost cannot be found.',
    );

    const profiles = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'tuned' }));
    assert.deepEqual(profiles.InstanceProfiles, []);
    assert.equal(profiles.IsTruncated, false);
    await rejectsWith(iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'ghost' })), 'NoSuchEntityException');
    await iam.send(new DeleteRoleCommand({ RoleName: 'tuned' }));
  });

  test("the policy simulator: a role's policies and custom ones, decisions, deciding statements, missing context keys", async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'simulated', AssumeRolePolicyDocument: seedTrust() }));
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'simulated', PolicyName: 'publish', PolicyDocument: publishPolicy }),
    );
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'simulated',
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonSNSReadOnlyAccess',
      }),
    );
    const out = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: `arn:aws:iam::${ACCOUNT}:role/simulated`,
        ActionNames: ['sns:Publish', 'sns:ListTopics', 'sns:DeleteTopic'],
      }),
    );
    assert.deepEqual(
      out.EvaluationResults!.map((r) => [r.EvalActionName, r.EvalResourceName, r.EvalDecision]),
      [
        ['sns:Publish', '*', 'allowed'],
        ['sns:ListTopics', '*', 'allowed'],
        ['sns:DeleteTopic', '*', 'implicitDeny'],
      ],
    );
    assert.deepEqual(out.EvaluationResults![0].MatchedStatements, [
      { SourcePolicyId: 'publish', SourcePolicyType: 'role' },
    ]);
    assert.deepEqual(out.EvaluationResults![1].MatchedStatements, [
      { SourcePolicyId: 'arn:aws:iam::aws:policy/AmazonSNSReadOnlyAccess', SourcePolicyType: 'aws-managed' },
    ]);
    assert.deepEqual(out.EvaluationResults![2].MatchedStatements, []);
    const excluded = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: `arn:aws:iam::${ACCOUNT}:role/simulated`,
        ActionNames: ['sns:Publish', 'sns:ListTopics'],
        PolicyExclusionList: [
          { InlinePolicyIdentifier: { PolicyName: 'publish', AttachmentType: 'role', AttachmentName: 'simulated' } },
        ],
      }),
    );
    assert.deepEqual(
      excluded.EvaluationResults!.map((r) => r.EvalDecision),
      ['implicitDeny', 'allowed'],
    );
    const noManaged = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: `arn:aws:iam::${ACCOUNT}:role/simulated`,
        ActionNames: ['sns:Publish', 'sns:ListTopics'],
        PolicyExclusionList: [{ PolicyType: 'aws-managed' }],
      }),
    );
    assert.deepEqual(
      noManaged.EvaluationResults!.map((r) => r.EvalDecision),
      ['allowed', 'implicitDeny'],
    );
    await rejectsWith(
      iam.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: `arn:aws:iam::${ACCOUNT}:role/ghost`,
          ActionNames: ['sns:Publish'],
        }),
      ),
      'NoSuchEntityException',
      'The role with name ghost cannot be found.',
    );

    const custom = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [
          publishPolicy,
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Deny',
                Action: 'sns:Publish',
                Resource: 'arn:aws:sns:*:*:*',
                Condition: { StringNotEquals: { 'aws:SourceAccount': ACCOUNT } },
              },
            ],
          }),
        ],
        ActionNames: ['sns:Publish'],
        ResourceArns: ['*', `arn:aws:sns:us-east-1:${ACCOUNT}:topic`],
        ContextEntries: [
          { ContextKeyName: 'aws:SourceAccount', ContextKeyValues: ['444455556666'], ContextKeyType: 'string' },
        ],
      }),
    );
    assert.deepEqual(
      custom.EvaluationResults!.map((r) => [
        r.EvalResourceName,
        r.EvalDecision,
        r.MatchedStatements!.map((m) => m.SourcePolicyId),
      ]),
      [
        ['*', 'allowed', ['PolicyInputList.1']],
        [`arn:aws:sns:us-east-1:${ACCOUNT}:topic`, 'explicitDeny', ['PolicyInputList.2']],
      ],
    );
    const missing = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: 'sns:Publish',
                Resource: '*',
                Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
              },
            ],
          }),
        ],
        ActionNames: ['sns:Publish', 'sns:Subscribe'],
      }),
    );
    assert.deepEqual(
      missing.EvaluationResults!.map((r) => [r.EvalDecision, r.MissingContextValues]),
      [
        ['implicitDeny', ['aws:RequestedRegion']],
        ['implicitDeny', []],
      ],
    );
  });

  test('ListPolicies: AWS managed and local ones by scope, only attached, by path, paged', async () => {
    const iam2 = s.client(IAMClient, { accessKeyId: '777788889999' });
    const local = (
      await iam2.send(new CreatePolicyCommand({ PolicyName: 'Mine', Path: '/team/', PolicyDocument: publishPolicy }))
    ).Policy!;
    await iam2.send(new CreatePolicyCommand({ PolicyName: 'Other', PolicyDocument: publishPolicy }));
    const names = async (input: NonNullable<ConstructorParameters<typeof ListPoliciesCommand>[0]>) =>
      (await iam2.send(new ListPoliciesCommand(input))).Policies!.map((p) => p.PolicyName);
    assert.deepEqual(await names({ Scope: 'Local' }), ['Mine', 'Other']);
    assert.deepEqual(await names({ Scope: 'AWS' }), [
      'AdministratorAccess',
      'AmazonSNSFullAccess',
      'AmazonSNSReadOnlyAccess',
    ]);
    assert.equal((await names({})).length, 5);
    assert.deepEqual(await names({ PathPrefix: '/team/' }), ['Mine']);
    assert.deepEqual(await names({ OnlyAttached: true }), []);
    await iam2.send(new CreateRoleCommand({ RoleName: 'holder', AssumeRolePolicyDocument: seedTrust() }));
    await iam2.send(new AttachRolePolicyCommand({ RoleName: 'holder', PolicyArn: local.Arn }));
    const attached = (await iam2.send(new ListPoliciesCommand({ OnlyAttached: true }))).Policies!;
    assert.deepEqual(
      attached.map((p) => [p.PolicyName, p.AttachmentCount]),
      [['Mine', 1]],
    );
    const page = await iam2.send(new ListPoliciesCommand({ MaxItems: 2 }));
    assert.equal(page.IsTruncated, true);
    const rest = await iam2.send(new ListPoliciesCommand({ Marker: page.Marker }));
    assert.equal(page.Policies!.length + rest.Policies!.length, 5);
    assert.equal(rest.IsTruncated, false);
  });

  test('ListRoles on the wire: members in <Roles>, IsTruncated, no RoleLastUsed', async () => {
    const { status, xml } = await raw({ Action: 'ListRoles', PathPrefix: '/service-role/' });
    assert.equal(status, 200);
    assert.match(
      xml,
      new RegExp(
        `<ListRolesResponse xmlns="${IAM_NS}"><ListRolesResult><Roles><member><Path>/service-role/</Path><RoleName>CognitoSms</RoleName><RoleId>AROA[A-Z2-7]{17}</RoleId><Arn>arn:aws:iam::${ACCOUNT}:role/service-role/CognitoSms</Arn><CreateDate>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.000Z</CreateDate><AssumeRolePolicyDocument>%7B`,
      ),
    );
    assert.match(
      xml,
      /<MaxSessionDuration>3600<\/MaxSessionDuration><\/member><\/Roles><IsTruncated>false<\/IsTruncated><\/ListRolesResult>/,
    );
    assert.ok(!xml.includes('RoleLastUsed'));
  });

  test('IAM is global but per account: any region sees the role, another account does not', async () => {
    assert.equal(
      (
        await s
          .client(IAMClient, { accessKeyId: ACCOUNT, region: 'eu-west-1' })
          .send(new GetRoleCommand({ RoleName: 'CognitoSms' }))
      ).Role!.RoleName,
      'CognitoSms',
    );
    const other = s.client(IAMClient, { accessKeyId: '444455556666' });
    await rejectsWith(other.send(new GetRoleCommand({ RoleName: 'CognitoSms' })), 'NoSuchEntityException');
    await other.send(new CreateRoleCommand({ RoleName: 'CognitoSms', AssumeRolePolicyDocument: seedTrust() }));
    assert.equal(
      (await other.send(new GetRoleCommand({ RoleName: 'CognitoSms' }))).Role!.Arn,
      'arn:aws:iam::444455556666:role/CognitoSms',
    );
  });

  test("Cognito's role check: the seed's trust policy with sns:Publish allowed", async () => {
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'sms-ok',
        AssumeRolePolicyDocument: seedTrust('ext-1', `arn:aws:cognito-idp:us-west-2:${ACCOUNT}:userpool/*`),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'sms-ok', PolicyName: 'publish', PolicyDocument: publishPolicy }),
    );
    const arn = `arn:aws:iam::${ACCOUNT}:role/sms-ok`;
    const base = { account: ACCOUNT, roleArn: arn, externalId: 'ext-1', sourceAccount: ACCOUNT, sourceArn: POOL_ARN };
    const ok = await checkRoleForService(s.running.store, base);
    assert.equal(ok.role, 'found');
    assert.equal(ok.trust.allowed, true);
    assert.equal(ok.permission.allowed, true);
    assert.equal(ok.permission.summary, `${arn} may perform sns:Publish: allowed by policy publish, statement 1`);
    assert.equal(ok.trust.explanation!.decidedBy!.conditions.length, 3);

    const wrongAccount = await checkRoleForService(s.running.store, {
      ...base,
      sourceAccount: '444455556666',
      sourceArn: 'arn:aws:cognito-idp:us-west-2:444455556666:userpool/us-west-2_X',
    });
    assert.equal(wrongAccount.trust.allowed, false);
    assert.deepEqual(
      wrongAccount.trust.explanation!.statements[0].conditions.filter((c) => !c.held).map((c) => c.key),
      ['aws:SourceAccount', 'aws:SourceArn'],
    );
    assert.equal(wrongAccount.permission.allowed, true, 'permissions are judged on their own');

    const noExternalId = await checkRoleForService(s.running.store, { ...base, externalId: undefined });
    assert.equal(noExternalId.trust.allowed, false);
    assert.match(noExternalId.trust.summary, /sts:ExternalId failed: the request has no sts:ExternalId/);
  });

  test("Cognito's role check: permissions from attached policies, an explicit deny, a missing role", async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'sms-attached', AssumeRolePolicyDocument: seedTrust('ext-1') }));
    const arn = `arn:aws:iam::${ACCOUNT}:role/sms-attached`;
    const base = { account: ACCOUNT, roleArn: arn, externalId: 'ext-1', sourceAccount: ACCOUNT, sourceArn: POOL_ARN };
    const none = await checkRoleForService(s.running.store, base);
    assert.equal(none.trust.allowed, true);
    assert.equal(none.permission.allowed, false);
    assert.equal(none.permission.summary, `${arn} may not perform sns:Publish: denied: there is no policy statement`);

    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'sms-attached',
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonSNSFullAccess',
      }),
    );
    assert.equal((await checkRoleForService(s.running.store, base)).permission.allowed, true);

    const deny = (
      await iam.send(
        new CreatePolicyCommand({
          PolicyName: 'NoSms',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Sid: 'NoPublish', Effect: 'Deny', Action: 'sns:Publish', Resource: '*' }],
          }),
        }),
      )
    ).Policy!;
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'sms-attached', PolicyArn: deny.Arn }));
    const denied = await checkRoleForService(s.running.store, base);
    assert.equal(denied.permission.allowed, false);
    assert.equal(denied.permission.explanation!.decision, 'ExplicitDeny');
    assert.match(
      denied.permission.summary,
      /denied explicitly by policy arn:aws:iam::111122223333:policy\/NoSms, statement 1 \(Sid "NoPublish"\)/,
    );

    const missing = await checkRoleForService(s.running.store, {
      ...base,
      roleArn: `arn:aws:iam::${ACCOUNT}:role/ghost`,
    });
    assert.equal(missing.role, 'missing');
    assert.equal(missing.trust.allowed, false);
    assert.equal(missing.reason, `there is no role arn:aws:iam::${ACCOUNT}:role/ghost`);
    const wrongPath = await checkRoleForService(s.running.store, {
      ...base,
      roleArn: `arn:aws:iam::${ACCOUNT}:role/other/sms-attached`,
    });
    assert.equal(wrongPath.role, 'missing');
    const notArn = await checkRoleForService(s.running.store, { ...base, roleArn: 'sms-attached' });
    assert.equal(notArn.reason, 'sms-attached is not an IAM role ARN');
  });
});

test('the AWS CLI creates a role from an inline trust policy and reads it back decoded', {
  skip: awsCliMissing,
}, async () => {
  const s = await startServer();
  try {
    const env = {
      PATH: AWS_CLI_PATH,
      HOME: process.env.HOME ?? '/tmp',
      AWS_ACCESS_KEY_ID: ACCOUNT,
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_PAGER: '',
    };
    const aws = (...args: string[]) =>
      promisify(execFile)(AWS_CLI, ['--endpoint-url', s.url, 'iam', ...args], { env, timeout: 60_000 });
    const created = JSON.parse(
      (await aws('create-role', '--role-name', 'CognitoSms', '--assume-role-policy-document', seedTrust())).stdout,
    );
    assert.equal(created.Role.Arn, `arn:aws:iam::${ACCOUNT}:role/CognitoSms`);
    // botocore decodes IAM's percent-encoded documents into JSON: the CLI shows the policy itself.
    assert.deepEqual(created.Role.AssumeRolePolicyDocument, JSON.parse(seedTrust()));
    await aws(
      'put-role-policy',
      '--role-name',
      'CognitoSms',
      '--policy-name',
      'publish',
      '--policy-document',
      publishPolicy,
    );
    const arn = (
      await aws('get-role', '--role-name', 'CognitoSms', '--query', 'Role.Arn', '--output', 'text')
    ).stdout.trim();
    assert.equal(arn, `arn:aws:iam::${ACCOUNT}:role/CognitoSms`);
    const failure = await aws(
      'create-role',
      '--role-name',
      'bad',
      '--assume-role-policy-document',
      '{"Version":"2012-10-17","Statement":[],}',
    ).then(
      () => null,
      (e: { stderr: string }) => e.stderr,
    );
    assert.match(
      failure ?? '',
      /An error occurred \(MalformedPolicyDocument\) when calling the CreateRole operation: This policy contains invalid Json/,
    );
  } finally {
    await s.stop();
  }
});
