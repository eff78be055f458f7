/**
 * Tamper probes on a real SQLite file: an auditor must catch edited, deleted, reordered and
 * truncated rows and forged or re-signed checkpoints, and learn the first bad sequence number.
 * The probes play an attacker with write access to the file, who first drops the append-only
 * triggers.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointText, leafHash, nextHead } from '../proxy/audit/chain';
import { ephemeralKeys } from '../proxy/audit/keys';
import type { Keys } from '../proxy/audit/keys';
import { describeVerify, verifyLog } from '../proxy/audit/verify';
import { openSqliteStore } from '../proxy/store/sqlite';
import { disclosure } from './helpers/proxy';
import { demoOrganizationsCsv } from '../proxy/demo';
import { openProxy } from '../proxy/open';

let dir: string;
let pristine: string;
let keys: Keys;
const N = 23;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dg-tamper-'));
  pristine = join(dir, 'pristine.db');
  keys = ephemeralKeys();
  const o = openProxy({ db: pristine, secrets: join(dir, 's'), timeZone: 'America/Chicago', keys, checkpointEvery: 5 });
  await o.registry.importOrganizations(demoOrganizationsCsv('2026-11-21'), 'test'); // 5 entries
  for (let i = 0; i < N - 5; i++) {
    const r = await o.log.submit({
      op: 'disclosure',
      clientEventId: `evt-${String(i).padStart(8, '0')}`,
      requestHash: `h${i}`,
      at: '2026-11-21T18:00:00.000Z',
      data: { ...disclosure({ id: `evt-${i}` }), identifiers: undefined, decision: 'masked' },
      index: { device: 'd', sender: 's', site: 'x', channel: 'email', decision: 'masked', occurredAt: '2026-11-21T18:00:00Z' },
      fingerprints: [],
    });
    expect(r.status).toBe('created');
  }
  await o.close(); // signs the shutdown checkpoint at 23
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the pristine log, tampered with by `attack`, then verified. */
async function probe(attack: (db: Database.Database) => void, verifier: Pick<Keys, 'verifyCheckpoint' | 'keyId'> = keys) {
  const file = join(dir, `probe-${Math.random().toString(36).slice(2)}.db`);
  copyFileSync(pristine, file);
  const raw = new Database(file);
  raw.exec('DROP TRIGGER log_entries_no_update; DROP TRIGGER log_entries_no_delete;');
  attack(raw);
  raw.close();
  const store = openSqliteStore(file, { keys });
  try {
    return await verifyLog(store, verifier);
  } finally {
    await store.close();
  }
}

const body = (db: Database.Database, seq: number) =>
  db.prepare<[number], { body: string; leaf: string; head: string }>('SELECT body, leaf, head FROM log_entries WHERE seq = ?').get(seq)!;

function rewriteFrom(db: Database.Database, seq: number, edit: (data: Record<string, unknown>) => void) {
  // The thorough attacker: edit one entry and recompute every hash after it.
  let head = seq > 1 ? body(db, seq - 1).head : '0'.repeat(64);
  const rows = db.prepare<[number], { seq: number; body: string }>('SELECT seq, body FROM log_entries WHERE seq >= ? ORDER BY seq').all(seq);
  for (const r of rows) {
    const e = JSON.parse(r.body);
    if (r.seq === seq) edit(e.data);
    const text = JSON.stringify({ at: e.at, data: sortKeys(e.data), kind: e.kind, seq: e.seq });
    const leaf = leafHash(text);
    head = nextHead(head, leaf);
    db.prepare('UPDATE log_entries SET body = ?, leaf = ?, head = ? WHERE seq = ?').run(text, leaf, head, r.seq);
  }
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}

describe('verify-log', () => {
  it('passes an untouched log and says how much it checked', async () => {
    const r = await probe(() => {});
    expect(r.ok).toBe(true);
    expect(describeVerify(r)).toBe(`${N}/${N} entries valid, 5/5 checkpoints valid`);
  });

  it.each([
    [
      'an edited entry',
      (db: Database.Database) => db.prepare("UPDATE log_entries SET body = replace(body, '\"masked\"', '\"allowed\"') WHERE seq = 12").run(),
      12,
      /altered/,
    ],
    [
      'an edited entry with its leaf recomputed',
      (db: Database.Database) => {
        const b = body(db, 12).body.replace('"masked"', '"allowed"');
        db.prepare('UPDATE log_entries SET body = ?, leaf = ? WHERE seq = 12').run(b, leafHash(b));
      },
      12,
      /chain is broken/,
    ],
    [
      'an edited entry with every later hash recomputed',
      (db: Database.Database) => rewriteFrom(db, 12, (d) => (d.decision = 'allowed')),
      15,
      /checkpoint 15 does not match/,
    ],
    ['a deleted entry', (db: Database.Database) => db.prepare('DELETE FROM log_entries WHERE seq = 12').run(), 12, /entries 12–12 are missing/],
    [
      'two entries swapped',
      (db: Database.Database) => {
        const a = body(db, 12);
        const b = body(db, 13);
        db.prepare('UPDATE log_entries SET body = ?, leaf = ?, head = ? WHERE seq = 12').run(b.body, b.leaf, b.head);
        db.prepare('UPDATE log_entries SET body = ?, leaf = ?, head = ? WHERE seq = 13').run(a.body, a.leaf, a.head);
      },
      12,
      /does not match its row/,
    ],
    ['a truncated log', (db: Database.Database) => db.prepare('DELETE FROM log_entries WHERE seq > 20').run(), 23, /truncated/],
    [
      'a forged checkpoint',
      (db: Database.Database) => db.prepare("UPDATE checkpoints SET head = '" + 'ab'.repeat(32) + "' WHERE seq = 10").run(),
      10,
      /bad signature/,
    ],
  ])('detects %s', async (_why, attack, seq, reason) => {
    const r = await probe(attack);
    expect(r.ok).toBe(false);
    expect(r.firstBad?.seq).toBe(seq);
    expect(r.firstBad?.reason).toMatch(reason);
  });

  it('detects a checkpoint re-signed with another key, even one that claims the right key id', async () => {
    const other = ephemeralKeys();
    const reSign = (claimId: string) => (db: Database.Database) => {
      const cp = db.prepare<[], { seq: number; head: string; root: string; at: string }>('SELECT * FROM checkpoints WHERE seq = 10').get()!;
      const base = { seq: cp.seq, head: cp.head, root: cp.root, at: cp.at, keyId: claimId };
      db.prepare('UPDATE checkpoints SET key_id = ?, signature = ? WHERE seq = 10').run(claimId, other.signCheckpoint(checkpointText(base)));
    };
    const unknown = await probe(reSign(other.keyId));
    expect(unknown.firstBad).toEqual({ seq: 10, reason: `checkpoint 10 is signed by an unknown key ${other.keyId}` });
    const impostor = await probe(reSign(keys.keyId));
    expect(impostor.firstBad).toEqual({ seq: 10, reason: 'checkpoint 10 has a bad signature' });
  });

  it('refuses to be edited through SQL: the log is append-only', () => {
    const raw = new Database(pristine);
    try {
      expect(() => raw.prepare('DELETE FROM log_entries WHERE seq = 1').run()).toThrow(/append-only/);
      expect(() => raw.prepare("UPDATE log_entries SET kind = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    } finally {
      raw.close();
    }
  });
});
