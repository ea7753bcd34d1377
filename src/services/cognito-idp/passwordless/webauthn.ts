// The two WebAuthn ceremonies, verified by @simplewebauthn/server (attestation objects, COSE keys
// and signatures are its to read): registering a passkey (StartWebAuthnRegistration's
// CredentialCreationOptions, CompleteWebAuthnRegistration's RegistrationResponseJSON) and signing
// in with one (the WEB_AUTHN challenge's CREDENTIAL_REQUEST_OPTIONS and its CREDENTIAL answer).
// What AWS checks before the signature is told apart here, each with its exception: the
// challenge (WebAuthnChallengeNotFoundException), the origin (WebAuthnOriginNotAllowedException),
// the relying party (WebAuthnRelyingPartyMismatchException). Texts are not on record: cognate's words.
import { createHash, randomBytes } from 'node:crypto';
import {
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import {
  decodeAttestationObject,
  decodeClientDataJSON,
  isoBase64URL,
  parseAuthenticatorData,
} from '@simplewebauthn/server/helpers';
import {
  InvalidParameterException,
  WebAuthnChallengeNotFoundException,
  WebAuthnCredentialNotSupportedException,
  WebAuthnRelyingPartyMismatchException,
} from '../../../generated/cognito-idp/errors.js';
import type { CredentialRow } from './credentials.js';
import { checkOrigin, type Passkeys } from './relying-party.js';

/** How long a ceremony waits for the authenticator (its options' timeout): cognate's choice. */
export const CEREMONY_MS = 5 * 60_000;

/** ES256 and RS256, the algorithms authenticators use (COSE -7, -257). */
const ALGORITHMS = [-7, -257];

export const newChallenge = () => isoBase64URL.fromBuffer(randomBytes(32));

export function creationOptions(
  passkeys: Passkeys,
  rpName: string,
  user: { sub: string; username: string },
  challenge: string,
  existing: CredentialRow[],
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName,
    rpID: passkeys.rpId,
    userID: new TextEncoder().encode(user.sub),
    userName: user.username,
    userDisplayName: user.username,
    challenge: isoBase64URL.toBuffer(challenge),
    timeout: CEREMONY_MS,
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.credential_id, transports: transportsOf(c) })),
    authenticatorSelection: { residentKey: 'required', userVerification: passkeys.userVerification },
    supportedAlgorithmIDs: ALGORITHMS,
  });
}

export function requestOptions(passkeys: Passkeys, challenge: string, credentials: CredentialRow[]) {
  return {
    challenge,
    timeout: CEREMONY_MS,
    rpId: passkeys.rpId,
    allowCredentials: credentials.map((c) => ({
      type: 'public-key',
      id: c.credential_id,
      transports: transportsOf(c),
    })),
    userVerification: passkeys.userVerification,
  };
}

const transportsOf = (c: CredentialRow) =>
  JSON.parse(c.transports) as NonNullable<RegistrationResponseJSON['response']['transports']>;

/** A Document member or a JSON string of one: the credential as a JSON object, or InvalidParameterException. */
export function credentialJson<T>(value: unknown, member: string): T {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      v = undefined;
    }
  }
  const r = v as { id?: unknown; response?: { clientDataJSON?: unknown } } | undefined;
  if (!r || typeof r !== 'object' || typeof r.id !== 'string' || typeof r.response?.clientDataJSON !== 'string')
    throw new InvalidParameterException(`${member} is not a valid public key credential.`);
  return v as T;
}

/** The client data's challenge and origin, checked before the signature is. */
function checkClientData(clientDataJSON: string, challenge: string, passkeys: Passkeys): string {
  let data: { challenge?: unknown; origin?: unknown };
  try {
    data = decodeClientDataJSON(clientDataJSON);
  } catch {
    throw new InvalidParameterException('The credential has no readable clientDataJSON.');
  }
  if (data.challenge !== challenge)
    throw new WebAuthnChallengeNotFoundException('The credential does not answer the challenge that was issued.');
  return checkOrigin(data.origin, passkeys.rpId);
}

function checkRpIdHash(rpIdHash: Uint8Array, rpId: string): void {
  const expected = createHash('sha256').update(rpId).digest();
  if (!expected.equals(Buffer.from(rpIdHash)))
    throw new WebAuthnRelyingPartyMismatchException(`The credential was not made for the relying party ID ${rpId}.`);
}

export interface NewCredential {
  id: string;
  publicKey: string;
  counter: number;
  transports: string[];
  attachment: string | null;
}

export async function verifyRegistration(
  response: RegistrationResponseJSON,
  challenge: string,
  passkeys: Passkeys,
): Promise<NewCredential> {
  const origin = checkClientData(response.response.clientDataJSON, challenge, passkeys);
  try {
    const attestation = decodeAttestationObject(isoBase64URL.toBuffer(response.response.attestationObject));
    checkRpIdHash(parseAuthenticatorData(attestation.get('authData')).rpIdHash, passkeys.rpId);
  } catch (e) {
    if (e instanceof WebAuthnRelyingPartyMismatchException) throw e;
    throw new InvalidParameterException('The credential has no readable attestationObject.');
  }
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: passkeys.rpId,
      requireUserVerification: passkeys.userVerification === 'required',
      supportedAlgorithmIDs: ALGORITHMS,
    });
  } catch (e) {
    throw new WebAuthnCredentialNotSupportedException(`The credential is not supported: ${(e as Error).message}`);
  }
  if (!verified.verified) throw new WebAuthnCredentialNotSupportedException('The credential could not be verified.');
  const { credential } = verified.registrationInfo;
  return {
    id: credential.id,
    publicKey: isoBase64URL.fromBuffer(credential.publicKey),
    counter: credential.counter,
    transports: response.response.transports ?? credential.transports ?? [],
    attachment: response.authenticatorAttachment ?? null,
  };
}

export interface Assertion {
  /** the counter the authenticator reported */
  counter: number;
  userVerified: boolean;
}

/** Verifies a sign-in's assertion against the user's stored passkey; false when it does not prove it. */
export async function verifyAssertion(
  response: AuthenticationResponseJSON,
  challenge: string,
  passkeys: Passkeys,
  stored: CredentialRow,
): Promise<Assertion | false> {
  const origin = checkClientData(response.response.clientDataJSON, challenge, passkeys);
  if (stored.rp_id !== passkeys.rpId)
    throw new WebAuthnRelyingPartyMismatchException(
      `The credential was made for the relying party ID ${stored.rp_id}, not ${passkeys.rpId}.`,
    );
  try {
    checkRpIdHash(
      parseAuthenticatorData(isoBase64URL.toBuffer(response.response.authenticatorData)).rpIdHash,
      stored.rp_id,
    );
  } catch (e) {
    if (e instanceof WebAuthnRelyingPartyMismatchException) throw e;
    return false;
  }
  try {
    const verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: passkeys.rpId,
      requireUserVerification: passkeys.userVerification === 'required',
      credential: {
        id: stored.credential_id,
        publicKey: isoBase64URL.toBuffer(stored.public_key),
        counter: stored.sign_count,
        transports: transportsOf(stored),
      },
    });
    if (!verified.verified) return false;
    return { counter: verified.authenticationInfo.newCounter, userVerified: verified.authenticationInfo.userVerified };
  } catch {
    // A wrong signature, a counter gone backwards (a cloned authenticator), a missing user verification.
    return false;
  }
}
