// CreateAuthChallenge: asks the sum of two random numbers. The app sees the question; the answer
// stays in the private parameters that only VerifyAuthChallengeResponse reads.
import { randomInt } from 'node:crypto';

export const handler = async (event) => {
  if (event.request.challengeName === 'CUSTOM_CHALLENGE') {
    const a = randomInt(1, 50);
    const b = randomInt(1, 50);
    event.response.publicChallengeParameters = { question: `What is ${a} + ${b}?` };
    event.response.privateChallengeParameters = { answer: String(a + b) };
    event.response.challengeMetadata = 'SUM_QUESTION';
  }
  return event;
};
