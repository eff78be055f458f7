/**
 * Tamper probes on a real SQLite file: an auditor must catch edited, deleted, reordered, truncated,
 * wiped and forged rows, rewritten hashes, edited lookup tables and re-signed checkpoints, and
 * learn the first bad sequence number, which is the one that was changed. The probes play an
 * attacker with write access to the file (not to the signing key), who first drops the append-only
 * triggers.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointText, entrySigText, leafHash, nextHead, pushLeaf } from '../proxy/audit/chain';
import type { Subtree } from '../proxy/audit/chain';
import { ephemeralKeys } from '../proxy/audit/keys';
import { checkpointHash, logOrigin, parseCheckpointNoteText, parseNote, signCheckpointNote } from '../proxy/audit/note';
import type { Keys } from '../proxy/audit/keys';
import { describeVerify, verifyLog } from '../proxy/audit/verify';
import type { Verifier, VerifyOptions } from '../proxy/audit/verify';
import { parseCheckpoints } from '../proxy/commands/verify-log';
import { openSqliteStore } from '../proxy/store/sqlite';
import type { Checkpoint } from '../proxy/store/types';
import { checkedDisclosure, disclosure, testProxy } from './helpers/proxy';

let dir: string;
let pristine: string;
let keys: Keys;
/** Every checkpoint the proxy published to its checkpoint file (what an auditor copies). */
let published: Checkpoint[];
let N: number;
/** Seqs of interesting entries in the pristine log. */
const at: Record<string, number> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dg-tamper-'));
  const p = await testProxy({ checkpointEvery: 5, checkpointFile: join(dir, 'checkpoints.jsonl') });
  keys = p.opened.keys;
  const review = await p.opened.store.addReview({
    id: 'rev_tamperprobe',
    eventId: 'evt-tamper-a',
    requestedBy: 'casey.staff@jobs.example.gov',
    device: 'test-device',
    justification: 'The partner must finish the eligibility review today.',
    recipients: ['sue.suspended@lwdb.example.org'],
    contentHash: 'c'.repeat(64),
    createdAt: '2026-11-21T18:00:00.000Z',
  });
  at.review = review.seq;
  await p.opened.store.decideReview(review.id, {
    status: 'breach',
    by: 'morgan.supervisor@jobs.example.gov',
    reason: 'Sent to a personal address earlier.',
    at: '2026-11-21T18:05:00.000Z',
    releaseExpiresAt: null,
    incident: { id: 'inc_tamperprobe', reportDueOn: '2026-11-24' },
  });
  for (let i = 0; i < 12; i++) {
    const res = await p.call('POST', '/api/v1/disclosures', await checkedDisclosure(p, { id: `evt-tamper-${'abcdefghijkl'[i]}`, decision: i % 2 ? 'masked' : 'blocked' }));
    expect(res.status).toBe(201);
    at[`disclosure${i}`] = (await res.json()).seq;
  }
  await p.opened.close(); // signs the shutdown checkpoint
  const done = openCopy(p.db);
  N = (await done.logState()).seq;
  await done.close();
  pristine = join(dir, 'pristine.db');
  copyFileSync(p.db, pristine);
  published = parseCheckpoints(readFileSync(join(dir, 'checkpoints.jsonl'), 'utf8'), 'checkpoints.jsonl').filter((c): c is Checkpoint => !('kind' in c));
  rmSync(p.dir, { recursive: true, force: true });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openCopy(file: string) {
  return openSqliteStore(file, { readonly: true });
}

/** A copy of the pristine log, tampered with by `attack`, then verified read-only. */
async function probe(attack: (db: Database.Database) => void, options: VerifyOptions = {}, verifier: Verifier = keys) {
  const file = join(dir, `probe-${Math.random().toString(36).slice(2)}.db`);
  copyFileSync(pristine, file);
  const raw = new Database(file);
  raw.exec('DROP TRIGGER log_entries_no_update; DROP TRIGGER log_entries_no_delete;');
  attack(raw);
  raw.close();
  const store = openCopy(file);
  try {
    return await verifyLog(store, verifier, options);
  } finally {
    await store.close();
  }
}

const row = (db: Database.Database, seq: number) =>
  db.prepare<[number], { body: string; leaf: string; head: string; sig: string }>('SELECT body, leaf, head, sig FROM log_entries WHERE seq = ?').get(seq)!;

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}

/** The thorough attacker: edit one entry, recompute every hash after it and fix the saved state. */
function rewriteFrom(db: Database.Database, seq: number, edit: (data: Record<string, unknown>) => void, signWith?: Keys) {
  let head = seq > 1 ? row(db, seq - 1).head : '0'.repeat(64);
  const rows = db.prepare<[number], { seq: number; body: string }>('SELECT seq, body FROM log_entries WHERE seq >= ? ORDER BY seq').all(seq);
  for (const r of rows) {
    const e = JSON.parse(r.body);
    if (r.seq === seq) edit(e.data);
    const text = JSON.stringify(sortKeys({ at: e.at, data: e.data, kind: e.kind, seq: e.seq }));
    const leaf = leafHash(text);
    head = nextHead(head, leaf);
    const sig = signWith ? signWith.signCheckpoint(entrySigText(r.seq, head)) : row(db, r.seq).sig;
    db.prepare('UPDATE log_entries SET body = ?, leaf = ?, head = ?, sig = ? WHERE seq = ?').run(text, leaf, head, sig, r.seq);
  }
  let frontier: Subtree[] = [];
  for (const r of db.prepare<[], { leaf: string }>('SELECT leaf FROM log_entries ORDER BY seq').all()) frontier = pushLeaf(frontier, r.leaf);
  db.prepare('UPDATE log_state SET head = ?, frontier = ? WHERE id = 1').run(head, JSON.stringify(frontier));
}

const targeted = () => at.disclosure5!;

describe('verify-log', () => {
  it('passes an untouched log, says how much it checked and how much no checkpoint covers', async () => {
    const r = await probe(() => {});
    expect(r.ok).toBe(true);
    expect(r.entries).toBe(N);
    expect(r.validEntries).toBe(N);
    expect(r.uncovered).toBe(0);
    expect(r.derivedRows).toBeGreaterThan(12);
    expect(describeVerify(r)).toMatch(new RegExp(`^${N}/${N} entries valid, ${r.checkpoints}/${r.checkpoints} checkpoints valid`));
  });

  it.each([
    ['an edited entry', (db: Database.Database) => db.prepare("UPDATE log_entries SET body = replace(body, '\"masked\"', '\"allowed\"') WHERE seq = ?").run(targeted()), /altered/],
    [
      'an edited entry with its leaf recomputed',
      (db: Database.Database) => {
        const b = row(db, targeted()).body.replace('"masked"', '"allowed"');
        db.prepare('UPDATE log_entries SET body = ?, leaf = ? WHERE seq = ?').run(b, leafHash(b), targeted());
      },
      /chain is broken/,
    ],
    ['an edited entry with every later hash recomputed', (db: Database.Database) => rewriteFrom(db, targeted(), (d) => (d.decision = 'allowed')), /rewritten/],
    [
      'the same after deleting every checkpoint',
      (db: Database.Database) => {
        rewriteFrom(db, targeted(), (d) => (d.decision = 'allowed'));
        db.prepare('DELETE FROM checkpoints').run();
      },
      /not signed by the log's key/,
    ],
    [
      'the same, re-signed with another key',
      (db: Database.Database) => {
        const other = ephemeralKeys();
        rewriteFrom(db, targeted(), (d) => (d.decision = 'allowed'), other);
        db.prepare('DELETE FROM checkpoints').run();
      },
      /not signed by the log's key/,
    ],
    ['a deleted entry', (db: Database.Database) => db.prepare('DELETE FROM log_entries WHERE seq = ?').run(targeted()), /missing/],
    [
      'two entries swapped',
      (db: Database.Database) => {
        const a = row(db, targeted());
        const b = row(db, targeted() + 1);
        db.prepare('UPDATE log_entries SET body = ?, leaf = ?, head = ?, sig = ? WHERE seq = ?').run(b.body, b.leaf, b.head, b.sig, targeted());
        db.prepare('UPDATE log_entries SET body = ?, leaf = ?, head = ?, sig = ? WHERE seq = ?').run(a.body, a.leaf, a.head, a.sig, targeted() + 1);
      },
      /does not match its row/,
    ],
    [
      'a disclosure row edited in the console table',
      (db: Database.Database) => db.prepare("UPDATE disclosures SET decision = 'allowed' WHERE seq = ?").run(targeted()),
      /disclosures row .* differs .* in decision/,
    ],
    [
      'a disclosure row deleted from the console table',
      (db: Database.Database) => db.prepare('DELETE FROM disclosures WHERE seq = ?').run(targeted()),
      /missing \(deleted outside the proxy\)/,
    ],
    [
      'a fingerprint row deleted (the "was this SSN sent?" lookup)',
      (db: Database.Database) => db.prepare('DELETE FROM fingerprints WHERE seq = ?').run(targeted()),
      /fingerprints row .* missing/,
    ],
  ])('detects %s at the entry that was changed', async (_why, attack, reason) => {
    const r = await probe(attack);
    expect(r.ok).toBe(false);
    expect(r.firstBad?.seq).toBe(targeted());
    expect(r.firstBad?.reason).toMatch(reason);
  });

  it('detects edited review and incident rows at their entries', async () => {
    const review = await probe((db) => db.prepare("UPDATE reviews SET status = 'approved' WHERE id = 'rev_tamperprobe'").run());
    expect(review.firstBad?.seq).toBe(at.review);
    expect(review.firstBad?.reason).toMatch(/reviews row rev_tamperprobe differs .* status/);
    const incident = await probe((db) => db.prepare("UPDATE incidents SET report_due_on = '2027-01-31'").run());
    expect(incident.firstBad?.reason).toMatch(/incidents row inc_tamperprobe differs .* report_due_on/);
  });

  it('detects a fingerprint row added for an event that never held that identifier', async () => {
    const r = await probe((db) => db.prepare('INSERT INTO fingerprints (fingerprint, seq) VALUES (?, ?)').run('f'.repeat(64), at.disclosure2!));
    expect(r.firstBad?.seq).toBe(at.disclosure2);
    expect(r.firstBad?.reason).toMatch(/no entry in the log/);
  });

  it('detects a forged entry appended after the last checkpoint', async () => {
    const r = await probe((db) => {
      const last = row(db, N);
      const text = JSON.stringify({ at: '2026-11-21T19:00:00.000Z', data: { note: 'forged' }, kind: 'disclosure', seq: N + 1 });
      const leaf = leafHash(text);
      const head = nextHead(last.head, leaf);
      db.prepare('INSERT INTO log_entries (seq, kind, at, body, leaf, head, sig) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        N + 1, 'disclosure', '2026-11-21T19:00:00.000Z', text, leaf, head, ephemeralKeys().signCheckpoint(entrySigText(N + 1, head)),
      );
      db.prepare('UPDATE log_state SET seq = ?, head = ? WHERE id = 1').run(N + 1, head);
    });
    expect(r.firstBad).toMatchObject({ seq: N + 1 });
    expect(r.firstBad?.reason).toMatch(/not signed by the log's key/);
  });

  it('detects a truncated log by its checkpoints, by the saved state, and by kept checkpoints when both are gone', async () => {
    const cut = N - 3;
    const withCheckpoint = await probe((db) => db.prepare('DELETE FROM log_entries WHERE seq > ?').run(cut));
    expect(withCheckpoint.firstBad).toMatchObject({ seq: cut + 1 });
    expect(withCheckpoint.firstBad?.reason).toMatch(/truncated/);

    const stateOnly = await probe((db) => {
      db.prepare('DELETE FROM log_entries WHERE seq > ?').run(cut);
      db.prepare('DELETE FROM checkpoints WHERE seq > ?').run(cut);
    });
    expect(stateOnly.firstBad).toMatchObject({ seq: cut + 1 });
    expect(stateOnly.firstBad?.reason).toMatch(/saved chain state counts/);

    // The thorough attacker also fixes the saved state: only checkpoints kept outside the box tell.
    const thorough = (db: Database.Database) => {
      db.prepare('DELETE FROM log_entries WHERE seq > ?').run(cut);
      db.prepare('DELETE FROM checkpoints WHERE seq > ?').run(cut);
      db.prepare('DELETE FROM disclosures WHERE seq > ?').run(cut);
      db.prepare('DELETE FROM fingerprints WHERE seq > ?').run(cut);
      db.prepare('DELETE FROM reviews WHERE seq > ?').run(cut);
      db.prepare('DELETE FROM incidents WHERE seq > ?').run(cut);
      let frontier: Subtree[] = [];
      for (const r of db.prepare<[], { leaf: string }>('SELECT leaf FROM log_entries ORDER BY seq').all()) frontier = pushLeaf(frontier, r.leaf);
      db.prepare('UPDATE log_state SET seq = ?, head = ?, frontier = ? WHERE id = 1').run(cut, row(db, cut).head, JSON.stringify(frontier));
    };
    expect((await probe(thorough)).ok).toBe(true); // nothing inside the box tells
    const kept = await probe(thorough, { kept: published });
    expect(kept.firstBad).toMatchObject({ seq: cut + 1 });
    expect(kept.firstBad?.reason).toMatch(/kept checkpoint covers \d+ entries but the log now ends at/);
  });

  it('detects a wiped log, with or without kept checkpoints', async () => {
    const wipe = (db: Database.Database) => {
      for (const t of ['log_entries', 'checkpoints', 'log_state', 'disclosures', 'fingerprints', 'reviews', 'incidents']) db.prepare(`DELETE FROM ${t}`).run();
    };
    const alone = await probe(wipe);
    expect(alone.ok).toBe(false);
    expect(alone.firstBad?.reason).toMatch(/empty.*wiped/);
    const withKept = await probe(wipe, { kept: published });
    expect(withKept.ok).toBe(false);
  });

  it('proves the untouched log extends every kept checkpoint (RFC 6962 consistency)', async () => {
    const r = await probe(() => {}, { kept: published });
    expect(r.ok).toBe(true);
    expect(published.length).toBeGreaterThan(3);
    expect(r.keptProved).toBe(published.length);
  });

  it('with the signing key stolen, a rewrite is still caught by the checkpoints the auditor kept', async () => {
    // The attacker re-signs every entry with the real key and drops the checkpoints after the edit
    // (a registry entry: no console table to give it away). Only the auditor's copies tell.
    const edited = published[1]!.seq + 2;
    const r = await probe(
      (db) => {
        rewriteFrom(db, edited, (d) => (d.by = 'someone-else'), keys);
        db.prepare('DELETE FROM checkpoints WHERE seq >= ?').run(edited);
      },
      { kept: published },
    );
    expect(r.ok).toBe(false);
    expect(r.firstBad?.seq).toBe(published[1]!.seq + 1);
    expect(r.firstBad?.reason).toMatch(/does not extend the kept checkpoint \d+: entries \d+–\d+ were rewritten/);
    // Without them the rewrite would pass: this is why auditors keep the published checkpoints.
    const unkept = await probe((db) => {
      rewriteFrom(db, edited, (d) => (d.by = 'someone-else'), keys);
      db.prepare('DELETE FROM checkpoints WHERE seq >= ?').run(edited);
    });
    expect(unkept.ok).toBe(true);
  });

  it('detects a forged checkpoint and one re-signed with another key, even one that claims the right key id', async () => {
    const cpSeq = published[1]!.seq;
    const forged = await probe((db) => db.prepare('UPDATE checkpoints SET head = ? WHERE seq = ?').run('ab'.repeat(32), cpSeq));
    expect(forged.firstBad).toEqual({ seq: cpSeq, reason: `checkpoint ${cpSeq} has a bad signature` });
    const other = ephemeralKeys();
    const reSign = (claimId: string) => (db: Database.Database) => {
      const cp = db.prepare<[number], { seq: number; head: string; root: string; at: string }>('SELECT * FROM checkpoints WHERE seq = ?').get(cpSeq)!;
      const base = { seq: cp.seq, head: cp.head, root: cp.root, at: cp.at, keyId: claimId };
      db.prepare('UPDATE checkpoints SET key_id = ?, signature = ? WHERE seq = ?').run(claimId, other.signCheckpoint(checkpointText(base)), cpSeq);
    };
    expect((await probe(reSign(other.keyId))).firstBad).toEqual({ seq: cpSeq, reason: `checkpoint ${cpSeq} is signed by an unknown key ${other.keyId}` });
    expect((await probe(reSign(keys.keyId))).firstBad).toEqual({ seq: cpSeq, reason: `checkpoint ${cpSeq} has a bad signature` });
  });

  it('refuses a kept checkpoint that the log key never signed', async () => {
    const fake = { ...published[0]!, root: 'ab'.repeat(32) };
    const r = await probe(() => {}, { kept: [fake] });
    expect(r.firstBad?.reason).toMatch(/kept checkpoint .* not signed/);
  });

  it('detects an entry inserted at seq 0, before the first real entry, and names it', async () => {
    const r = await probe((db) => {
      const text = JSON.stringify({ at: '2026-11-21T17:00:00.000Z', data: { note: 'slipped in' }, kind: 'disclosure', seq: 0 });
      const leaf = leafHash(text);
      const head = nextHead('0'.repeat(64), leaf);
      db.prepare('INSERT INTO log_entries (seq, kind, at, body, leaf, head, sig) VALUES (0, ?, ?, ?, ?, ?, ?)').run(
        'disclosure', '2026-11-21T17:00:00.000Z', text, leaf, head, keys.signCheckpoint(entrySigText(0, head)),
      );
    });
    expect(r.ok).toBe(false);
    expect(r.firstBad).toEqual({ seq: 0, reason: "entry 0 comes before the log's first entry (inserted outside the proxy)" });
  });

  it('detects a checkpoint deleted from the middle (or the first one) and names which one is missing after which', async () => {
    const [first, second, third] = published as [Checkpoint, Checkpoint, Checkpoint];
    const middle = await probe((db) => db.prepare('DELETE FROM checkpoints WHERE seq = ?').run(second.seq));
    expect(middle.firstBad).toEqual({
      seq: second.seq,
      reason: `checkpoint ${second.seq} is missing after checkpoint ${first.seq} (deleted): checkpoint ${third.seq} names it as the one before it`,
    });
    const firstGone = await probe((db) => db.prepare('DELETE FROM checkpoints WHERE seq = ?').run(first.seq));
    expect(firstGone.firstBad).toEqual({ seq: first.seq, reason: `checkpoint ${first.seq} is missing before any other (deleted): checkpoint ${second.seq} names it as the one before it` });
    // Two in a row: the place cannot be pinned to one checkpoint, the gap still is.
    const two = await probe((db) => db.prepare('DELETE FROM checkpoints WHERE seq IN (?, ?)').run(second.seq, third.seq));
    expect(two.firstBad?.seq).toBe(first.seq + 1);
    expect(two.firstBad?.reason).toMatch(new RegExp(`a checkpoint is missing after checkpoint ${first.seq} \\(deleted\\): checkpoint \\d+ names one before it that is not in the log`));
  });

  it('detects a checkpoint whose signed note was removed or edited', async () => {
    const cp = published[2]!;
    const gone = await probe((db) => db.prepare('UPDATE checkpoints SET note = NULL WHERE seq = ?').run(cp.seq));
    expect(gone.firstBad).toEqual({ seq: cp.seq, reason: `checkpoint ${cp.seq} lost its signed note` });
    const edited = await probe((db) => db.prepare("UPDATE checkpoints SET note = replace(note, ?, ?) WHERE seq = ?").run(`\n${cp.seq}\n`, `\n${cp.seq + 1}\n`, cp.seq));
    expect(edited.firstBad?.seq).toBe(cp.seq);
    expect(edited.firstBad?.reason).toMatch(/signed note does not verify \(invalid signature for key disclosure-guard\/log-[0-9a-f]{16}\+[0-9a-f]{8}\)/);
  });

  it('verifies a log upgraded from unchained checkpoints, and still finds a chained one deleted after them', async () => {
    // What an upgraded log holds: its first checkpoints in the old form (no previous hash, no note),
    // then checkpoints that chain, the first of them naming the last old one.
    const upgraded = (db: Database.Database) => {
      const origin = logOrigin(row(db, 1).head);
      const rows = db.prepare<[], Checkpoint & { key_id: string }>('SELECT seq, head, root, at, key_id FROM checkpoints ORDER BY seq').all();
      let before: { size: number; root: string; prev: string | null } | undefined;
      rows.forEach((r, i) => {
        const legacy = i < 2;
        const prev = legacy || !before ? null : checkpointHash({ origin, ...before });
        const base = { seq: r.seq, head: r.head, root: r.root, at: r.at, keyId: r.key_id, prev };
        const note = legacy ? null : signCheckpointNote({ origin, size: r.seq, root: r.root, prev }, keys.publicKeyPem, keys.signCheckpoint);
        db.prepare('UPDATE checkpoints SET signature = ?, prev = ?, note = ? WHERE seq = ?').run(keys.signCheckpoint(checkpointText(base)), prev, note, r.seq);
        before = { size: r.seq, root: r.root, prev };
      });
    };
    const r = await probe(upgraded);
    expect(r.ok).toBe(true);
    expect(r.validCheckpoints).toBe(published.length);
    const deleted = published[3]!.seq;
    const broken = await probe((db) => {
      upgraded(db);
      db.prepare('DELETE FROM checkpoints WHERE seq = ?').run(deleted);
    });
    expect(broken.firstBad).toMatchObject({ seq: deleted, reason: expect.stringMatching(new RegExp(`^checkpoint ${deleted} is missing after checkpoint ${published[2]!.seq} \\(deleted\\)`)) });
  });

  it('proves the log extends the checkpoints kept as signed notes, and refuses notes the log key never signed', async () => {
    const notes = readFileSync(join(dir, 'checkpoints.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).note as string);
    const kept = parseCheckpoints(notes.join('\n'), 'notes.txt');
    expect(kept.map((k) => ('kind' in k ? k.kind : 'json'))).toEqual(notes.map(() => 'note'));
    const r = await probe(() => {}, { kept });
    expect(r).toMatchObject({ ok: true, keptProved: notes.length });

    const forged = notes[1]!.replace(/\n(\d+)\n/, (_m, n) => `\n${Number(n) + 1}\n`);
    const bad = await probe(() => {}, { kept: parseCheckpoints(forged, 'forged.txt') });
    expect(bad.firstBad?.reason).toMatch(/kept checkpoint \d+ is not signed by the log's key \(invalid signature/);
    const stranger = ephemeralKeys();
    const foreign = signCheckpointNote({ origin: 'example.com/another-log', size: 3, root: 'ab'.repeat(32), prev: null }, stranger.publicKeyPem, stranger.signCheckpoint);
    expect((await probe(() => {}, { kept: parseCheckpoints(foreign, 'foreign.txt') })).firstBad?.reason).toMatch(/a note of another log \(example.com\/another-log/);
    const unknownKey = signCheckpointNote({ ...parseCheckpointNoteText(parseNote(notes[0]!).text) }, stranger.publicKeyPem, stranger.signCheckpoint);
    expect((await probe(() => {}, { kept: parseCheckpoints(unknownKey, 'k.txt') })).firstBad?.reason).toMatch(/not signed by the log's key \(the note has no signature from a known key\)/);
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
