// The request counts of an account's rate-limited API categories (migration 021_request_rates):
// one row per account, Region and counter, holding the current one-second window only.

export interface RequestRateRow {
  account: string;
  region: string;
  /** an API category (UserAuthentication, ...) or a category's own allowance (UserAuthentication/challenge) */
  counter: string;
  /** the window the count belongs to: epoch seconds */
  at_second: number;
  count: number;
}
