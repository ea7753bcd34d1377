// A tiny authoritative DNS server for tests (UDP, TXT and CNAME answers): a real server at the
// network edge, so cognate's resolver is exercised as it is against a real zone.
import { createSocket, type Socket } from 'node:dgram';

export interface DnsZone {
  txt?: Record<string, string[]>;
  cname?: Record<string, string>;
  /** names answered with SERVFAIL */
  servfail?: string[];
}

const TYPE_TXT = 16;
const TYPE_CNAME = 5;

function encodeName(name: string): Buffer {
  const parts = name
    .replace(/\.$/, '')
    .split('.')
    .map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)]));
  return Buffer.concat([...parts, Buffer.from([0])]);
}

function readName(msg: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let i = offset;
  while (msg[i] !== 0) {
    labels.push(msg.subarray(i + 1, i + 1 + msg[i]).toString());
    i += msg[i] + 1;
  }
  return { name: labels.join('.').toLowerCase(), end: i + 1 };
}

function answer(query: Buffer, zone: DnsZone): Buffer {
  const { name, end } = readName(query, 12);
  const type = query.readUInt16BE(end);
  const question = query.subarray(12, end + 4);
  const records: Buffer[] = [];
  let rcode = 0;
  const rr = (t: number, rdata: Buffer) => {
    const head = Buffer.alloc(12);
    head.writeUInt16BE(0xc00c, 0);
    head.writeUInt16BE(t, 2);
    head.writeUInt16BE(1, 4);
    head.writeUInt32BE(60, 6);
    head.writeUInt16BE(rdata.length, 10);
    records.push(Buffer.concat([head, rdata]));
  };
  if (zone.servfail?.includes(name)) rcode = 2;
  else if (type === TYPE_TXT && zone.txt?.[name])
    for (const t of zone.txt[name]) rr(TYPE_TXT, Buffer.concat([Buffer.from([Buffer.byteLength(t)]), Buffer.from(t)]));
  else if (type === TYPE_CNAME && zone.cname?.[name]) rr(TYPE_CNAME, encodeName(zone.cname[name]));
  else if (!zone.txt?.[name] && !zone.cname?.[name]) rcode = 3;
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2);
  header.writeUInt16BE(0x8180 | 0x0400 | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(records.length, 6);
  return Buffer.concat([header, question, ...records]);
}

export async function startDns(zone: DnsZone): Promise<{ address: string; zone: DnsZone; stop(): Promise<void> }> {
  const socket: Socket = createSocket('udp4');
  socket.on('message', (msg, rinfo) => {
    try {
      socket.send(answer(msg, zone), rinfo.port, rinfo.address);
    } catch {
      // a malformed query gets no answer
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    zone,
    stop: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
