// The floor for AdminGetUser on SQLite: a bare node:http server that does only what no
// implementation can skip (read the body, parse the JSON, look the pool up for the caller and the
// user up by username, two indexed SQLite reads through better-sqlite3 of the columns the answer
// needs, and write the answer), with no validation, no SigV4, no framework. Run: node floor-server.mjs PORT DBFILE ACCOUNT REGION
import { createServer } from 'node:http';
import Database from 'better-sqlite3';

const [port, file, account, region] = process.argv.slice(2);
const db = new Database(file, { readonly: true });
const pool = db.prepare(
  'SELECT id, account, region, name, created_at, updated_at, version FROM user_pools WHERE id = ? AND account = ? AND region = ?',
);
const user = db.prepare(
  'SELECT sub, username, status, enabled, mfa, attributes, created_at, updated_at FROM users WHERE pool_id = ? AND username_key = ?',
);

createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const p = pool.get(input.UserPoolId, account, region);
    const u = p && user.get(p.id, input.Username);
    const body = JSON.stringify(
      u
        ? {
            Username: u.username,
            UserAttributes: [
              ...Object.entries(JSON.parse(u.attributes)).map(([Name, Value]) => ({ Name, Value })),
              { Name: 'sub', Value: u.sub },
            ],
            UserCreateDate: u.created_at / 1000,
            UserLastModifiedDate: u.updated_at / 1000,
            Enabled: u.enabled === 1,
            UserStatus: u.status,
          }
        : { __type: 'UserNotFoundException', message: 'User does not exist.' },
    );
    res.writeHead(u ? 200 : 400, {
      'Content-Type': 'application/x-amz-json-1.1',
      'Content-Length': Buffer.byteLength(body),
      'x-amzn-RequestId': '00000000-0000-0000-0000-000000000000',
    });
    res.end(body);
  });
}).listen(Number(port), '127.0.0.1');
