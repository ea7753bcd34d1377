// VerifyAuthChallengeResponse: the answer is right when it is the sum CreateAuthChallenge kept.
export const handler = async (event) => {
  const expected = event.request.privateChallengeParameters.answer;
  event.response.answerCorrect = String(event.request.challengeAnswer).trim() === expected;
  return event;
};
