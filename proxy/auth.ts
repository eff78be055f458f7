/** Bearer device tokens for the extension API. A missing or unknown token is 401, before any work. */
import type { MiddlewareHandler } from 'hono';
import { hashToken } from './devices';
import { ApiError } from './errors';
import type { Device, Store } from './store/types';

export type DeviceEnv = { Variables: { device: Device } };

export function deviceAuth({ store }: { store: Store }): MiddlewareHandler<DeviceEnv> {
  return async function deviceAuth(c, next) {
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new ApiError(401, 'unauthorized', 'a device token is required (Authorization: Bearer …)');
    const device = await store.findDeviceByTokenHash(hashToken(m[1]!));
    if (!device) throw new ApiError(401, 'unauthorized', 'the device token is not valid or was revoked');
    c.set('device', device);
    await next();
  };
}
