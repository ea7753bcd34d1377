// A local certificate authority and the server certificates it signs, for serving cognate over
// HTTPS on a developer's machine (`cognate cert`): token verifiers such as aws-jwt-verify fetch
// keys over HTTPS only. X.509 is written by @peculiar/x509 (which needs a Reflect polyfill before
// it loads); keys are ECDSA P-256 from Node's WebCrypto, which every TLS client in use accepts.
// Only `cognate cert` loads this module: the server never does.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { randomBytes, webcrypto } from 'node:crypto';
import { isIP } from 'node:net';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 86_400_000;
/** Apple's platforms refuse TLS server certificates valid for more than 825 days. */
export const SERVER_CERT_DAYS = 825;
const CA_DAYS = 3650;

export interface Pem {
  cert: string;
  key: string;
}

/** RFC 5280 §4.1.2.2: a positive serial number of at most 20 bytes. */
const serial = () => {
  const b = randomBytes(16);
  b[0] &= 0x7f;
  return b.toString('hex');
};

async function exportKey(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key as webcrypto.CryptoKey));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').trimEnd()}\n-----END PRIVATE KEY-----\n`;
}

async function importKey(pem: string): Promise<CryptoKey> {
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return (await webcrypto.subtle.importKey('pkcs8', der, ALG, false, ['sign'])) as unknown as CryptoKey;
}

const newKeys = async () =>
  (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;

/** A CA that signs server certificates only (path length 0), named after the machine it was made on. */
export async function makeCa(hostname: string, now = new Date()): Promise<Pem> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=cognate local CA (${hostname.replace(/[,+="\\<>;#]/g, '_')}), O=cognate`,
    notBefore: now,
    notAfter: new Date(now.getTime() + CA_DAYS * DAY),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem'), key: await exportKey(keys.privateKey) };
}

/** A server certificate for `names` (DNS names and IP addresses), signed by `ca`. */
export async function makeServerCert(ca: Pem, names: string[], now = new Date()): Promise<Pem & { notAfter: Date }> {
  const caCert = new x509.X509Certificate(ca.cert);
  const keys = await newKeys();
  const notAfter = new Date(now.getTime() + SERVER_CERT_DAYS * DAY);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${names[0]}`,
    issuer: caCert.subject,
    notBefore: now,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: await importKey(ca.key),
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        names.map((n) => ({ type: isIP(n) ? ('ip' as const) : ('dns' as const), value: n })),
      ),
      await x509.AuthorityKeyIdentifierExtension.create(caCert, false),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem'), key: await exportKey(keys.privateKey), notAfter };
}
