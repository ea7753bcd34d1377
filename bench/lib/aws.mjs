// Cognito JSON 1.1 requests as the AWS SDK sends them: POST / with X-Amz-Target and a SigV4
// Authorization header. Neither server checks signatures, so a fixed, well-formed one is enough;
// what matters is that both parse the same header shape a real client sends.
import http from 'node:http';

export const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
export const AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=test/20261122/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=0';

export function headersFor(operation) {
  return {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': TARGET_PREFIX + operation,
    'x-amz-date': '20261122T000000Z',
    authorization: AUTHORIZATION,
  };
}

/** One request on a (keep-alive) agent; resolves with the status and the parsed body. */
export function post(base, operation, body, agent) {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      base,
      {
        method: 'POST',
        path: '/',
        agent,
        headers: { ...headersFor(operation), 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = text ? JSON.parse(text) : {};
          } catch {
            json = { raw: text };
          }
          resolve({ status: res.statusCode, body: json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    // Bounded, so a server that stops answering ends the run instead of hanging it.
    req.setTimeout(300_000, () => req.destroy(new Error('no answer within 300 s')));
    req.end(payload);
  });
}

export const errorText = (r) => `${r.status} ${r.body.__type ?? ''} ${r.body.message ?? r.body.raw ?? ''}`.trim();

/** A setup call that must succeed. */
export async function must(base, operation, body) {
  const r = await post(base, operation, body);
  if (r.status !== 200) throw new Error(`${operation} answered ${errorText(r)}`);
  return r.body;
}

// The population: seeded users are user000000, user000001, ... with a verified email each.
export const username = (i) => `user${String(i).padStart(6, '0')}`;
export const emailOf = (i) => `${username(i)}@example.com`;
export const PASSWORD = 'Passw0rd!';

/** The pool every target gets: email as a sign-in alias, emailed codes at sign-up. */
export const POOL_REQUEST = { PoolName: 'bench', AliasAttributes: ['email'], AutoVerifiedAttributes: ['email'] };

export const adminCreateUser = (poolId, name, email) => ({
  UserPoolId: poolId,
  Username: name,
  MessageAction: 'SUPPRESS',
  UserAttributes: [
    { Name: 'email', Value: email },
    { Name: 'email_verified', Value: 'true' },
  ],
});

export const signUp = (clientId, name, email) => ({
  ClientId: clientId,
  Username: name,
  Password: PASSWORD,
  UserAttributes: [{ Name: 'email', Value: email }],
});
