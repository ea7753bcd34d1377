"""CustomMessage: Example Corp's own wording for the codes Cognito sends. The placeholders from the
request (codeParameter, usernameParameter) stay in the text; Cognito puts the values in."""


def lambda_handler(event, context):
    code = event["request"]["codeParameter"]
    username = event["request"].get("usernameParameter")
    response = event["response"]
    source = event["triggerSource"]
    if source in ("CustomMessage_SignUp", "CustomMessage_ResendCode"):
        response["emailSubject"] = "Confirm your Example Corp account"
        response["emailMessage"] = f"Welcome to Example Corp! Your confirmation code is {code}."
        response["smsMessage"] = f"Example Corp confirmation code: {code}"
    elif source == "CustomMessage_ForgotPassword":
        response["emailSubject"] = "Reset your Example Corp password"
        response["emailMessage"] = f"Use {code} to choose a new password."
        response["smsMessage"] = f"Example Corp password reset code: {code}"
    elif source == "CustomMessage_AdminCreateUser":
        response["emailSubject"] = "Your Example Corp account"
        response["emailMessage"] = f"Sign in as {username} with the temporary password {code}."
        response["smsMessage"] = f"Example Corp: user {username}, temporary password {code}"
    return event
