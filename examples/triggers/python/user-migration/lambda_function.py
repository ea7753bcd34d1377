"""UserMigration: moves users from a legacy directory into the pool the first time they sign in
(their password is checked against the old system) or ask for a password reset. The directory
here is a table in the code; a real one would be an API or a database."""
import hashlib
import hmac


def _sha256(text):
    return hashlib.sha256(text.encode("utf-8")).digest()


LEGACY_USERS = {
    "legacy-lee": {"email": "lee@example.com", "password_sha256": _sha256("Legacy-Passw0rd")},
}


def lambda_handler(event, context):
    user = LEGACY_USERS.get(event["userName"])
    if user is None:
        raise Exception("Bad user name or password")
    if event["triggerSource"] == "UserMigration_Authentication":
        given = _sha256(event["request"].get("password") or "")
        if not hmac.compare_digest(given, user["password_sha256"]):
            raise Exception("Bad user name or password")
        event["response"]["finalUserStatus"] = "CONFIRMED"
    event["response"]["userAttributes"] = {"email": user["email"], "email_verified": "true"}
    event["response"]["messageAction"] = "SUPPRESS"
    return event
