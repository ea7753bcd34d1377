"""PreAuthentication: refuses sign-ins that come through an app client that may no longer sign
users in (BLOCKED_CLIENT_ID), before Cognito checks the password."""
import os


def lambda_handler(event, context):
    if event["callerContext"]["clientId"] == os.environ.get("BLOCKED_CLIENT_ID"):
        raise Exception("This app client can no longer sign users in")
    return event
