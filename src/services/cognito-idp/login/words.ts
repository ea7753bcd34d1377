// What a person reads when a sign-in step is refused. Most of Cognito's exception texts are
// plain sentences already ("Incorrect username or password."); the rest are said here in plain
// words. Nothing unexpected is shown: an error that is no AwsError is a bug, logged by the caller.
import { AwsError } from '../../../kernel/errors.js';

const PLAIN: Record<string, string> = {
  UserNotConfirmedException: 'Your account is not confirmed yet. Confirm it with the code we sent you, then sign in.',
  PasswordResetRequiredException: 'You need to reset your password before you can sign in.',
  CodeMismatchException: 'That code is not right. Sign in again to get a new one.',
  ExpiredCodeException: 'That code has expired. Sign in again to get a new one.',
  TooManyRequestsException: 'Too many attempts. Wait a moment and try again.',
  LimitExceededException: 'Too many attempts. Wait a while and try again.',
  CodeDeliveryFailureException: 'We could not send you a code. Try again later.',
  UsernameExistsException: 'An account with this username already exists. Sign in, or choose another.',
  AliasExistsException: 'An account with this email address or phone number already exists.',
  UserLambdaValidationException: 'Your request was refused by the app. Check what you entered and try again.',
};

/** The account pages' own words where the sign-in's would mislead (a wrong code there is not a sign-in to start again). */
export const ACCOUNT_WORDS: Record<string, string> = {
  CodeMismatchException: 'That code is not right. Check it and try again, or ask for a new code.',
  ExpiredCodeException: 'That code has expired. Ask for a new code.',
  LimitExceededException: 'Too many attempts. Wait a while and try again.',
};

/** The sentence for a refused step: Cognito's own where it is one, else a plain one. */
export function plainWords(e: AwsError, own: Record<string, string> = {}): string {
  if (own[e.code]) return own[e.code];
  if (PLAIN[e.code]) return PLAIN[e.code];
  // Cognito's messages of these are sentences a person can act on (the password policy's too).
  if (
    [
      'NotAuthorizedException',
      'UserNotFoundException',
      'InvalidPasswordException',
      'InvalidParameterException',
    ].includes(e.code) &&
    /^[A-Z][^{}<>]*$/.test(e.message)
  )
    return e.message.replace(/^Password did not conform with policy: /, 'That password is not allowed: ');
  return 'Something went wrong with this step. Try signing in again.';
}

export const isAwsError = (e: unknown): e is AwsError => e instanceof AwsError && e.status < 500;
