/**
 * verify-log as an outside auditor runs it: read-only (the file byte-for-byte unchanged, no key
 * created), with the public key only, proving the log extends the checkpoints they kept. And the
 * proxy: checkpoints every T seconds, published to a file and an API route, and no start over a
 * broken chain.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDg } from './helpers/cli';
import { openProxy } from '../proxy/operations/open';
import { checkedDisclosure, disclosure, testProxy } from './helpers/proxy';

let dir: string;
let db: string;
let secrets: string;
let cpFile: string;

const dg = (...args: string[]) => runDg(args);

const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dg-verify-'));
  db = join(dir, 'dg.db');
  secrets = join(dir, 'secrets');
  cpFile = join(dir, 'published.jsonl');
  const o = await openProxy({ db, secrets, timeZone: 'America/Chicago', checkpointEvery: 4, checkpointFile: cpFile, checkpointSeconds: 0 });
  for (let i = 0; i < 10; i++) await o.log.append('client.policy_error', { i }, new Date().toISOString());
  await o.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('verify-log', () => {
  it('leaves the database byte-for-byte unchanged and creates no file', async () => {
    const before = sha(db);
    const files = readdirSync(dir).sort();
    const r = await dg('verify-log', '--db', db, '--secrets', secrets, '--checkpoint', cpFile);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^11\/11 entries valid/);
    expect(r.out).toMatch(/3\/3 kept checkpoints proved/);
    expect(sha(db)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(files);
  });

  it('with only --public-key, creates no key pair beside the evidence, and a second run agrees', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'dg-evidence-'));
    try {
      copyFileSync(db, join(copy, 'dg.db'));
      copyFileSync(join(secrets, 'checkpoint-ed25519.pub.pem'), join(copy, 'log.pub.pem'));
      const args = ['verify-log', '--db', join(copy, 'dg.db'), '--secrets', join(copy, 'no-secrets-here'), '--public-key', join(copy, 'log.pub.pem')];
      const first = await dg(...args);
      const second = await dg(...args);
      expect(first.code).toBe(0);
      expect(second).toEqual(first);
      expect(existsSync(join(copy, 'no-secrets-here'))).toBe(false);
      expect(readdirSync(copy).sort()).toEqual(['dg.db', 'log.pub.pem']);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('never signs: a log edited twice is reported bad twice', async () => {
    const copy = join(dir, 'edited.db');
    copyFileSync(db, copy);
    const raw = new Database(copy);
    raw.exec('DROP TRIGGER log_entries_no_update');
    raw.prepare("UPDATE log_entries SET body = replace(body, '\"i\":3', '\"i\":33') WHERE seq = 5").run();
    raw.close();
    const args = ['verify-log', '--db', copy, '--secrets', secrets];
    for (let i = 0; i < 2; i++) {
      const r = await dg(...args);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/FIRST BAD: seq 5: the entry was altered/);
    }
  });

  it('says what is wrong with its input: no key, no database, a bad checkpoint file', async () => {
    expect(await dg('verify-log', '--db', db, '--secrets', join(dir, 'nope'))).toMatchObject({ code: 2, err: expect.stringMatching(/no public key .* --public-key FILE/) });
    expect(await dg('verify-log', '--db', join(dir, 'missing.db'), '--secrets', secrets)).toMatchObject({ code: 2, err: expect.stringMatching(/cannot open .* read-only/) });
    const bad = join(dir, 'bad.jsonl');
    (await import('node:fs')).writeFileSync(bad, '{"seq":1}\nnot json\n');
    expect(await dg('verify-log', '--db', db, '--secrets', secrets, '--checkpoint', bad)).toMatchObject({ code: 2, err: expect.stringMatching(/bad.jsonl line 1: not a checkpoint/) });
  });
});

describe('verify-log with checkpoints kept as signed notes (c2sp.org/tlog-checkpoint)', () => {
  const notesOf = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l).note as string);

  it('proves the log extends notes saved one after another, as text', async () => {
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, notesOf(cpFile).join('\n'));
    const r = await dg('verify-log', '--db', db, '--secrets', secrets, '--checkpoint', notes);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/3\/3 kept checkpoints proved/);
  });

  it('fails on a note the log key never signed, and refuses a file that is not notes', async () => {
    const forged = join(dir, 'forged.txt');
    writeFileSync(forged, notesOf(cpFile)[1]!.replace('\n8\n', '\n9\n'));
    const r = await dg('verify-log', '--db', db, '--secrets', secrets, '--checkpoint', forged);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/FIRST BAD: seq 9: the kept checkpoint 9 is not signed by the log's key \(invalid signature for key disclosure-guard\/log-/);
    const garbage = join(dir, 'garbage.txt');
    writeFileSync(garbage, 'example.com/log\n12\nnot base64\n\n— example.com/log AAAAAAAA\n');
    expect(await dg('verify-log', '--db', db, '--secrets', secrets, '--checkpoint', garbage)).toMatchObject({ code: 2, err: expect.stringMatching(/garbage.txt note 1: not a checkpoint: the root hash/) });
  });

  it('after a key rotation, still verifies the notes the old key signed, with the key that signed them', async () => {
    const d = mkdtempSync(join(tmpdir(), 'dg-rotate-notes-'));
    try {
      const s = { db: join(d, 'dg.db'), secrets: join(d, 'secrets'), timeZone: 'America/Chicago', checkpointEvery: 4, checkpointSeconds: 0, checkpointFile: join(d, 'cp.jsonl') };
      const args = ['--db', s.db, '--secrets', s.secrets, '--checkpoint-file', s.checkpointFile, '--checkpoint-every', '4'];
      const before = await openProxy(s);
      for (let i = 0; i < 6; i++) await before.log.append('client.policy_error', { i }, new Date().toISOString());
      await before.close();
      expect((await dg('rotate-signing-key', ...args)).code).toBe(0);
      const after = await openProxy(s);
      for (let i = 0; i < 5; i++) await after.log.append('client.policy_error', { i }, new Date().toISOString());
      await after.close();

      const notes = notesOf(s.checkpointFile);
      // One origin for the life of the log; two keys, told apart by their key ids.
      const signers = new Set(notes.map((n) => n.slice(n.lastIndexOf('\n\n') + 2).split(' ').slice(0, 2).join(' ')));
      expect(signers.size).toBe(1);
      const keyIds = new Set(notes.map((n) => Buffer.from(n.trim().split(' ').at(-1)!, 'base64').subarray(0, 4).toString('hex')));
      expect(keyIds.size).toBe(2);
      const file = join(d, 'notes.txt');
      writeFileSync(file, notes.join('\n'));
      const r = await dg('verify-log', ...args, '--checkpoint', file);
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(r.out).toMatch(new RegExp(`${notes.length}/${notes.length} kept checkpoints proved`));
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('the proxy publishes and guards its checkpoints', () => {
  it('writes every checkpoint to the checkpoint file (0600) and serves the newest without a token', async () => {
    const lines = readFileSync(cpFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((c) => c.seq)).toEqual([4, 8, 11]);
    // Each line keeps the checkpoint's signed note too, naming the same size.
    expect(lines.map((c) => c.note.split('\n')[1])).toEqual(['4', '8', '11']);
    expect(statSync(cpFile).mode & 0o777).toBe(0o600);
    const p = await testProxy({ checkpointEvery: 3 });
    try {
      await p.call('POST', '/api/v1/disclosures', await checkedDisclosure(p));
      const res = await p.call('GET', '/api/v1/log/checkpoint', undefined, { token: null });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.checkpoint).toMatchObject({ seq: expect.any(Number), keyId: p.opened.keys.keyId });
      expect(body.publicKey).toContain('BEGIN PUBLIC KEY');
    } finally {
      await p.close();
    }
  });

  it('signs a checkpoint every T seconds while entries arrive', async () => {
    const d = mkdtempSync(join(tmpdir(), 'dg-timer-'));
    const o = await openProxy({ db: join(d, 'dg.db'), secrets: join(d, 's'), timeZone: 'America/Chicago', checkpointSeconds: 1 });
    try {
      await o.log.append('client.policy_error', {}, new Date().toISOString());
      const deadline = Date.now() + 5000;
      while ((await o.store.checkpoints()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect((await o.store.checkpoints()).at(-1)?.seq).toBe(2);
    } finally {
      await o.close();
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('refuses to start, and signs nothing, over a chain broken after its last checkpoint', async () => {
    const copy = join(dir, 'broken.db');
    copyFileSync(db, copy);
    const raw = new Database(copy);
    raw.exec('DROP TRIGGER log_entries_no_update');
    raw.prepare("UPDATE log_entries SET body = replace(body, '\"i\":9', '\"i\":99') WHERE seq = 11").run();
    raw.close();
    const before = sha(copy);
    await expect(openProxy({ db: copy, secrets, timeZone: 'America/Chicago', checkpointSeconds: 0 })).rejects.toThrow(/does not verify \(entry 11: .*altered.*\); nothing was signed/);
    const after = new Database(copy, { readonly: true });
    expect((after.prepare('SELECT COUNT(*) AS n FROM checkpoints').get() as { n: number }).n).toBe(3);
    after.close();
    expect(before).toMatch(/^[0-9a-f]{64}$/);
  });

  it('creates the database, its WAL and the keys readable by the proxy user only', async () => {
    const d = join(mkdtempSync(join(tmpdir(), 'dg-perm-')), 'data');
    const o = await openProxy({ db: join(d, 'dg.db'), secrets: join(d, 'secrets'), timeZone: 'America/Chicago', checkpointSeconds: 0 });
    await o.log.append('client.policy_error', {}, new Date().toISOString());
    try {
      const mode = (f: string) => statSync(f).mode & 0o777;
      expect(mode(d)).toBe(0o700);
      expect(mode(join(d, 'secrets'))).toBe(0o700);
      for (const f of ['dg.db', 'dg.db-wal', 'dg.db-shm']) expect([f, mode(join(d, f))]).toEqual([f, 0o600]);
      for (const f of readdirSync(join(d, 'secrets'))) expect([f, mode(join(d, 'secrets', f))]).toEqual([f, 0o600]);
    } finally {
      await o.close();
    }
  });
});
