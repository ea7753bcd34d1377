import type { GetDeviceRequest, GetDeviceResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { tokenOwner } from '../devices/access.js';
import { getDevice } from '../devices/operations.js';

const GetDevice: Operation<GetDeviceRequest, GetDeviceResponse> = async (deps, _ctx, input) =>
  getDevice(deps, await tokenOwner(deps, input.AccessToken), input.DeviceKey);
export default GetDevice;
