import type { ListDevicesRequest, ListDevicesResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { tokenOwner } from '../devices/access.js';
import { listOwnerDevices } from '../devices/operations.js';

const ListDevices: Operation<ListDevicesRequest, ListDevicesResponse> = async (deps, ctx, input) =>
  listOwnerDevices(deps, ctx, await tokenOwner(deps, input.AccessToken), input.Limit, input.PaginationToken);
export default ListDevices;
