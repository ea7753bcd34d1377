// The columns of a user import CSV (GetCSVHeader). AWS's order, as its developer guide shows it
// (cognito-user-pools-using-import-tool-csv-header: "aws cognito-idp get-csv-header" sample
// response): the standard attributes in schema order without sub, then cognito:mfa_enabled and
// cognito:username. Custom attributes follow cognito:username, in the pool's schema order (a
// header users have printed from GetCSVHeader for a pool with two: `...,cognito:mfa_enabled,
// cognito:username,custom:role,custom:studio_id`). Developer-only attributes are listed too
// (an administrator's import may set them); whether AWS lists them is not on record.
import type { Pool } from '../pools/store.js';
import { STANDARD_NAMES } from '../pools/schema.js';

export const USERNAME_COLUMN = 'cognito:username';
export const MFA_COLUMN = 'cognito:mfa_enabled';

export function csvHeader(pool: Pool): string[] {
  const schema = pool.config.SchemaAttributes ?? [];
  const standard = schema.filter((a) => STANDARD_NAMES.has(a.Name!) && a.Name !== 'sub').map((a) => a.Name!);
  const custom = schema.filter((a) => !STANDARD_NAMES.has(a.Name!)).map((a) => a.Name!);
  return [...standard, MFA_COLUMN, USERNAME_COLUMN, ...custom];
}
