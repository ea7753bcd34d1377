"""Decrypts an AWS Encryption SDK message whose data key KMS encrypted, with boto3's KMS Decrypt and
the `cryptography` package: what a custom sender needs when the `aws-encryption-sdk` package is not
at hand. It reads the message format version 2 with the committing algorithm suites the SDK writes
under its default commitment policy (0x0478, and 0x0578 with its ECDSA P-384 signature, checked).
On AWS Lambda, package `cryptography` with the function (boto3 is in the runtime); where you can,
use `aws-encryption-sdk` itself, as AWS's example does."""
import base64
import hmac
import struct

import boto3
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

COMMITTING = 0x0478
COMMITTING_SIGNED = 0x0578
FINAL_FRAME = 0xFFFFFFFF


class _Reader:
    def __init__(self, data):
        self.data = data
        self.at = 0

    def take(self, n):
        if self.at + n > len(self.data):
            raise ValueError("truncated Encryption SDK message")
        out = self.data[self.at : self.at + n]
        self.at += n
        return out

    def uint(self, n):
        return int.from_bytes(self.take(n), "big")

    def short_bytes(self):
        return self.take(self.uint(2))


def _hkdf(key, salt, info):
    return HKDF(algorithm=hashes.SHA512(), length=32, salt=salt, info=info).derive(key)


def decrypt(ciphertext_b64, key_arn, kms=None):
    """The plaintext (bytes) of a base64 Encryption SDK message whose data key `key_arn` encrypted."""
    data = base64.b64decode(ciphertext_b64)
    r = _Reader(data)
    if r.uint(1) != 2:
        raise ValueError("not an Encryption SDK message of format version 2")
    suite = r.uint(2)
    if suite not in (COMMITTING, COMMITTING_SIGNED):
        raise ValueError(f"algorithm suite {suite:#06x} is not supported here")
    message_id = r.take(32)
    context = {}
    aad = _Reader(r.short_bytes())
    if aad.data:
        for _ in range(aad.uint(2)):
            name = aad.short_bytes().decode("utf-8")
            context[name] = aad.short_bytes().decode("utf-8")
    data_keys = []
    for _ in range(r.uint(2)):
        provider = r.short_bytes().decode("utf-8")
        info = r.short_bytes().decode("utf-8")
        data_keys.append((provider, info, r.short_bytes()))
    if r.uint(1) != 2:
        raise ValueError("only framed messages are supported here")
    frame_length = r.uint(4)
    commitment = r.take(32)
    header_body = data[: r.at]
    header_tag = r.take(16)

    kms = kms or boto3.client("kms")
    wrapped = next((k for p, i, k in data_keys if p == "aws-kms" and i == key_arn), None)
    if wrapped is None:
        raise ValueError(f"the message has no data key encrypted by {key_arn}")
    data_key = kms.decrypt(CiphertextBlob=wrapped, KeyId=key_arn, EncryptionContext=context)["Plaintext"]

    suite_id = suite.to_bytes(2, "big")
    if not hmac.compare_digest(_hkdf(data_key, message_id, b"COMMITKEY"), commitment):
        raise ValueError("the key commitment does not match")
    aes = AESGCM(_hkdf(data_key, message_id, suite_id + b"DERIVEKEY"))
    aes.decrypt(b"\0" * 12, header_tag, header_body)

    plaintext = b""
    sequence = 1
    while True:
        final = r.uint(4) == FINAL_FRAME
        if final:
            number = r.uint(4)
        else:
            r.at -= 4
            number = r.uint(4)
        if number != sequence:
            raise ValueError("frames out of order")
        iv = r.take(12)
        length = r.uint(4) if final else frame_length
        content = r.take(length)
        tag = r.take(16)
        label = b"AWSKMSEncryptionClient Final Frame" if final else b"AWSKMSEncryptionClient Frame"
        frame_aad = message_id + label + struct.pack(">IQ", number, length)
        try:
            plaintext += aes.decrypt(iv, content + tag, frame_aad)
        except InvalidTag as e:
            raise ValueError("a frame does not authenticate") from e
        if final:
            break
        sequence += 1

    if suite == COMMITTING_SIGNED:
        signed = data[: r.at]
        signature = r.short_bytes()
        point = base64.b64decode(context["aws-crypto-public-key"])
        public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP384R1(), point)
        public_key.verify(signature, signed, ec.ECDSA(hashes.SHA384()))
    return plaintext
