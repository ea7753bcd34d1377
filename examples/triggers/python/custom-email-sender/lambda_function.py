"""CustomEmailSender: Cognito hands over the code (or temporary password) encrypted for the pool's
KMS key with the AWS Encryption SDK; the function decrypts it and sends its own email through
Amazon SES. Environment: KEY_ARN (the pool's KMSKeyID), SENDER (a verified SES identity).
Package it with ../lib/encryption_sdk_message.py (or decrypt with the aws-encryption-sdk package)."""
import os

import boto3
from encryption_sdk_message import decrypt

ses = boto3.client("sesv2")

SUBJECTS = {
    "CustomEmailSender_SignUp": "Confirm your account",
    "CustomEmailSender_ResendCode": "Confirm your account",
    "CustomEmailSender_ForgotPassword": "Reset your password",
    "CustomEmailSender_UpdateUserAttribute": "Confirm your new email address",
    "CustomEmailSender_VerifyUserAttribute": "Confirm your email address",
    "CustomEmailSender_AdminCreateUser": "Your new account",
    "CustomEmailSender_Authentication": "Your sign-in code",
}


def lambda_handler(event, context):
    code = decrypt(event["request"]["code"], os.environ["KEY_ARN"]).decode("utf-8")
    email = event["request"]["userAttributes"].get("email")
    if not email:
        return event
    if event["triggerSource"] == "CustomEmailSender_AdminCreateUser":
        text = f"Sign in as {event['userName']} with the temporary password {code}"
    else:
        text = f"Your code is {code}"
    ses.send_email(
        FromEmailAddress=os.environ["SENDER"],
        Destination={"ToAddresses": [email]},
        Content={
            "Simple": {
                "Subject": {"Data": SUBJECTS.get(event["triggerSource"], "Your code")},
                "Body": {"Text": {"Data": text}},
            }
        },
    )
    return event
