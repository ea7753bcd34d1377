// The IAM documents of the role Cognito assumes to send a pool's SMS, as the developer guide's
// "SMS message settings for Amazon Cognito user pools" writes them (the mission's document
// docs/reference/seeds/004; docs/reference/cognito-messaging-facts.md §3.2): the trust policy lets
// cognito-idp.amazonaws.com assume the role only with the pool's ExternalId, for the pool's
// account (aws:SourceAccount) and the pool itself (aws:SourceArn); the permission policy allows
// sns:Publish on "*" (Cognito publishes to phone numbers, which have no ARN).
import { evaluate, type Decision, type NamedPolicy } from '../policy/evaluate.js';
import { parsePolicy, PolicyError } from '../policy/document.js';

export const COGNITO_SERVICE = 'cognito-idp.amazonaws.com';

export interface PoolIdentity {
  arn: string;
  account: string;
}

/** The statement of the developer guide's trust policy, for this pool and external id. */
export function trustStatement(pool: PoolIdentity, externalId: string): Record<string, unknown> {
  return {
    Effect: 'Allow',
    Principal: { Service: COGNITO_SERVICE },
    Action: 'sts:AssumeRole',
    Condition: {
      StringEquals: { 'sts:ExternalId': externalId, 'aws:SourceAccount': pool.account },
      ArnLike: { 'aws:SourceArn': pool.arn },
    },
  };
}

export const trustPolicy = (pool: PoolIdentity, externalId: string): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [trustStatement(pool, externalId)] });

export const PUBLISH_POLICY_NAME = 'CognitoSmsPublish';
export const PUBLISH_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }],
});

/** What is wrong with a role's trust policy for this pool, or nothing. */
export function trustProblem(
  documentText: string,
  roleArn: string,
  pool: PoolIdentity,
  externalId: string,
): string | undefined {
  let doc: ReturnType<typeof parsePolicy>;
  try {
    doc = parsePolicy(documentText, 'trust');
  } catch (e) {
    if (e instanceof PolicyError) return `it is malformed: ${e.message}`;
    throw e;
  }
  const assume = (context: Record<string, string | undefined>): Decision =>
    evaluate([{ document: doc }], {
      principal: { type: 'Service', id: COGNITO_SERVICE },
      action: 'sts:AssumeRole',
      resource: roleArn,
      context,
    });
  const right = { 'sts:ExternalId': externalId, 'aws:SourceAccount': pool.account, 'aws:SourceArn': pool.arn };
  const decision = assume(right);
  if (!decision.allowed) return `Cognito may not assume the role for this pool: ${decision.summary}`;
  // The two conditions that keep another party from using the role (the confused deputy): without
  // the external id, and for another account's pool, Cognito must be refused.
  if (assume({ ...right, 'sts:ExternalId': undefined }).allowed)
    return 'it does not require the external id (sts:ExternalId), which SMS MFA needs';
  const other = pool.account === '999999999999' ? '111111111111' : '999999999999';
  const foreign = pool.arn.replace(`:${pool.account}:`, `:${other}:`);
  if (assume({ ...right, 'aws:SourceAccount': other, 'aws:SourceArn': foreign }).allowed)
    return "it lets Cognito assume the role for other accounts' pools (no aws:SourceAccount or aws:SourceArn condition)";
  return undefined;
}

/**
 * The trust policy with Cognito's statement replaced by the developer guide's: every other
 * statement (and other services a statement trusts) is kept, so repairing the role breaks no one
 * else who assumes it.
 */
export function repairedTrustPolicy(documentText: string, pool: PoolIdentity, externalId: string): string {
  let statements: Record<string, unknown>[] = [];
  try {
    const doc = JSON.parse(documentText) as { Statement?: unknown };
    statements = (Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : []) as Record<
      string,
      unknown
    >[];
  } catch {
    // A document that is not JSON keeps nothing.
  }
  const kept: Record<string, unknown>[] = [];
  for (const s of statements) {
    const principal = s.Principal as { Service?: string | string[] } | undefined;
    const services = principal?.Service === undefined ? [] : [principal.Service].flat();
    if (!services.includes(COGNITO_SERVICE)) {
      kept.push(s);
      continue;
    }
    // A statement that also trusts other principals keeps them, without Cognito.
    const { Service: _cognito, ...others } = principal ?? {};
    const otherServices = services.filter((x) => x !== COGNITO_SERVICE);
    if (otherServices.length)
      Object.assign(others, { Service: otherServices.length === 1 ? otherServices[0] : otherServices });
    if (Object.keys(others).length) kept.push({ ...s, Principal: others });
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: [...kept, trustStatement(pool, externalId)] });
}

/** Whether the role's policies let it publish SMS: Allow, ExplicitDeny or ImplicitDeny, and why. */
export function publishDecision(policies: NamedPolicy[]): Decision {
  return evaluate(policies, { action: 'sns:Publish', resource: '*' });
}

export function readIdentityPolicy(text: string): NamedPolicy['document'] | undefined {
  try {
    return parsePolicy(text, 'identity');
  } catch (e) {
    if (e instanceof PolicyError) return undefined;
    throw e;
  }
}
