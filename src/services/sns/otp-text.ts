// The SMS that carries a sandbox one-time password. AWS's wording is not recorded; this is
// cognate's, in the languages CreateSMSSandboxPhoneNumber's LanguageCode offers (English where
// cognate has no translation).
const TEXT: Record<string, string> = {
  'en-US': 'Your Amazon SNS verification code is {otp}.',
  'en-GB': 'Your Amazon SNS verification code is {otp}.',
  'de-DE': 'Ihr Amazon SNS-Bestätigungscode lautet {otp}.',
  'es-ES': 'Su código de verificación de Amazon SNS es {otp}.',
  'es-419': 'Su código de verificación de Amazon SNS es {otp}.',
  'fr-FR': 'Votre code de vérification Amazon SNS est {otp}.',
  'fr-CA': 'Votre code de vérification Amazon SNS est {otp}.',
};

export const otpMessage = (language: string | undefined, otp: string) =>
  (TEXT[language ?? 'en-US'] ?? TEXT['en-US']).replace('{otp}', otp);
