import { createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ephemeralKeys, makeKeys, publicKeyFrom } from './keys';
import type { NoteVerifier } from './note';
import {
  checkpointHash,
  checkpointNoteText,
  formatNote,
  noteKeyId,
  NoteError,
  openNote,
  parseCheckpointNoteText,
  parseNote,
  parseVerifierKey,
  rawEd25519,
  signCheckpointNote,
  verifierKey,
} from './note';

// Known answers from golang.org/x/mod/sumdb/note/note_test.go (golang/mod, commit 02c99138):
// TestSign, TestVerifierList and TestOpen.
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';
// The worked example of c2sp.org/signed-note (C2SP/C2SP signed-note.md as of commit d4c16da5).
const FOO_VKEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const FOO_NOTE = 'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';

/** A raw 32-byte Ed25519 public key as a node KeyObject (RFC 8410 SPKI prefix). */
const ed25519Public = (raw: Buffer) => createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]), format: 'der', type: 'spki' });

/** A verifier built from nothing but a verifier key string, as a witness would configure one. */
function verifierFrom(vkey: string): NoteVerifier {
  const { name, keyId, publicKey } = parseVerifierKey(vkey);
  const key = publicKeyFrom(ed25519Public(publicKey).export({ type: 'spki', format: 'pem' }).toString());
  return { name, keyId, verify: (text, sig) => key.verifyCheckpoint(text, sig.toString('base64')) };
}

describe('verifier keys (c2sp.org/signed-note key IDs)', () => {
  it.each([
    ['PeterNeumann', PETER_VKEY, 'c74f20a3'],
    ['EnochRoot', ENOCH_VKEY, 'af0cfe78'],
    ['example.com/foo', FOO_VKEY, '530d903a'],
  ])('reproduces the key id of %s and writes its verifier key back byte for byte', (name, vkey, id) => {
    const parsed = parseVerifierKey(vkey);
    expect(parsed.name).toBe(name);
    expect(noteKeyId(name, parsed.publicKey).toString('hex')).toBe(id);
    expect(verifierKey(name, parsed.publicKey)).toBe(vkey);
  });

  it('refuses a verifier key whose id, name, algorithm or length was changed', () => {
    expect(() => parseVerifierKey(PETER_VKEY.replace('c74f20a3', 'c74f20a4'))).toThrow(/key id does not match/);
    expect(() => parseVerifierKey(PETER_VKEY.replace('PeterNeumann', 'PeterNeuman'))).toThrow(/key id does not match/);
    // Both from TestNewVerifier: a wrong-length key and an unknown algorithm, each with an adjusted key hash.
    expect(() => parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==')).toThrow(NoteError);
    expect(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(NoteError);
    expect(() => parseVerifierKey('Peter+Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(NoteError);
  });

  it('derives the raw key and key id of a PEM public key the same way', () => {
    const { publicKey } = parseVerifierKey(PETER_VKEY);
    const pem = ed25519Public(publicKey).export({ type: 'spki', format: 'pem' }).toString();
    expect(rawEd25519(pem).equals(publicKey)).toBe(true);
    expect(verifierKey('PeterNeumann', rawEd25519(pem))).toBe(PETER_VKEY);
  });
});

describe('signed notes', () => {
  it('signs the Go test text with the Go test key into exactly the published note (Ed25519 is deterministic)', () => {
    // PRIVATE+KEY+<name>+<id>+<base64(0x01 ‖ seed)>; the base64 itself holds a '+'.
    const seed = Buffer.from(PETER_SKEY.split('+').slice(4).join('+'), 'base64').subarray(1);
    const priv = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
    const keys = makeKeys(Buffer.alloc(32), priv, createPublicKey(priv));
    expect(verifierKey('PeterNeumann', rawEd25519(keys.publicKeyPem))).toBe(PETER_VKEY);
    const note = formatNote(GO_TEXT, [{ name: 'PeterNeumann', keyId: noteKeyId('PeterNeumann', rawEd25519(keys.publicKeyPem)), signature: Buffer.from(keys.signCheckpoint(GO_TEXT), 'base64') }]);
    expect(note).toBe(GO_TEXT + '\n' + PETER_SIG);
  });

  it('verifies the published notes with their verifier keys, ignoring signatures of unknown keys', () => {
    const peter = verifierFrom(PETER_VKEY);
    const enoch = verifierFrom(ENOCH_VKEY);
    expect(openNote(FOO_NOTE, [verifierFrom(FOO_VKEY)]).text).toBe('This is an example message.\n');
    const both = GO_TEXT + '\n' + PETER_SIG + ENOCH_SIG;
    expect(openNote(both, [peter])).toEqual({ text: GO_TEXT, verifiedBy: [peter] });
    expect(openNote(both, [peter, enoch]).verifiedBy).toEqual([peter, enoch]);
    expect(parseNote(both).signatures.map((s) => `${s.name}+${s.keyId.toString('hex')}`)).toEqual(['PeterNeumann+c74f20a3', 'EnochRoot+af0cfe78']);
  });

  it('rejects a changed text, a bad signature from a known key, and a note no known key signed', () => {
    const peter = verifierFrom(PETER_VKEY);
    expect(() => openNote((GO_TEXT + '\n' + PETER_SIG).replace('cryptography', 'cryptographY'), [peter])).toThrow(/invalid signature for key PeterNeumann\+c74f20a3/);
    // TestOpen's invalid signature: four characters spliced into the base64.
    expect(() => openNote(GO_TEXT + '\n' + PETER_SIG.slice(0, 60) + 'ABCD' + PETER_SIG.slice(60), [peter])).toThrow(/invalid signature/);
    expect(() => openNote(GO_TEXT + '\n' + ENOCH_SIG, [peter])).toThrow(/no signature from a known key/);
    // A known key's id under another name is another key: ignored, so nothing verifies.
    expect(() => openNote(GO_TEXT + '\n' + PETER_SIG.replace('PeterNeumann', 'CarmenSandiego'), [peter])).toThrow(/no signature from a known key/);
  });

  it.each([
    // TestOpen's malformed notes.
    ['only text', GO_TEXT],
    ['text and a blank line', GO_TEXT + '\n'],
    ['a signature line without its newline', GO_TEXT + '\n' + PETER_SIG.slice(0, -1)],
    ['a control character', '\x01' + GO_TEXT + '\n' + PETER_SIG],
    ['a key name with a space', GO_TEXT + '\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n'],
    ['a line after the signatures', GO_TEXT + '\n' + PETER_SIG + 'Unexpected line.\n'],
    ['too many signatures', GO_TEXT + '\n' + PETER_SIG.repeat(101)],
  ])('refuses a malformed note: %s', (_why, note) => {
    expect(() => parseNote(note)).toThrow(NoteError);
  });
});

describe('checkpoints (c2sp.org/tlog-checkpoint)', () => {
  // The example of c2sp.org/tlog-checkpoint.
  const SOFA = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';

  it("reads and writes back the spec's example byte for byte", () => {
    const body = parseCheckpointNoteText(SOFA);
    expect(body).toEqual({ origin: 'example.com/behind-the-sofa', size: 20852163, root: Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64').toString('hex'), prev: null });
    expect(checkpointNoteText(body)).toBe(SOFA);
  });

  it('names the previous checkpoint in an extension line, and ignores extension lines it does not know', () => {
    const prev = checkpointHash(parseCheckpointNoteText(SOFA));
    const text = checkpointNoteText({ origin: 'example.com/behind-the-sofa', size: 20852200, root: 'ab'.repeat(32), prev });
    expect(text.split('\n')).toEqual(['example.com/behind-the-sofa', '20852200', Buffer.from('ab'.repeat(32), 'hex').toString('base64'), `prev ${Buffer.from(prev, 'hex').toString('base64')}`, '']);
    expect(parseCheckpointNoteText(text).prev).toBe(prev);
    expect(parseCheckpointNoteText(SOFA + 'some other extension\n').prev).toBeNull();
  });

  it.each([
    ['a size with a leading zero', SOFA.replace('20852163', '020852163')],
    ['a negative size', SOFA.replace('20852163', '-1')],
    ['a root of 31 bytes', SOFA.replace('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', Buffer.alloc(31).toString('base64'))],
    ['two lines', 'example.com/behind-the-sofa\n20852163\n'],
    ['an empty extension line', SOFA + '\n'],
  ])('refuses a checkpoint with %s', (_why, text) => {
    expect(() => parseCheckpointNoteText(text)).toThrow(NoteError);
  });

  it("signs a checkpoint under the log's origin that a verifier built from the verifier key alone accepts", () => {
    const keys = ephemeralKeys();
    const origin = 'disclosure-guard/log-0123456789abcdef';
    const note = signCheckpointNote({ origin, size: 42, root: 'cd'.repeat(32), prev: null }, keys.publicKeyPem, keys.signCheckpoint);
    const witness = verifierFrom(verifierKey(origin, rawEd25519(keys.publicKeyPem)));
    expect(openNote(note, [witness]).text).toBe(checkpointNoteText({ origin, size: 42, root: 'cd'.repeat(32), prev: null }));
    expect(note).toMatch(new RegExp(`\\n\\n— ${origin} [A-Za-z0-9+/]{91}=\\n$`));
    // Another key under the same name is not the log's key.
    const other = verifierFrom(verifierKey(origin, rawEd25519(ephemeralKeys().publicKeyPem)));
    expect(() => openNote(note, [other])).toThrow(/no signature from a known key/);
  });
});
