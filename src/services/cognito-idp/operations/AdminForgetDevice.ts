import type { AdminForgetDeviceRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { adminOwner } from '../devices/access.js';
import { forget } from '../devices/operations.js';

const AdminForgetDevice: Operation<AdminForgetDeviceRequest, void> = async (deps, ctx, input) =>
  forget(deps, await adminOwner(deps, ctx, input.UserPoolId, input.Username), input.DeviceKey);
export default AdminForgetDevice;
