"""PostAuthentication: records each successful sign-in in the function's log (CloudWatch Logs)."""


def lambda_handler(event, context):
    email = event["request"]["userAttributes"].get("email", "no email")
    client = event["callerContext"]["clientId"]
    print(f"Signed in: {event['userName']} ({email}) through app client {client}")
    return event
