/**
 * rotate-signing-key: the log handed over to a new signing key, as IT would do it (proxy stopped,
 * the command run, the proxy started again), and what an auditor's verify-log says afterwards.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { makeKeys, prepareRotation } from '../proxy/audit/keys';
import { handoverText, KEY_ROTATED } from '../proxy/audit/verify';
import { openProxy } from '../proxy/operations/open';
import { openSqliteStore } from '../proxy/store/sqlite';
import { createApp } from '../proxy/http/app';
import { runDg } from './helpers/cli';
import { addAccounts, signedIn } from './helpers/console';
import type { TestProxy } from './helpers/proxy';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function loggedProxy(n: number) {
  const d = mkdtempSync(join(tmpdir(), 'dg-rotate-'));
  dirs.push(d);
  const s = { db: join(d, 'dg.db'), secrets: join(d, 'secrets'), timeZone: 'America/Chicago', checkpointEvery: 4, checkpointSeconds: 0, checkpointFile: join(d, 'cp.jsonl') };
  const o = await openProxy(s);
  for (let i = 0; i < n; i++) await o.log.append('client.policy_error', { i }, new Date().toISOString());
  await o.close();
  const args = ['--db', s.db, '--secrets', s.secrets, '--checkpoint-file', s.checkpointFile, '--checkpoint-every', '4'];
  return { d, s, args, pub: join(s.secrets, 'checkpoint-ed25519.pub.pem') };
}

describe('rotate-signing-key', () => {
  it('hands the log over; the proxy goes on with the new key and verify-log passes with the old public key kept', async () => {
    const { s, args, pub } = await loggedProxy(6);
    const oldPub = readFileSync(pub, 'utf8');
    const r = await runDg(['rotate-signing-key', ...args]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.rotated.from).not.toBe(out.rotated.to);
    expect(readFileSync(out.retiredPublicKey, 'utf8')).toBe(oldPub);
    expect(out.retiredPublicKey).toBe(join(s.secrets, `checkpoint-ed25519.${out.rotated.from}.retired.pub.pem`));
    expect(readFileSync(pub, 'utf8')).not.toBe(oldPub);
    expect(existsSync(join(s.secrets, 'checkpoint-ed25519.pem.next'))).toBe(false);

    // The proxy starts with the new key (its tail check passes) and keeps writing.
    const o = await openProxy(s);
    expect(o.keys.keyId).toBe(out.rotated.to);
    for (let i = 0; i < 5; i++) await o.log.append('client.policy_error', { i }, new Date().toISOString());
    await o.close();

    // The console's "Verify now" knows the retired key too.
    const reopened = await openProxy(s);
    const p = { opened: reopened, app: createApp({ ...reopened, signInBackoffMs: 0 }) } as unknown as TestProxy;
    await addAccounts(p);
    const security = await signedIn(p, 'security');
    const page = await (await security.post('/console/chain/verify', {})).text();
    expect(page).toContain('data-verify="ok"');
    await reopened.close();

    // Defaults: the current key and the retired one beside it.
    const v = await runDg(['verify-log', ...args]);
    expect(v.err).toBe('');
    expect(v.out).toMatch(/^(\d+)\/\1 entries valid, (\d+)\/\2 checkpoints valid/);
    // An auditor who kept only the first public key: later keys are learnt from the signed handover.
    const first = join(s.secrets, '..', 'first.pub.pem');
    writeFileSync(first, oldPub);
    expect((await runDg(['verify-log', ...args, '--public-key', first])).code).toBe(0);
    // Only the new key: the entries before the rotation cannot be checked, and it says so.
    const only = await runDg(['verify-log', ...args, '--public-key', pub]);
    expect(only.code).toBe(1);
    expect(only.err).toMatch(/FIRST BAD: seq 1: the log was created with key [0-9a-f]{16}, whose public key was not given/);
    // The checkpoint file holds checkpoints of both keys, and every one is proved.
    const kept = await runDg(['verify-log', ...args, '--checkpoint', s.checkpointFile]);
    expect(kept.code).toBe(0);
    expect(kept.out).toMatch(/(\d+)\/\1 kept checkpoints proved/);
    const keyIds = new Set(readFileSync(s.checkpointFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l).keyId));
    expect(keyIds).toEqual(new Set([out.rotated.from, out.rotated.to]));
  });

  it('rotates twice, and a handover not signed by the outgoing key is named as the first bad entry', async () => {
    const { s, args } = await loggedProxy(3);
    expect((await runDg(['rotate-signing-key', ...args])).code).toBe(0);
    expect((await runDg(['rotate-signing-key', ...args])).code).toBe(0);
    expect((await runDg(['verify-log', ...args])).code).toBe(0);

    // Someone with a key of their own appends a handover to it, signing it themselves.
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const mallory = makeKeys(Buffer.alloc(32), privateKey, publicKey);
    const current = prepareRotation(s.secrets).old;
    const store = openSqliteStore(s.db, { keys: mallory });
    const { seq } = await store.appendAt(KEY_ROTATED, new Date().toISOString(), ({ seq, prevHead }) => ({
      from: current.keyId,
      to: mallory.keyId,
      publicKey: mallory.publicKeyPem,
      handover: mallory.signCheckpoint(handoverText(seq, prevHead, mallory.keyId)),
    }));
    await store.close();
    rmSync(join(s.secrets, 'checkpoint-ed25519.pem.next'), { force: true });
    const v = await runDg(['verify-log', ...args]);
    expect(v.code).toBe(1);
    expect(v.err).toContain(`FIRST BAD: seq ${seq}: entry ${seq} hands the log over to another key without the signature of key ${current.keyId}`);
  });

  it('a rotation cut off after its handover: the proxy refuses to start with the old key, and running the command again finishes it', async () => {
    const { s, args } = await loggedProxy(5);
    // What a run that died right after its commit leaves: the handover in the log, the new key in FILE.next.
    const { old, next } = prepareRotation(s.secrets);
    const before = await openProxy({ ...s, keys: old });
    await before.close();
    const store = openSqliteStore(s.db, { keys: next });
    await store.appendAt(KEY_ROTATED, new Date().toISOString(), ({ seq, prevHead }) => ({
      from: old.keyId,
      to: next.keyId,
      publicKey: next.publicKeyPem,
      previousPublicKey: old.publicKeyPem,
      handover: old.signCheckpoint(handoverText(seq, prevHead, next.keyId)),
    }));
    await store.close();

    const serve = await runDg(['serve', ...args, '--port', '0']);
    expect(serve.code).toBe(2);
    expect(serve.err).toMatch(/hands the log over to key [0-9a-f]{16}, not this one: finish the rotation with rotate-signing-key/);

    const again = await runDg(['rotate-signing-key', ...args]);
    expect(again.err).toBe('');
    expect(JSON.parse(again.out).rotated).toEqual({ from: old.keyId, to: next.keyId });
    expect((await runDg(['verify-log', ...args])).code).toBe(0);
    const o = await openProxy(s);
    expect(o.keys.keyId).toBe(next.keyId);
    await o.close();
  });

  it('says what is missing when there is no key or no database to rotate (exit 2)', async () => {
    const d = mkdtempSync(join(tmpdir(), 'dg-rotate-'));
    dirs.push(d);
    const r = await runDg(['rotate-signing-key', '--db', join(d, 'dg.db'), '--secrets', join(d, 'secrets')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no signing key at .*checkpoint-ed25519\.pem to rotate/);
  });
});
