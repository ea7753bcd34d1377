"""CreateAuthChallenge: asks the sum of two random numbers. The app sees the question; the answer
stays in the private parameters that only VerifyAuthChallengeResponse reads."""
import secrets


def lambda_handler(event, context):
    if event["request"]["challengeName"] == "CUSTOM_CHALLENGE":
        a = 1 + secrets.randbelow(49)
        b = 1 + secrets.randbelow(49)
        event["response"]["publicChallengeParameters"] = {"question": f"What is {a} + {b}?"}
        event["response"]["privateChallengeParameters"] = {"answer": str(a + b)}
        event["response"]["challengeMetadata"] = "SUM_QUESTION"
    return event
