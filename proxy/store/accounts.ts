/** Console accounts, their sessions, and the sign-in throttle. */
import type { StoreContext } from './chain';
import type { Account, Role, Session, SignInAttempt } from './types';

// Counts one attempt atomically; a lock that has run out starts the count again.
const COUNT_ATTEMPT = `INSERT INTO signin_throttle (key, failed_count, locked_until) VALUES (?, 1, CASE WHEN 1 > ? THEN CAST(? AS TEXT) END)
  ON CONFLICT(key) DO UPDATE SET
    failed_count = CASE WHEN signin_throttle.locked_until IS NOT NULL AND signin_throttle.locked_until <= CAST(? AS TEXT) THEN 1
      ELSE signin_throttle.failed_count + 1 END,
    locked_until = CASE
      WHEN signin_throttle.locked_until IS NOT NULL AND signin_throttle.locked_until > CAST(? AS TEXT) THEN signin_throttle.locked_until
      WHEN signin_throttle.locked_until IS NOT NULL THEN NULL
      WHEN signin_throttle.failed_count + 1 > ? THEN CAST(? AS TEXT)
      ELSE NULL END
  RETURNING failed_count, locked_until`;

export async function addAccount(c: StoreContext, a: { email: string; role: Role; passwordHash: string }, at: string): Promise<void> {
  await c.transact(async (q, chain) => {
    await q.run('INSERT INTO accounts (email, role, password_hash, created_at) VALUES (?, ?, ?, ?)', [a.email, a.role, a.passwordHash, at]);
    await chain.append('console.account_added', at, { email: a.email, role: a.role });
  });
}

export async function getAccount(c: StoreContext, email: string): Promise<Account | undefined> {
  const r = await c.db.get<{ email: string; role: Role; password_hash: string; failed_count: number; locked_until: string | null; created_at: string; disabled_at: string | null }>(
    'SELECT * FROM accounts WHERE email = ?',
    [email],
  );
  return r
    ? {
        email: r.email,
        role: r.role,
        passwordHash: r.password_hash,
        failedCount: Number(r.failed_count),
        lockedUntil: r.locked_until,
        createdAt: r.created_at,
        disabledAt: r.disabled_at,
      }
    : undefined;
}

export async function disableAccount(c: StoreContext, email: string, at: string, by: string): Promise<boolean> {
  return c.transact(async (q, chain) => {
    if ((await q.run('UPDATE accounts SET disabled_at = ? WHERE email = ? AND disabled_at IS NULL', [at, email])) === 0) return false;
    await q.run('UPDATE sessions SET revoked_at = ? WHERE email = ? AND revoked_at IS NULL', [at, email]);
    await chain.append('console.account_disabled', at, { email, by });
    return true;
  });
}

export async function setAccountRole(c: StoreContext, email: string, role: Role, at: string, by: string): Promise<void> {
  await c.transact(async (q, chain) => {
    if ((await q.run('UPDATE accounts SET role = ? WHERE email = ? AND role <> ?', [role, email, role])) === 0) return;
    await chain.append('console.account_role', at, { email, role, by });
  });
}

export async function countSignInAttempt(c: StoreContext, key: string, at: string, max: number, lockUntil: string): Promise<SignInAttempt> {
  const r = (await c.db.get<{ failed_count: number; locked_until: string | null }>(COUNT_ATTEMPT, [key, max, lockUntil, at, at, max, lockUntil]))!;
  return { failures: Number(r.failed_count), lockedUntil: r.locked_until };
}

export async function signInSucceeded(c: StoreContext, key: string, at: string): Promise<boolean> {
  const n = await c.db.run('UPDATE signin_throttle SET failed_count = 0, locked_until = NULL WHERE key = ? AND (locked_until IS NULL OR locked_until <= ?)', [key, at]);
  return n === 1;
}

export async function lockSignIn(c: StoreContext, key: string, lockUntil: string): Promise<void> {
  await c.db.run('UPDATE signin_throttle SET locked_until = ? WHERE key = ?', [lockUntil, key]);
}

export async function addSession(c: StoreContext, s: Omit<Session, 'revokedAt'>): Promise<void> {
  await c.db.run('INSERT INTO sessions (id_hash, email, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)', [s.idHash, s.email, s.csrf, s.createdAt, s.expiresAt]);
}

export async function getSession(c: StoreContext, idHash: string): Promise<Session | undefined> {
  const r = await c.db.get<{ id_hash: string; email: string; csrf: string; created_at: string; expires_at: string; revoked_at: string | null }>(
    'SELECT * FROM sessions WHERE id_hash = ?',
    [idHash],
  );
  return r ? { idHash: r.id_hash, email: r.email, csrf: r.csrf, createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at } : undefined;
}

export async function revokeSession(c: StoreContext, idHash: string, at: string): Promise<void> {
  await c.db.run('UPDATE sessions SET revoked_at = ? WHERE id_hash = ? AND revoked_at IS NULL', [at, idHash]);
}
