// The policy evaluator on its own: IAM's MalformedPolicyDocument texts for bad documents, and
// evaluation tables (effects, principals, actions, resources, every condition operator Cognito's
// role needs, multi-valued forms, case rules) with the explanation each decision carries.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy, PolicyError, type PolicyKind } from '../src/policy/document.js';
import { evaluate, type AccessRequest } from '../src/policy/evaluate.js';
import { arnMatch, globMatch } from '../src/policy/wildcard.js';

const doc = (statements: object | object[], version: string | null = '2012-10-17') =>
  JSON.stringify({ ...(version !== null ? { Version: version } : {}), Statement: statements });
const allow = { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' };
const trustStatement = {
  Effect: 'Allow',
  Principal: { Service: 'cognito-idp.amazonaws.com' },
  Action: 'sts:AssumeRole',
};

describe('policy documents IAM refuses, with its MalformedPolicyDocument text', () => {
  const cases: [string, PolicyKind, string, string][] = [
    // Recorded from AWS (docs/reference/aws-recorded.md §3.3)
    [
      'trailing comma in a trust policy',
      'trust',
      '{"Version":"2012-10-17","Statement":[],}',
      'This policy contains invalid Json',
    ],
    ['Resource in a trust policy', 'trust', doc({ ...trustStatement, Resource: '*' }), 'Has prohibited field Resource'],
    ['Statement null', 'identity', '{"Version":"2012-10-17","Statement":null}', 'Syntax errors in policy.'],
    ['document null', 'identity', 'null', 'Syntax errors in policy.'],
    [
      'identity statement without Resource',
      'identity',
      doc({ Effect: 'Allow', Action: 's3:ListBucket' }),
      'Policy statement must contain resources.',
    ],
    [
      'unknown service principal',
      'trust',
      doc({ ...trustStatement, Principal: { Service: 'tagging.amazonaws' } }),
      'Invalid principal in policy: "SERVICE":"tagging.amazonaws"',
    ],
    [
      'bare amazonaws.com service principal',
      'trust',
      doc({ ...trustStatement, Principal: { Service: 'amazonaws.com' } }),
      'Invalid principal in policy: "SERVICE":"amazonaws.com"',
    ],
    [
      'malformed AWS principal',
      'trust',
      doc({ ...trustStatement, Principal: { AWS: 'someone' } }),
      'Invalid principal in policy: "AWS":"someone"',
    ],
    [
      'Principal in an identity policy',
      'identity',
      doc({ ...allow, Principal: '*' }),
      'Policy document should not specify a principal.',
    ],
    // The rest as moto's validator tests pin them
    ['not JSON (identity)', 'identity', 'This is not a json document', 'Syntax errors in policy.'],
    ['no Version', 'identity', doc(allow, null), 'Policy document must be version 2012-10-17 or greater.'],
    [
      'Version 2008-10-17 in an identity policy',
      'identity',
      doc(allow, '2008-10-17'),
      'Policy document must be version 2012-10-17 or greater.',
    ],
    ['unknown Version', 'identity', doc(allow, '2013-10-17'), 'Syntax errors in policy.'],
    ['no Statement', 'identity', '{"Version":"2012-10-17"}', 'Syntax errors in policy.'],
    ['empty Statement list', 'identity', doc([]), 'Syntax errors in policy.'],
    ['a statement that is a string', 'identity', doc(['afd']), 'Syntax errors in policy.'],
    [
      'unknown top-level field',
      'identity',
      JSON.stringify({ Version: '2012-10-17', Statement: allow, Extra: 'v' }),
      'Syntax errors in policy.',
    ],
    ['unknown statement field', 'identity', doc({ ...allow, Extra: 'v' }), 'Syntax errors in policy.'],
    [
      'Id that is a list',
      'identity',
      JSON.stringify({ Version: '2012-10-17', Id: ['x'], Statement: allow }),
      'Syntax errors in policy.',
    ],
    ['Effect invalid', 'identity', doc({ ...allow, Effect: 'invalid' }), 'Syntax errors in policy.'],
    ['Effect in the wrong case', 'identity', doc({ ...allow, Effect: 'denY' }), 'The policy failed legacy parsing'],
    ['no Effect', 'identity', doc({ Action: 's3:ListBucket', Resource: '*' }), 'Syntax errors in policy.'],
    [
      'action without vendor',
      'identity',
      doc({ ...allow, Action: 'invalid' }),
      'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
    ],
    [
      'empty NotAction',
      'identity',
      doc({ Effect: 'Allow', NotAction: '', Resource: '*' }),
      'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
    ],
    ['vendor with a space', 'identity', doc({ ...allow, Action: 'a a:ListBucket' }), 'Vendor a a is not valid'],
    [
      'two colons in an action',
      'identity',
      doc({ ...allow, Action: 's3:List:Bucket' }),
      'Actions/Condition can contain only one colon.',
    ],
    ['no actions', 'identity', doc({ Effect: 'Allow', Resource: '*' }), 'Policy statement must contain actions.'],
    ['empty action list', 'identity', doc({ ...allow, Action: [] }), 'Policy statement must contain actions.'],
    ['empty resource list', 'identity', doc({ ...allow, Resource: [] }), 'Policy statement must contain resources.'],
    ['Action and NotAction', 'identity', doc({ ...allow, NotAction: 's3:x' }), 'Syntax errors in policy.'],
    ['Resource and NotResource', 'identity', doc({ ...allow, NotResource: '*' }), 'Syntax errors in policy.'],
    [
      'resource not an ARN',
      'identity',
      doc({ ...allow, Resource: 'invalid resource' }),
      'Resource invalid resource must be in ARN format or "*".',
    ],
    ['empty resource', 'identity', doc({ ...allow, Resource: '' }), 'Resource  must be in ARN format or "*".'],
    [
      'unknown partition',
      'identity',
      doc({ ...allow, Resource: 'a:bsdfdsafsad' }),
      'Partition "bsdfdsafsad" is not valid for resource "arn:bsdfdsafsad:*:*:*:*".',
    ],
    ['resource object', 'identity', doc({ ...allow, Resource: { a: 'arn:aws:s3:::b' } }), 'Syntax errors in policy.'],
    ['nested action list', 'identity', doc({ ...allow, Action: [[]] }), 'Syntax errors in policy.'],
    ['Condition that is a list', 'identity', doc({ ...allow, Condition: [] }), 'Syntax errors in policy.'],
    [
      'unknown condition operator',
      'identity',
      doc({ ...allow, Condition: { x: { a: '1' } } }),
      'Syntax errors in policy.',
    ],
    [
      'condition block not an object',
      'identity',
      doc({ ...allow, Condition: { StringEquals: 'b' } }),
      'Syntax errors in policy.',
    ],
    [
      'condition value an object',
      'identity',
      doc({ ...allow, Condition: { StringEquals: { a: {} } } }),
      'Syntax errors in policy.',
    ],
    [
      'double colon after the set operator',
      'identity',
      doc({ ...allow, Condition: { 'ForAnyValue::StringEqualsIfExists': { a: 'x' } } }),
      'Syntax errors in policy.',
    ],
    [
      'an Object.prototype name as operator',
      'identity',
      doc({ ...allow, Condition: { constructor: { a: 'x' } } }),
      'Syntax errors in policy.',
    ],
    [
      'toStringIfExists as operator',
      'identity',
      doc({ ...allow, Condition: { toStringIfExists: { a: 'x' } } }),
      'Syntax errors in policy.',
    ],
    [
      '__proto__ as principal type',
      'trust',
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"__proto__":"x"},"Action":"sts:AssumeRole"}}',
      'Syntax errors in policy.',
    ],
    [
      'Null with IfExists',
      'identity',
      doc({ ...allow, Condition: { NullIfExists: { a: 'true' } } }),
      'Syntax errors in policy.',
    ],
    [
      'duplicate Sid',
      'identity',
      doc([
        { Sid: 'a', ...allow },
        { Sid: 'a', ...allow },
      ]),
      'Statement IDs (SID) in a single policy must be unique.',
    ],
    [
      'trust policy without Principal',
      'trust',
      doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }),
      'Missing required field Principal',
    ],
    [
      'trust policy with no action',
      'trust',
      doc({ Effect: 'Allow', Principal: '*' }),
      'Policy statement must contain actions.',
    ],
  ];
  for (const [name, kind, text, message] of cases) {
    test(name, () => {
      assert.throws(
        () => parsePolicy(text, kind),
        (e: unknown) => e instanceof PolicyError && e.message === message,
      );
    });
  }

  const accepted: [string, PolicyKind, string][] = [
    [
      "the trust policy from Cognito's SMS guide",
      'trust',
      doc({
        Sid: '',
        ...trustStatement,
        Condition: {
          StringEquals: {
            'sts:ExternalId': 'a1b2c3d4-5678-90ab-cdef-EXAMPLE22222',
            'aws:SourceAccount': '111122223333',
          },
          ArnLike: { 'aws:SourceArn': 'arn:aws:cognito-idp:us-west-2:111122223333:userpool/us-west-2_EXAMPLE' },
        },
      }),
    ],
    [
      'a 2008-10-17 trust policy with lists',
      'trust',
      doc({ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com'] }, Action: ['sts:AssumeRole'] }, '2008-10-17'),
    ],
    [
      'account and root principals',
      'trust',
      doc({
        Effect: 'Allow',
        Principal: { AWS: ['111122223333', 'arn:aws:iam::111122223333:root', '*'] },
        Action: 'sts:AssumeRole',
      }),
    ],
    ['a China service principal', 'trust', doc({ ...trustStatement, Principal: { Service: 'ec2.amazonaws.com.cn' } })],
    ['action with spaces after the vendor', 'identity', doc({ ...allow, Action: 'iam: asdf safdsf af ' })],
    ['* action and several resources', 'identity', doc({ ...allow, Action: '*', Resource: ['arn:aws:s3:::b', '*'] })],
    ['empty Condition', 'identity', doc({ ...allow, Condition: {} })],
    [
      'ForAllValues with a scalar',
      'identity',
      doc({ ...allow, Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'Department' } } }),
    ],
    [
      'numbers and booleans as condition values',
      'identity',
      doc({ ...allow, Condition: { NumericLessThan: { 's3:max-keys': 10 }, Bool: { 'aws:SecureTransport': true } } }),
    ],
    ['Null operator', 'identity', doc({ ...allow, Condition: { Null: { 'aws:TokenIssueTime': 'true' } } })],
    [
      'empty Sid twice',
      'identity',
      doc([
        { Sid: '', ...allow },
        { Sid: '', ...allow },
      ]),
    ],
  ];
  for (const [name, kind, text] of accepted)
    test(`accepted: ${name}`, () => {
      parsePolicy(text, kind);
    });
});

describe('wildcards', () => {
  const cases: [string, string, boolean, boolean?][] = [
    ['*', '', true],
    ['*', 'anything', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a*c', 'ac', true],
    ['a*c', 'abbbc', true],
    ['a*c', 'abbbd', false],
    ['sns:*', 'SNS:Publish', true, true],
    ['sns:*', 'SNS:Publish', false],
    ['*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000), false],
    ['us-west-2_*', 'us-west-2_EXAMPLE', true],
    ['??', 'abc', false],
  ];
  for (const [pattern, text, expected, ignoreCase] of cases) {
    test(`${JSON.stringify(pattern)} ~ ${JSON.stringify(text.slice(0, 20))}${ignoreCase ? ' (any case)' : ''} → ${expected}`, () =>
      assert.equal(globMatch(pattern, text, ignoreCase), expected));
  }
  test('ARN patterns match part by part: a * does not cross a colon', () => {
    assert.equal(
      arnMatch(
        'arn:aws:cognito-idp:*:111122223333:userpool/*',
        'arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_x',
      ),
      true,
    );
    assert.equal(
      arnMatch(
        'arn:aws:cognito-idp:*:111122223333:userpool/*',
        'arn:aws:cognito-idp:us-east-1:444455556666:userpool/us-east-1_x',
      ),
      false,
    );
    assert.equal(arnMatch('arn:aws:cognito-idp:us-*', 'arn:aws:cognito-idp:us-east-1:111122223333:userpool/x'), false);
    assert.equal(arnMatch('arn:aws:s3:::bucket/a:b', 'arn:aws:s3:::bucket/a:b'), true);
    assert.equal(arnMatch('*', 'arn:aws:s3:::bucket'), true);
    assert.equal(arnMatch('*', 'not-an-arn'), false);
  });
});

const POOL = 'arn:aws:cognito-idp:us-west-2:111122223333:userpool/us-west-2_EXAMPLE';
const cognito = { type: 'Service', id: 'cognito-idp.amazonaws.com' } as const;
const seedTrust = parsePolicy(
  doc({
    Sid: '',
    ...trustStatement,
    Condition: {
      StringEquals: { 'sts:ExternalId': 'ext-1', 'aws:SourceAccount': '111122223333' },
      ArnLike: { 'aws:SourceArn': 'arn:aws:cognito-idp:us-west-2:111122223333:userpool/*' },
    },
  }),
  'trust',
);
const assume = (context: AccessRequest['context'], principal: AccessRequest['principal'] = cognito): AccessRequest => ({
  principal,
  action: 'sts:AssumeRole',
  resource: 'arn:aws:iam::111122223333:role/sms',
  context,
});
const good = { 'sts:ExternalId': 'ext-1', 'aws:SourceAccount': '111122223333', 'aws:SourceArn': POOL };

describe('evaluating the trust policy Cognito needs', () => {
  test('allowed with the external id, source account and a pool ARN under the wildcard; the statement that decided is named', () => {
    const d = evaluate([{ document: seedTrust }], assume(good));
    assert.equal(d.decision, 'Allow');
    assert.equal(d.decidedBy?.index, 0);
    assert.equal(d.decidedBy?.conditions.length, 3);
    assert.ok(d.decidedBy?.conditions.every((c) => c.held));
    assert.equal(d.summary, 'allowed by statement 1');
  });
  const refusals: [string, AccessRequest['context'], string, RegExp][] = [
    [
      'no external id',
      { ...good, 'sts:ExternalId': undefined },
      'sts:ExternalId',
      /the request has no sts:ExternalId; StringEquals needs "ext-1"/,
    ],
    [
      'a wrong external id',
      { ...good, 'sts:ExternalId': 'ext-2' },
      'sts:ExternalId',
      /"ext-2", which must match "ext-1"/,
    ],
    [
      'another source account',
      { ...good, 'aws:SourceAccount': '444455556666' },
      'aws:SourceAccount',
      /"444455556666", which must match "111122223333"/,
    ],
    [
      'a pool in another region',
      { ...good, 'aws:SourceArn': 'arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_X' },
      'aws:SourceArn',
      /ArnLike/,
    ],
    [
      'a pool of another account',
      { ...good, 'aws:SourceArn': 'arn:aws:cognito-idp:us-west-2:444455556666:userpool/us-west-2_X' },
      'aws:SourceArn',
      /does not hold/,
    ],
  ];
  for (const [name, context, key, why] of refusals) {
    test(`refused for ${name}, and the failing condition says why`, () => {
      const d = evaluate([{ document: seedTrust }], assume(context));
      assert.equal(d.decision, 'ImplicitDeny');
      assert.equal(d.allowed, false);
      const failed = d.statements[0].conditions.filter((c) => !c.held);
      assert.deepEqual(
        failed.map((c) => c.key),
        [key],
      );
      assert.match(failed[0].why, why);
      assert.match(d.summary, new RegExp(`statement 1: condition \\w+ ${key} failed`));
    });
  }
  test('condition keys are matched without regard to case, values with it', () => {
    const d = evaluate(
      [{ document: seedTrust }],
      assume({ 'STS:externalid': 'ext-1', 'aws:sourceaccount': '111122223333', 'AWS:SOURCEARN': POOL }),
    );
    assert.equal(d.decision, 'Allow');
    assert.equal(
      evaluate([{ document: seedTrust }], assume({ ...good, 'sts:ExternalId': 'EXT-1' })).decision,
      'ImplicitDeny',
    );
  });
  test('another service principal is not named', () => {
    const d = evaluate([{ document: seedTrust }], assume(good, { type: 'Service', id: 'sns.amazonaws.com' }));
    assert.equal(d.decision, 'ImplicitDeny');
    assert.match(d.statements[0].principal!.why, /service sns.amazonaws.com is not named in Principal/);
  });
  test('service principal names compare without regard to case', () => {
    assert.equal(
      evaluate([{ document: seedTrust }], assume(good, { type: 'Service', id: 'Cognito-IDP.amazonaws.com' })).decision,
      'Allow',
    );
  });
});

const t = (statements: object | object[]) => parsePolicy(doc(statements), 'trust');
const p = (statements: object | object[]) => parsePolicy(doc(statements), 'identity');
const root = (account: string) => ({ type: 'AWS', arn: `arn:aws:iam::${account}:root`, account }) as const;

describe('principals', () => {
  const cases: [string, object, AccessRequest['principal'], boolean][] = [
    ['account id names the account root', { AWS: '111122223333' }, root('111122223333'), true],
    ['root ARN names the root', { AWS: 'arn:aws:iam::111122223333:root' }, root('111122223333'), true],
    ['another account is not named', { AWS: '111122223333' }, root('444455556666'), false],
    ['AWS "*" names every AWS principal', { AWS: '*' }, root('444455556666'), true],
    ['AWS "*" does not name a service', { AWS: '*' }, cognito, false],
    [
      'a role ARN names its sessions',
      { AWS: 'arn:aws:iam::111122223333:role/path/r' },
      { type: 'AWS', arn: 'arn:aws:sts::111122223333:assumed-role/r/s', account: '111122223333' },
      true,
    ],
    [
      'a role ARN does not name another role',
      { AWS: 'arn:aws:iam::111122223333:role/r' },
      { type: 'AWS', arn: 'arn:aws:sts::111122223333:assumed-role/q/s', account: '111122223333' },
      false,
    ],
    [
      'account id names a role session of the account',
      { AWS: '111122223333' },
      { type: 'AWS', arn: 'arn:aws:sts::111122223333:assumed-role/q/s', account: '111122223333' },
      true,
    ],
    ['Service list', { Service: ['ec2.amazonaws.com', 'cognito-idp.amazonaws.com'] }, cognito, true],
  ];
  for (const [name, principal, who, expected] of cases) {
    test(name, () =>
      assert.equal(
        evaluate(
          [{ document: t({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }) }],
          assume({}, who),
        ).allowed,
        expected,
      ),
    );
  }
  test('"Principal": "*" names everyone, services too', () => {
    assert.equal(
      evaluate([{ document: t({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }) }], assume({})).allowed,
      true,
    );
  });
  test('NotPrincipal applies to everyone it does not name', () => {
    const d = t({ Effect: 'Allow', NotPrincipal: { Service: 'sns.amazonaws.com' }, Action: 'sts:AssumeRole' });
    assert.equal(evaluate([{ document: d }], assume({})).allowed, true);
    const e = evaluate([{ document: d }], assume({}, { type: 'Service', id: 'sns.amazonaws.com' }));
    assert.equal(e.allowed, false);
    assert.match(e.statements[0].principal!.why, /excluded by NotPrincipal/);
  });
});

describe('effects, actions and resources', () => {
  const publish = (action = 'sns:Publish', resource = '*'): AccessRequest => ({ action, resource });
  const cases: [
    string,
    object | object[],
    AccessRequest,
    AccessRequest extends never ? never : 'Allow' | 'ExplicitDeny' | 'ImplicitDeny',
  ][] = [
    ['exact action', { Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }, publish(), 'Allow'],
    ['action in another case', { Effect: 'Allow', Action: 'SNS:publish', Resource: '*' }, publish(), 'Allow'],
    ['action wildcard', { Effect: 'Allow', Action: 'sns:*', Resource: '*' }, publish(), 'Allow'],
    ['action ? wildcard', { Effect: 'Allow', Action: 'sns:Publis?', Resource: '*' }, publish(), 'Allow'],
    ['another action', { Effect: 'Allow', Action: 'sns:Subscribe', Resource: '*' }, publish(), 'ImplicitDeny'],
    ['"*" action', { Effect: 'Allow', Action: '*', Resource: '*' }, publish(), 'Allow'],
    [
      'NotAction that excludes it',
      { Effect: 'Allow', NotAction: 'sns:Publish', Resource: '*' },
      publish(),
      'ImplicitDeny',
    ],
    ['NotAction that does not', { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }, publish(), 'Allow'],
    [
      'resource wildcard',
      { Effect: 'Allow', Action: 'sns:Publish', Resource: 'arn:aws:sns:*:111122223333:*' },
      publish('sns:Publish', 'arn:aws:sns:us-east-1:111122223333:t'),
      'Allow',
    ],
    [
      'resource is case-sensitive',
      { Effect: 'Allow', Action: 'sns:Publish', Resource: 'arn:aws:sns:us-east-1:111122223333:T' },
      publish('sns:Publish', 'arn:aws:sns:us-east-1:111122223333:t'),
      'ImplicitDeny',
    ],
    [
      'a specific resource does not cover "*"',
      { Effect: 'Allow', Action: 'sns:Publish', Resource: 'arn:aws:sns:us-east-1:111122223333:t' },
      publish(),
      'ImplicitDeny',
    ],
    ['NotResource', { Effect: 'Allow', Action: 'sns:Publish', NotResource: 'arn:aws:sns:*:*:*' }, publish(), 'Allow'],
    [
      'explicit deny wins over allow',
      [
        { Effect: 'Allow', Action: 'sns:*', Resource: '*' },
        { Effect: 'Deny', Action: 'sns:Publish', Resource: '*' },
      ],
      publish(),
      'ExplicitDeny',
    ],
    [
      'a deny that does not apply',
      [
        { Effect: 'Allow', Action: 'sns:*', Resource: '*' },
        { Effect: 'Deny', Action: 'sns:Publish', Resource: 'arn:aws:sns:*:*:*' },
      ],
      publish(),
      'Allow',
    ],
    [
      "CDK's SMS role: publish allowed, topics denied",
      [
        { Effect: 'Deny', Action: 'sns:Publish', Resource: 'arn:aws:sns:*:*:*' },
        { Effect: 'Allow', Action: 'sns:Publish', Resource: '*' },
      ],
      publish(),
      'Allow',
    ],
    ['only a Deny', { Effect: 'Deny', Action: 'iam:*', Resource: '*' }, publish(), 'ImplicitDeny'],
  ];
  for (const [name, statements, request, expected] of cases) {
    test(name, () => assert.equal(evaluate([{ document: p(statements) }], request).decision, expected));
  }
  test('several policies are evaluated together; a deny in one beats an allow in another, and names the policy', () => {
    const d = evaluate(
      [
        { name: 'a', document: p({ Effect: 'Allow', Action: 'sns:*', Resource: '*' }) },
        { name: 'b', document: p({ Sid: 'NoSms', Effect: 'Deny', Action: 'sns:Publish', Resource: '*' }) },
      ],
      publish(),
    );
    assert.equal(d.decision, 'ExplicitDeny');
    assert.equal(d.summary, 'denied explicitly by policy b, statement 1 (Sid "NoSms")');
  });
  test('no policy at all is the default deny', () => {
    const d = evaluate([], publish());
    assert.equal(d.decision, 'ImplicitDeny');
    assert.equal(d.summary, 'denied: there is no policy statement');
  });
});

describe('condition operators', () => {
  const run = (condition: object, context: AccessRequest['context']) =>
    evaluate([{ document: p({ Effect: 'Allow', Action: 'sns:Publish', Resource: '*', Condition: condition }) }], {
      action: 'sns:Publish',
      resource: '*',
      context,
    });
  const A = 'arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_abc';
  const cases: [string, object, AccessRequest['context'], boolean][] = [
    [
      'StringEquals holds',
      { StringEquals: { 'aws:SourceAccount': '111122223333' } },
      { 'aws:SourceAccount': '111122223333' },
      true,
    ],
    [
      'StringEquals fails',
      { StringEquals: { 'aws:SourceAccount': '111122223333' } },
      { 'aws:SourceAccount': '1' },
      false,
    ],
    ['StringEquals with a missing key fails', { StringEquals: { 'aws:SourceAccount': '111122223333' } }, {}, false],
    ['several values are OR', { StringEquals: { 'sts:ExternalId': ['a', 'b'] } }, { 'sts:ExternalId': 'b' }, true],
    [
      'several keys are AND',
      { StringEquals: { 'sts:ExternalId': 'a', 'aws:SourceAccount': '1' } },
      { 'sts:ExternalId': 'a', 'aws:SourceAccount': '2' },
      false,
    ],
    [
      'several operators are AND',
      { StringEquals: { 'sts:ExternalId': 'a' }, ArnLike: { 'aws:SourceArn': 'arn:aws:cognito-idp:*:*:userpool/*' } },
      { 'sts:ExternalId': 'a', 'aws:SourceArn': A },
      true,
    ],
    [
      'StringNotEquals holds for another value',
      { StringNotEquals: { 'aws:SourceAccount': '1' } },
      { 'aws:SourceAccount': '2' },
      true,
    ],
    [
      'StringNotEquals fails for the value',
      { StringNotEquals: { 'aws:SourceAccount': ['1', '2'] } },
      { 'aws:SourceAccount': '2' },
      false,
    ],
    ['StringNotEquals holds when the key is absent', { StringNotEquals: { 'aws:SourceAccount': '1' } }, {}, true],
    ['StringLike with *', { StringLike: { 'sts:ExternalId': 'ext-*' } }, { 'sts:ExternalId': 'ext-123' }, true],
    ['StringLike with ?', { StringLike: { 'sts:ExternalId': 'ext-?' } }, { 'sts:ExternalId': 'ext-12' }, false],
    [
      'StringLike is case-sensitive',
      { StringLike: { 'sts:ExternalId': 'EXT-*' } },
      { 'sts:ExternalId': 'ext-1' },
      false,
    ],
    ['StringNotLike', { StringNotLike: { 'sts:ExternalId': 'ext-*' } }, { 'sts:ExternalId': 'other' }, true],
    [
      'StringNotLike fails on a match',
      { StringNotLike: { 'sts:ExternalId': 'ext-*' } },
      { 'sts:ExternalId': 'ext-1' },
      false,
    ],
    [
      'StringEqualsIgnoreCase',
      { StringEqualsIgnoreCase: { 'sts:ExternalId': 'EXT' } },
      { 'sts:ExternalId': 'ext' },
      true,
    ],
    ['ArnEquals exact', { ArnEquals: { 'aws:SourceArn': A } }, { 'aws:SourceArn': A }, true],
    [
      'ArnEquals takes wildcards too',
      { ArnEquals: { 'aws:SourceArn': 'arn:aws:cognito-idp:us-east-1:111122223333:userpool/*' } },
      { 'aws:SourceArn': A },
      true,
    ],
    [
      'ArnLike across regions',
      { ArnLike: { 'aws:SourceArn': 'arn:aws:cognito-idp:*:111122223333:userpool/*' } },
      { 'aws:SourceArn': A },
      true,
    ],
    [
      'ArnLike another account',
      { ArnLike: { 'aws:SourceArn': 'arn:aws:cognito-idp:*:444455556666:userpool/*' } },
      { 'aws:SourceArn': A },
      false,
    ],
    ['ArnLike with a non-ARN request value', { ArnLike: { 'aws:SourceArn': '*' } }, { 'aws:SourceArn': 'nope' }, false],
    [
      'ArnNotEquals',
      { ArnNotEquals: { 'aws:SourceArn': 'arn:aws:cognito-idp:us-east-1:111122223333:userpool/other' } },
      { 'aws:SourceArn': A },
      true,
    ],
    [
      'ArnNotLike fails on a match',
      { ArnNotLike: { 'aws:SourceArn': 'arn:aws:cognito-idp:*:*:*' } },
      { 'aws:SourceArn': A },
      false,
    ],
    ['ArnNotLike holds when absent', { ArnNotLike: { 'aws:SourceArn': 'arn:aws:cognito-idp:*:*:*' } }, {}, true],
    ['StringEqualsIfExists holds when absent', { StringEqualsIfExists: { 'sts:ExternalId': 'a' } }, {}, true],
    [
      'StringEqualsIfExists still checks a present key',
      { StringEqualsIfExists: { 'sts:ExternalId': 'a' } },
      { 'sts:ExternalId': 'b' },
      false,
    ],
    ['ArnLikeIfExists holds when absent', { ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:x:*:*:*' } }, {}, true],
    [
      'StringNotEqualsIfExists',
      { StringNotEqualsIfExists: { 'sts:ExternalId': 'a' } },
      { 'sts:ExternalId': 'a' },
      false,
    ],
    [
      'ForAnyValue: one of several request values matches',
      { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a', 'b'] } },
      { 'aws:TagKeys': ['x', 'b'] },
      true,
    ],
    [
      'ForAnyValue: none matches',
      { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a'] } },
      { 'aws:TagKeys': ['x', 'y'] },
      false,
    ],
    ['ForAnyValue: absent key fails', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a'] } }, {}, false],
    [
      'ForAllValues: every request value is allowed',
      { 'ForAllValues:StringLike': { 'aws:TagKeys': ['a*', 'b'] } },
      { 'aws:TagKeys': ['ab', 'b'] },
      true,
    ],
    [
      'ForAllValues: one is not',
      { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } },
      { 'aws:TagKeys': ['a', 'c'] },
      false,
    ],
    ['ForAllValues: absent key holds', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] } }, {}, true],
    [
      'ForAnyValue:StringNotEquals: some value is outside',
      { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['a'] } },
      { 'aws:TagKeys': ['a', 'b'] },
      true,
    ],
    [
      'ForAllValues:StringNotLike: all outside',
      { 'ForAllValues:StringNotLike': { 'aws:TagKeys': ['a*'] } },
      { 'aws:TagKeys': ['b', 'c'] },
      true,
    ],
    ['Null true holds when absent', { Null: { 'sts:ExternalId': 'true' } }, {}, true],
    ['Null false holds when present', { Null: { 'sts:ExternalId': 'false' } }, { 'sts:ExternalId': 'x' }, true],
    ['Null true fails when present', { Null: { 'sts:ExternalId': 'true' } }, { 'sts:ExternalId': 'x' }, false],
    ['NumericLessThan', { NumericLessThan: { 's3:max-keys': 10 } }, { 's3:max-keys': '9' }, true],
    ['Bool', { Bool: { 'aws:SecureTransport': true } }, { 'aws:SecureTransport': 'true' }, true],
    [
      'DateLessThan',
      { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } },
      { 'aws:CurrentTime': '2026-11-29T00:00:00Z' },
      true,
    ],
    [
      'IpAddress in a CIDR block',
      { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      { 'aws:SourceIp': '10.1.2.3' },
      true,
    ],
    [
      'IpAddress outside it',
      { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.1.1'] } },
      { 'aws:SourceIp': '11.0.0.1' },
      false,
    ],
    [
      'IpAddress single address',
      { IpAddress: { 'aws:SourceIp': '192.168.1.1' } },
      { 'aws:SourceIp': '192.168.1.1' },
      true,
    ],
    ['IpAddress IPv6', { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, { 'aws:SourceIp': '2001:db8::1' }, true],
    [
      'IpAddress with a malformed request value',
      { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      { 'aws:SourceIp': 'nope' },
      false,
    ],
    ['NotIpAddress', { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '11.0.0.1' }, true],
  ];
  for (const [name, condition, context, expected] of cases) {
    test(name, () => {
      const d = run(condition, context);
      assert.equal(d.allowed, expected, d.summary);
      for (const c of d.statements[0].conditions) assert.ok(c.why.length > 0);
    });
  }
  test('a negated operator on an absent key says why it holds', () => {
    const c = run({ StringNotEquals: { 'aws:SourceAccount': '1' } }, {}).statements[0].conditions[0];
    assert.equal(c.held, true);
    assert.equal(c.why, 'the request has no aws:SourceAccount; a negated operator holds when the key is absent');
    assert.equal(c.requestValues, undefined);
  });
});
