/** Device tokens: only their SHA-256 is kept; each belongs to a person. */
import type { StoreContext } from './chain';
import type { Device } from './types';

export async function addDevice(c: StoreContext, name: string, tokenHash: string, at: string, userEmail: string): Promise<Device> {
  const id = await c.transact(async (q, chain) => {
    const row = await q.get<{ id: number }>('INSERT INTO devices (name, token_hash, created_at, user_email) VALUES (?, ?, ?, ?) RETURNING id', [
      name,
      tokenHash,
      at,
      userEmail,
    ]);
    const id = Number(row!.id);
    await chain.append('device.added', at, { name, id, user: userEmail });
    return id;
  });
  return { id, name, userEmail, createdAt: at };
}

export async function findDeviceByTokenHash(c: StoreContext, tokenHash: string): Promise<Device | undefined> {
  const r = await c.db.get<{ id: number; name: string; created_at: string; user_email: string | null }>(
    'SELECT id, name, created_at, user_email FROM devices WHERE token_hash = ? AND revoked_at IS NULL',
    [tokenHash],
  );
  return r ? { id: Number(r.id), name: r.name, userEmail: r.user_email, createdAt: r.created_at } : undefined;
}

export async function revokeDevices(c: StoreContext, which: { name?: string; userEmail?: string }, at: string): Promise<number> {
  return c.transact(async (q, chain) => {
    const n =
      which.userEmail !== undefined
        ? await q.run('UPDATE devices SET revoked_at = ? WHERE user_email = ? AND revoked_at IS NULL', [at, which.userEmail])
        : which.name !== undefined
          ? await q.run('UPDATE devices SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL', [at, which.name])
          : 0;
    if (n > 0) await chain.append('device.revoked', at, { ...which, count: n });
    return n;
  });
}
