/** Device tokens: each belongs to one person, is shown once at creation and kept only as its SHA-256. */
import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../store/types';

export const TOKEN_PREFIX = 'dgd_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export async function createDeviceToken(store: Store, name: string, at: string, userEmail: string): Promise<string> {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  await store.addDevice(name, hashToken(token), at, userEmail);
  return token;
}
