// The domain an UpdateUserPoolDomain or DeleteUserPoolDomain names, which must be the named pool's.
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import type { Caller } from '../../../kernel/caller.js';
import type { Db, Tx } from '../../../store/store.js';
import { domainByHost, hostOf, type DomainRow } from './store.js';

export async function ownedDomain(db: Db | Tx, caller: Caller, poolId: string, domain: string): Promise<DomainRow> {
  const row = await domainByHost(db, hostOf(domain, caller.region));
  if (!row || row.pool_id !== poolId || row.account !== caller.account || row.region !== caller.region) {
    // Recorded: aws-amplify/amplify-cli's e2e tests expect `InvalidParameterException: No such domain
    // or user pool exists.` from DeleteUserPoolDomain; terraform-provider-aws treats an
    // InvalidParameterException containing "No such domain" as already deleted.
    throw new InvalidParameterException('No such domain or user pool exists.');
  }
  return row;
}
