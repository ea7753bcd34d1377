import type { UpdateDeviceStatusRequest, UpdateDeviceStatusResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { tokenOwner } from '../devices/access.js';
import { updateStatus } from '../devices/operations.js';

/** remembered or not_remembered; without a status the device is left as it is (AWS's answer is not on record). */
const UpdateDeviceStatus: Operation<UpdateDeviceStatusRequest, UpdateDeviceStatusResponse> = async (
  deps,
  _ctx,
  input,
) => {
  await updateStatus(deps, await tokenOwner(deps, input.AccessToken), input.DeviceKey, input.DeviceRememberedStatus);
  return {};
};
export default UpdateDeviceStatus;
