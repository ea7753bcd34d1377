// What a person reads when a sign-in step is refused, in the page's language (./i18n). Most of
// Cognito's exception texts are plain sentences already ("Incorrect username or password."): an
// English page shows them as they are, another language says the same in its words; the rest are
// said in plain words. Nothing unexpected is shown: an error that is no AwsError is a bug, logged
// by the caller.
import { AwsError } from '../../../kernel/errors.js';
import { WORDS, type Words } from './i18n/index.js';

type Said = (w: Words) => string;

const PLAIN: Record<string, Said> = {
  UserNotConfirmedException: (w) => w.userNotConfirmed,
  PasswordResetRequiredException: (w) => w.passwordResetRequired,
  CodeMismatchException: (w) => w.codeMismatch,
  ExpiredCodeException: (w) => w.codeExpired,
  TooManyRequestsException: (w) => w.tooManyRequests,
  LimitExceededException: (w) => w.limitExceeded,
  CodeDeliveryFailureException: (w) => w.deliveryFailed,
  UsernameExistsException: (w) => w.usernameExists,
  AliasExistsException: (w) => w.aliasExists,
  UserLambdaValidationException: (w) => w.lambdaRefused,
};

/** The account pages' own words where the sign-in's would mislead (a wrong code there is not a sign-in to start again). */
export const ACCOUNT_WORDS: Record<string, Said> = {
  CodeMismatchException: (w) => w.accountCodeMismatch,
  ExpiredCodeException: (w) => w.accountCodeExpired,
  LimitExceededException: (w) => w.limitExceeded,
};

/** Cognito's own sentences, and what another language says for them. */
const COGNITO: Record<string, Record<string, Said>> = {
  NotAuthorizedException: {
    'Incorrect username or password.': (w) => w.incorrect,
    'User is disabled.': (w) => w.userDisabled,
  },
  UserNotFoundException: { 'User does not exist.': (w) => w.userMissing },
};

/** The sentence for a refused step: Cognito's own where it is one, else a plain one. */
export function plainWords(e: AwsError, w: Words = WORDS.en, own: Record<string, Said> = {}): string {
  const said = own[e.code] ?? PLAIN[e.code];
  if (said) return said(w);
  // Cognito's messages of these are sentences a person can act on (the password policy's too).
  const sentence = /^[A-Z][^{}<>]*$/.test(e.message);
  if (w === WORDS.en) {
    if (
      sentence &&
      [
        'NotAuthorizedException',
        'UserNotFoundException',
        'InvalidPasswordException',
        'InvalidParameterException',
      ].includes(e.code)
    )
      return e.message.replace(/^Password did not conform with policy: /, 'That password is not allowed: ');
    return w.stepFailed;
  }
  const known = COGNITO[e.code]?.[e.message];
  if (known) return known(w);
  if (e.code === 'InvalidPasswordException') return w.passwordNotAllowed;
  if (e.code === 'InvalidParameterException' && sentence) return w.notValid;
  if (e.code === 'NotAuthorizedException' && sentence) return w.incorrect;
  if (e.code === 'UserNotFoundException') return w.userMissing;
  return w.stepFailed;
}

export const isAwsError = (e: unknown): e is AwsError => e instanceof AwsError && e.status < 500;
