import type { SetUICustomizationRequest, SetUICustomizationResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getClient, getPool } from '../pools/store.js';
import { checkCss, imageType } from '../branding/css.js';
import { ALL_CLIENTS, putUiCustomization, uiCustomizationType } from '../branding/ui-customization.js';
import { domainsOfPool } from '../domains/store.js';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';

// The pages are served on the pool's domain, so AWS requires one first ("There has to be an existing
// domain associated with this user pool", InvalidParameterException, as Terraform's tests and users
// quote it).
const SetUICustomization: Operation<SetUICustomizationRequest, SetUICustomizationResponse> = async (
  deps,
  ctx,
  input,
) => {
  const db = deps.store.db;
  const pool = await getPool(db, callerOf(ctx), input.UserPoolId);
  if ((await domainsOfPool(db, pool.id)).length === 0)
    throw new InvalidParameterException('There has to be an existing domain associated with this user pool');
  // No ClientId: the pool's default, as ALL (Terraform's default too).
  const clientId = input.ClientId ?? ALL_CLIENTS;
  if (clientId !== ALL_CLIENTS) await getClient(db, pool.id, clientId);
  if (input.CSS !== undefined) checkCss(input.CSS);
  // The validator leaves blobs as the base64 text they travel as.
  const raw = input.ImageFile as unknown as string | undefined;
  const bytes = raw === undefined || raw === '' ? undefined : Buffer.from(raw, 'base64');
  const image = bytes && { bytes, type: imageType(bytes) };
  const now = deps.now();
  const row = await putUiCustomization(db, pool.id, clientId, { css: input.CSS, image }, now);
  return {
    UICustomization: row
      ? uiCustomizationType(deps.publicUrl, row)
      : // Removed: what AWS answers then is not on record; the pool and client it named.
        { UserPoolId: pool.id, ClientId: clientId },
  };
};
export default SetUICustomization;
