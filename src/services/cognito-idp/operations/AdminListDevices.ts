import type { AdminListDevicesRequest, AdminListDevicesResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { adminOwner } from '../devices/access.js';
import { listOwnerDevices } from '../devices/operations.js';

const AdminListDevices: Operation<AdminListDevicesRequest, AdminListDevicesResponse> = async (deps, ctx, input) =>
  listOwnerDevices(
    deps,
    ctx,
    await adminOwner(deps, ctx, input.UserPoolId, input.Username),
    input.Limit,
    input.PaginationToken,
  );
export default AdminListDevices;
