// Who is calling, and where their regional resources live. The protocol layer fills these from the
// SigV4 Authorization header (src/protocol/sigv4.ts); every layer below reads them.

export interface Caller {
  accessKey: string;
  account: string;
  region: string;
  service: string;
}

/** Where a regional resource lives: the account and Region of the signed caller. */
export interface Scope {
  account: string;
  region: string;
}

/** What the store knows of a temporary access key (one that STS AssumeRole issued). */
export type KeySession = { account: string; expiresAt: number } | undefined;
export type KeySessions = (accessKey: string) => Promise<KeySession>;
