"""PostConfirmation: once a user has confirmed their sign-up, sends them a welcome email through
Amazon SES (the sender, SENDER, must be a verified identity). A password reset is left alone."""
import os

import boto3

ses = boto3.client("sesv2")


def lambda_handler(event, context):
    attributes = event["request"]["userAttributes"]
    email = attributes.get("email")
    if event["triggerSource"] == "PostConfirmation_ConfirmSignUp" and email:
        name = attributes.get("name", event["userName"])
        ses.send_email(
            FromEmailAddress=os.environ["SENDER"],
            Destination={"ToAddresses": [email]},
            Content={
                "Simple": {
                    "Subject": {"Data": "Welcome aboard"},
                    "Body": {"Text": {"Data": f"Hello {name}, your account is ready."}},
                }
            },
        )
    return event
