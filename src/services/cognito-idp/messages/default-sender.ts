// Cognito's default sender (EmailConfiguration COGNITO_DEFAULT): its address, and the quota counter
// that every email it sends for an account and Region draws on (src/store/quota.ts). Kept apart
// from queue.ts so that readers of the count (the status API, the doctor) load nothing else.

/** Cognito's default sender (COGNITO_DEFAULT). */
export const COGNITO_DEFAULT_FROM = 'no-reply@verificationemail.com';

/** The quota counter of Cognito's default sender for an account and Region. */
export const defaultEmailScope = (account: string, region: string) => `cognito-default-email/${account}/${region}`;
