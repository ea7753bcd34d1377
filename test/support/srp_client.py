"""A Python SRP client for Cognito's USER_SRP_AUTH, as Python apps sign in (pycognito, warrant-lite).

Written for cognate's tests from the SRP-6a description (RFC 5054's 3072-bit group, SHA-256, the
HKDF-derived key and PASSWORD_CLAIM_SIGNATURE of Cognito's clients) with only the standard library
and boto3 (pycognito itself comes from PyPI, which this project cannot reach). Like pycognito it
decodes SECRET_BLOCK with Python's strict base64 decoder, so a value that is not standard padded
base64 fails here as it fails there.

    python3 srp_client.py ENDPOINT REGION POOL_ID CLIENT_ID USERNAME PASSWORD [CLIENT_SECRET]

prints one JSON object: the challenge answered and what RespondToAuthChallenge returned.
"""

import base64
import datetime
import hashlib
import hmac
import json
import secrets
import sys

import boto3

N = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
    16,
)
G = 2
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def padded(n: int) -> bytes:
    """An integer as Cognito's clients hash it: big-endian, shortest, a 00 byte first if the top bit is set."""
    text = format(n, "x")
    if len(text) % 2:
        text = "0" + text
    if text[0] in "89abcdef":
        text = "00" + text
    return bytes.fromhex(text)


def sha256(*parts: bytes) -> bytes:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    return digest.digest()


def as_int(data: bytes) -> int:
    return int.from_bytes(data, "big")


K = as_int(sha256(padded(N), padded(G)))


def hkdf16(ikm: bytes, salt: bytes) -> bytes:
    """RFC 5869 with SHA-256, info "Caldera Derived Key", the first 16 bytes of the first block."""
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    return hmac.new(prk, b"Caldera Derived Key\x01", hashlib.sha256).digest()[:16]


def timestamp(now: datetime.datetime) -> str:
    """English "EEE MMM d HH:mm:ss UTC yyyy", the day without a leading zero, whatever the locale."""
    return (
        f"{DAYS[now.weekday()]} {MONTHS[now.month - 1]} {now.day} "
        f"{now.hour:02d}:{now.minute:02d}:{now.second:02d} UTC {now.year}"
    )


def secret_hash(username: str, client_id: str, client_secret: str) -> str:
    mac = hmac.new(client_secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(mac).decode()


def sign_in(endpoint, region, pool_id, client_id, username, password, client_secret=None):
    client = boto3.client(
        "cognito-idp",
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    while True:
        a = secrets.randbits(1024) % N
        big_a = pow(G, a, N)
        if a and big_a % N:
            break
    params = {"USERNAME": username, "SRP_A": format(big_a, "x")}
    if client_secret:
        params["SECRET_HASH"] = secret_hash(username, client_id, client_secret)
    started = client.initiate_auth(ClientId=client_id, AuthFlow="USER_SRP_AUTH", AuthParameters=params)
    if started.get("ChallengeName") != "PASSWORD_VERIFIER":
        raise SystemExit(f"expected PASSWORD_VERIFIER, got {started.get('ChallengeName')}")
    challenge = started["ChallengeParameters"]
    user_id = challenge["USER_ID_FOR_SRP"]
    big_b = int(challenge["SRP_B"], 16)
    salt = int(challenge["SALT"], 16)
    # pycognito's strictness: anything but standard padded base64 raises binascii.Error here.
    secret_block = base64.b64decode(challenge["SECRET_BLOCK"], validate=True)
    if big_b % N == 0:
        raise SystemExit("SRP_B is 0 mod N")
    u = as_int(sha256(padded(big_a), padded(big_b)))
    if u == 0:
        raise SystemExit("u is 0")
    pool_name = pool_id.split("_", 1)[1]
    x = as_int(sha256(padded(salt), sha256(f"{pool_name}{user_id}:{password}".encode())))
    s = pow((big_b - K * pow(G, x, N)) % N, a + u * x, N)
    key = hkdf16(padded(s), padded(u))
    when = timestamp(datetime.datetime.now(datetime.timezone.utc))
    signature = hmac.new(
        key, pool_name.encode() + user_id.encode() + secret_block + when.encode(), hashlib.sha256
    ).digest()
    responses = {
        "USERNAME": user_id,
        "TIMESTAMP": when,
        "PASSWORD_CLAIM_SECRET_BLOCK": challenge["SECRET_BLOCK"],
        "PASSWORD_CLAIM_SIGNATURE": base64.b64encode(signature).decode(),
    }
    if client_secret:
        responses["SECRET_HASH"] = secret_hash(user_id, client_id, client_secret)
    answered = client.respond_to_auth_challenge(
        ClientId=client_id, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=responses
    )
    answered.pop("ResponseMetadata", None)
    return {"userIdForSrp": user_id, **answered}


if __name__ == "__main__":
    if len(sys.argv) not in (7, 8):
        raise SystemExit(__doc__)
    print(json.dumps(sign_in(*sys.argv[1:])))
