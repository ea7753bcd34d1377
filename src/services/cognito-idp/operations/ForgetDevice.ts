import type { ForgetDeviceRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { tokenOwner } from '../devices/access.js';
import { forget } from '../devices/operations.js';

const ForgetDevice: Operation<ForgetDeviceRequest, void> = async (deps, _ctx, input) =>
  forget(deps, await tokenOwner(deps, input.AccessToken), input.DeviceKey);
export default ForgetDevice;
