/**
 * Bearer device tokens for the extension API. A missing or unknown token is 401, before any work.
 * Every token belongs to one person: a request that names another sender is 403.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { hashToken } from '../deployment/devices';
import { ApiError } from './errors';
import { normalizeEmail } from '../registry/address';
import type { Device, Store } from '../store/types';

export type PersonDevice = Device & { userEmail: string };
export type DeviceEnv = { Variables: { device: PersonDevice } };

export function deviceAuth({ store }: { store: Store }): MiddlewareHandler<DeviceEnv> {
  return async function deviceAuth(c, next) {
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S{1,200})$/i.exec(header);
    if (!m) throw new ApiError(401, 'unauthorized', 'a device token is required (Authorization: Bearer …)');
    const device = await store.findDeviceByTokenHash(hashToken(m[1]!));
    if (!device) throw new ApiError(401, 'unauthorized', 'the device token is not valid or was revoked');
    if (!device.userEmail) {
      throw new ApiError(401, 'unauthorized', 'this device token belongs to no person; create one with `token create --user EMAIL`');
    }
    c.set('device', device as PersonDevice);
    await next();
  };
}

/** The request's `sender`, which must be the token's person. */
export function senderOf(c: Context<DeviceEnv>, sender: string): string {
  const email = normalizeEmail(sender);
  if (!email) throw new ApiError(400, 'invalid_body', 'sender is not an email address', [{ path: 'sender', message: 'not an email address' }]);
  if (email !== c.get('device').userEmail) {
    throw new ApiError(403, 'wrong_sender', 'this device token belongs to another person: a request may only name the token\'s own person as sender');
  }
  return email;
}
