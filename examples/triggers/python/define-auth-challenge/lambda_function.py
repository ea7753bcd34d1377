"""DefineAuthChallenge: a custom sign-in of one question. A right answer issues tokens; after three
wrong answers the sign-in fails."""


def lambda_handler(event, context):
    session = event["request"]["session"]
    last = session[-1] if session else {}
    response = event["response"]
    if event["request"].get("userNotFound"):
        response["issueTokens"] = False
        response["failAuthentication"] = True
    elif last.get("challengeName") == "CUSTOM_CHALLENGE" and last.get("challengeResult") is True:
        response["issueTokens"] = True
        response["failAuthentication"] = False
    elif len(session) >= 3:
        response["issueTokens"] = False
        response["failAuthentication"] = True
    else:
        response["issueTokens"] = False
        response["failAuthentication"] = False
        response["challengeName"] = "CUSTOM_CHALLENGE"
    return event
