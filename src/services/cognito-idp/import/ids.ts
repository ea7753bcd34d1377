import { randomBytes } from 'node:crypto';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** import-d0OnwGA3mV: "import-" and 10 letters and digits, as the AWS CLI reference's example shows. */
export function newImportJobId(): string {
  let id = '';
  // 62 letters and digits: bytes of 248 and over are drawn again, so each is equally likely.
  while (id.length < 10) for (const b of randomBytes(16)) if (b < 248 && id.length < 10) id += ALNUM[b % 62];
  return `import-${id}`;
}
