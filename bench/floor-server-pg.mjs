// The floor for AdminGetUser on PostgreSQL: a bare node:http server that does only what no
// implementation can skip (read the body, parse the JSON, look the pool up for the caller and the
// user up by username, and write the answer), in the fewest round trips: one named statement that
// joins the pool to the user, through node-postgres with a pool of 10 connections (as cognate's),
// with no validation, no SigV4, no framework. Run: node floor-server-pg.mjs PORT DATABASE_URL ACCOUNT REGION
import { createServer } from 'node:http';
import pg from 'pg';

const [port, url, account, region] = process.argv.slice(2);
pg.types.setTypeParser(20, Number);
const db = new pg.Pool({ connectionString: url, max: 10 });
const lookup = {
  name: 'floor_user',
  text: `SELECT u.sub, u.username, u.status, u.enabled, u.attributes, u.created_at, u.updated_at
    FROM user_pools p LEFT JOIN users u ON u.pool_id = p.id AND u.username_key = $4
    WHERE p.id = $1 AND p.account = $2 AND p.region = $3`,
};

createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const {
      rows: [u],
    } = await db.query({ ...lookup, values: [input.UserPoolId, account, region, input.Username] });
    const found = u && u.sub !== null;
    const body = JSON.stringify(
      found
        ? {
            Username: u.username,
            UserAttributes: [
              ...Object.entries(JSON.parse(u.attributes)).map(([Name, Value]) => ({ Name, Value })),
              { Name: 'sub', Value: u.sub },
            ],
            UserCreateDate: u.created_at / 1000,
            UserLastModifiedDate: u.updated_at / 1000,
            Enabled: u.enabled === 1 || u.enabled === true,
            UserStatus: u.status,
          }
        : { __type: 'UserNotFoundException', message: 'User does not exist.' },
    );
    res.writeHead(found ? 200 : 400, {
      'Content-Type': 'application/x-amz-json-1.1',
      'Content-Length': Buffer.byteLength(body),
      'x-amzn-RequestId': '00000000-0000-0000-0000-000000000000',
    });
    res.end(body);
  });
}).listen(Number(port), '127.0.0.1');
