// The ceiling: the least a node:http server can do per request (read the body, answer a fixed
// JSON body of AdminGetUser's size and headers), measured with the same load generator.
import { createServer } from 'node:http';

const body = JSON.stringify({
  Enabled: true,
  UserAttributes: [
    { Name: 'email', Value: 'user000001@example.com' },
    { Name: 'email_verified', Value: 'true' },
    { Name: 'sub', Value: '8c5b1d2e-6a4f-4f7e-9d3a-2b1c0e9f8a7d' },
  ],
  UserCreateDate: 1795305600,
  UserLastModifiedDate: 1795305600,
  UserStatus: 'FORCE_CHANGE_PASSWORD',
  Username: 'user000001',
});

createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, {
      'Content-Type': 'application/x-amz-json-1.1',
      'Content-Length': Buffer.byteLength(body),
      'x-amzn-RequestId': '00000000-0000-0000-0000-000000000000',
    });
    res.end(body);
  });
}).listen(Number(process.argv[2]), '127.0.0.1');
