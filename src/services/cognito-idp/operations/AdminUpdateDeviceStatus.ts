import type {
  AdminUpdateDeviceStatusRequest,
  AdminUpdateDeviceStatusResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { adminOwner } from '../devices/access.js';
import { updateStatus } from '../devices/operations.js';

const AdminUpdateDeviceStatus: Operation<AdminUpdateDeviceStatusRequest, AdminUpdateDeviceStatusResponse> = async (
  deps,
  ctx,
  input,
) => {
  const owner = await adminOwner(deps, ctx, input.UserPoolId, input.Username);
  await updateStatus(deps, owner, input.DeviceKey, input.DeviceRememberedStatus);
  return {};
};
export default AdminUpdateDeviceStatus;
