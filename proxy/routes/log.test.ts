import { afterEach, describe, expect, it } from 'vitest';
import { publicKeyFrom } from '../audit/keys';
import { checkpointHash, checkpointNoteText, openNote, parseCheckpointNoteText, parseNote, parseVerifierKey, rawEd25519 } from '../audit/note';
import type { NoteVerifier } from '../audit/note';
import { testProxy, reportedDisclosure } from '../../test/helpers/proxy';
import type { TestProxy } from '../../test/helpers/proxy';

const proxies: TestProxy[] = [];
afterEach(async () => {
  for (const p of proxies.splice(0)) await p.close();
});

async function proxyWithCheckpoints(disclosures: number) {
  const p = await testProxy({ checkpointEvery: 3 });
  proxies.push(p);
  for (let i = 0; i < disclosures; i++) expect((await p.call('POST', '/api/v1/disclosures', reportedDisclosure({ id: `evt-log-route-${i}` }))).status).toBe(201);
  return p;
}

const asText = { token: null, headers: { accept: 'text/plain' } };

/** What a witness does: configure the verifier key it was given, then check notes against it alone. */
async function witnessOf(p: TestProxy): Promise<NoteVerifier> {
  const res = await p.call('GET', '/api/v1/log/verifier-key', undefined, { token: null });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  const { name, keyId, publicKey } = parseVerifierKey(await res.text());
  const pem = p.opened.keys.publicKeyPem;
  expect(publicKey.equals(rawEd25519(pem))).toBe(true);
  return { name, keyId, verify: (text, sig) => publicKeyFrom(pem).verifyCheckpoint(text, sig.toString('base64')) };
}

describe('GET /api/v1/log/checkpoint and /api/v1/log/verifier-key (no token: published on purpose)', () => {
  it('answers the newest checkpoint as a C2SP signed note for text/plain, which the verifier key alone verifies', async () => {
    const p = await proxyWithCheckpoints(4);
    const newest = (await p.opened.store.checkpoints()).at(-1)!;
    const res = await p.call('GET', '/api/v1/log/checkpoint', undefined, asText);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const note = await res.text();
    const witness = await witnessOf(p);
    const body = parseCheckpointNoteText(openNote(note, [witness]).text);
    // The key's name is the origin line; the size and root are the newest checkpoint's.
    expect(body).toMatchObject({ origin: witness.name, size: newest.seq, root: newest.root, prev: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(parseNote(note).signatures.map((s) => s.name)).toEqual([witness.name]);
  });

  it('chains the notes: each names the hash of the one before it', async () => {
    const p = await proxyWithCheckpoints(5);
    const cps = await p.opened.store.checkpoints();
    expect(cps.length).toBeGreaterThanOrEqual(2);
    const bodies = cps.map((c) => parseCheckpointNoteText(parseNote(c.note!).text));
    expect(bodies[0]!.prev).toBeNull();
    for (let i = 1; i < bodies.length; i++) expect(bodies[i]!.prev).toBe(checkpointHash(bodies[i - 1]!));
    expect(checkpointNoteText(bodies.at(-1)!)).toBe(parseNote(cps.at(-1)!.note!).text);
  });

  it('answers JSON by default, and when JSON is preferred, with the note inside', async () => {
    const p = await proxyWithCheckpoints(4);
    for (const accept of [undefined, 'application/json', 'application/json, text/plain', '*/*']) {
      const res = await p.call('GET', '/api/v1/log/checkpoint', undefined, { token: null, headers: accept ? { accept } : {} });
      expect([accept, res.status, res.headers.get('content-type')]).toEqual([accept, 200, 'application/json']);
      const body = await res.json();
      expect(body.checkpoint).toMatchObject({ keyId: p.opened.keys.keyId, note: expect.stringContaining('\n\n— disclosure-guard/log-') });
      expect(body.verifierKey).toBe((await (await p.call('GET', '/api/v1/log/verifier-key', undefined, { token: null })).text()).trim());
    }
  });

  it('says so when no checkpoint was signed yet, in either form; the verifier key is there from the first entry', async () => {
    const p = await testProxy({ checkpointEvery: 1000 });
    proxies.push(p);
    for (const opts of [asText, { token: null }]) {
      const res = await p.call('GET', '/api/v1/log/checkpoint', undefined, opts);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'not_found', message: 'no checkpoint has been signed yet' } });
    }
    const witness = await witnessOf(p);
    expect(witness.name).toMatch(/^disclosure-guard\/log-[0-9a-f]{16}$/);
  });
});
