"""VerifyAuthChallengeResponse: the answer is right when it is the sum CreateAuthChallenge kept."""


def lambda_handler(event, context):
    expected = event["request"]["privateChallengeParameters"]["answer"]
    answer = str(event["request"].get("challengeAnswer", "")).strip()
    event["response"]["answerCorrect"] = answer == expected
    return event
