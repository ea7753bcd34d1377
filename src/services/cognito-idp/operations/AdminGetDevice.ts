import type { AdminGetDeviceRequest, AdminGetDeviceResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { adminOwner } from '../devices/access.js';
import { getDevice } from '../devices/operations.js';

const AdminGetDevice: Operation<AdminGetDeviceRequest, AdminGetDeviceResponse> = async (deps, ctx, input) =>
  getDevice(deps, await adminOwner(deps, ctx, input.UserPoolId, input.Username), input.DeviceKey);
export default AdminGetDevice;
