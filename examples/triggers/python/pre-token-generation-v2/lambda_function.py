"""PreTokenGeneration, event version 2 (LambdaVersion V2_0): a `tenant` claim in the ID token and
the access token, a list of roles in the access token, and an extra scope for the tenant's API.
Environment: TENANT."""
import os


def lambda_handler(event, context):
    tenant = os.environ.get("TENANT", "default")
    event["response"] = {
        "claimsAndScopeOverrideDetails": {
            "idTokenGeneration": {"claimsToAddOrOverride": {"tenant": tenant}},
            "accessTokenGeneration": {
                "claimsToAddOrOverride": {"tenant": tenant, "roles": ["reader", "writer"]},
                "scopesToAdd": [f"{tenant}/orders.read"],
            },
        }
    }
    return event
