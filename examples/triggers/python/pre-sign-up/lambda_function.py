"""PreSignUp: turns away sign-ups from blocked email domains, confirms users of the trusted domain
at once (and marks their address verified), and leaves everyone else to confirm with a code.
Environment: TRUSTED_DOMAIN (example.com), BLOCKED_DOMAINS (a comma-separated list)."""
import os


def lambda_handler(event, context):
    email = event["request"]["userAttributes"].get("email", "").lower()
    domain = email.rpartition("@")[2]
    blocked = [d.strip().lower() for d in os.environ.get("BLOCKED_DOMAINS", "").split(",")]
    if domain and domain in blocked:
        raise Exception(f"Sign-up from {domain} is not allowed")
    if domain == os.environ.get("TRUSTED_DOMAIN", "example.com"):
        event["response"]["autoConfirmUser"] = True
        event["response"]["autoVerifyEmail"] = True
    return event
