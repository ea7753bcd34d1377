// A user pool's SAML signing key and its self-signed X.509 certificate (GetSigningCertificate), and
// a SAML IdP's encryption key and certificate (ActiveEncryptionCertificate): RSA-2048 with SHA-256,
// valid for 10 years from issue, as the API reference says of Cognito's.
// Written by @peculiar/x509 (which needs a Reflect polyfill before it loads); loaded only by the
// operation that answers it.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { randomBytes, webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
const YEARS = 10;

export interface SigningCertificate {
  /** the certificate's DER, base64, without PEM armour (the form GetSigningCertificate answers) */
  certificate: string;
  /** the private key, PKCS#8 PEM */
  privateKeyPem: string;
}

/** A key and its certificate; `use` sets the certificate's key usage (an IdP encrypts to an encryption one). */
export async function makeSigningCertificate(
  commonName: string,
  now: Date,
  use: 'signing' | 'encryption' = 'signing',
): Promise<SigningCertificate> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + YEARS);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    name: `CN=${commonName.replace(/[,+="\\<>;#]/g, '_')}`,
    notBefore: now,
    notAfter,
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        use === 'signing'
          ? x509.KeyUsageFlags.digitalSignature
          : x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.dataEncipherment,
        true,
      ),
    ],
  });
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as webcrypto.CryptoKey));
  return {
    certificate: Buffer.from(cert.rawData).toString('base64'),
    privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').trimEnd()}\n-----END PRIVATE KEY-----\n`,
  };
}
