// Address checks with SES's words for a malformed address: InvalidParameterValue (v1) with
// `Missing final '@domain'`, `Missing domain`, `Missing local name`, `Local address contains
// control or whitespace`, `Domain contains control or whitespace`, `Illegal address`
// (docs/reference/aws-recorded.md §1.4, one recorded sample each). v2 reports them as BadRequestException.
import { AwsError } from '../../kernel/errors.js';
import { BadRequestException } from '../../generated/sesv2/errors.js';
import { bareAddress, kindOf } from './identities.js';

export type Api = 'v1' | 'v2';

const refuse = (api: Api, message: string) =>
  api === 'v1' ? new AwsError('InvalidParameterValue', message) : new BadRequestException(message);

/** What is wrong with an address (`a@b` or `Name <a@b>`), or null. */
export function addressProblem(address: string): string | null {
  const bare = bareAddress(address);
  const at = bare.lastIndexOf('@');
  if (at < 0) return "Missing final '@domain'";
  const local = bare.slice(0, at);
  const domain = bare.slice(at + 1);
  if (!local) return 'Missing local name';
  if (!domain) return 'Missing domain';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what SES refuses here
  if (/[\s\x00-\x1f\x7f]/.test(local)) return 'Local address contains control or whitespace';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what SES refuses here
  if (/[\s\x00-\x1f\x7f]/.test(domain)) return 'Domain contains control or whitespace';
  if (
    !/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(domain) ||
    local.includes('@')
  )
    return 'Illegal address';
  return null;
}

export function checkAddresses(addresses: string[], api: Api): void {
  for (const a of addresses) {
    const problem = addressProblem(a);
    if (problem) throw refuse(api, problem);
  }
}

/** An identity to create: an email address, or a domain name. */
export function checkIdentityName(name: string, api: Api): void {
  if (kindOf(name) === 'EMAIL_ADDRESS') {
    checkAddresses([name], api);
    return;
  }
  if (
    !/^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/.test(
      name,
    )
  ) {
    // The text AWS gave for an identity that is neither (botocore's recorded errors/ses-delete-identity.xml).
    throw refuse(api, `Identity ${name} is invalid. Must be a verified email address or domain.`);
  }
}
