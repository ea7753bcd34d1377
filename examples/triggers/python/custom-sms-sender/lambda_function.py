"""CustomSMSSender: Cognito hands over the code (or temporary password) encrypted for the pool's
KMS key with the AWS Encryption SDK; the function decrypts it and sends its own text message
through Amazon SNS. Environment: KEY_ARN (the pool's KMSKeyID).
Package it with ../lib/encryption_sdk_message.py (or decrypt with the aws-encryption-sdk package)."""
import os

import boto3
from encryption_sdk_message import decrypt

sns = boto3.client("sns")


def lambda_handler(event, context):
    code = decrypt(event["request"]["code"], os.environ["KEY_ARN"]).decode("utf-8")
    phone = event["request"]["userAttributes"].get("phone_number")
    if not phone:
        return event
    if event["triggerSource"] == "CustomSMSSender_AdminCreateUser":
        text = f"Example Corp: user {event['userName']}, temporary password {code}"
    else:
        text = f"Example Corp code: {code}"
    sns.publish(
        PhoneNumber=phone,
        Message=text,
        MessageAttributes={"AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}},
    )
    return event
