/**
 * The log's checkpoints in the standard form transparency tools and witnesses read: C2SP signed
 * notes (c2sp.org/signed-note) holding C2SP checkpoints (c2sp.org/tlog-checkpoint). Ed25519 only
 * (signature type 0x01). Each checkpoint names the one before it in an extension line, so a
 * checkpoint deleted from the middle breaks the chain of notes.
 */
import { createHash, createPublicKey } from 'node:crypto';

/** c2sp.org/signed-note: the signature type byte of Ed25519. */
const ED25519 = 0x01;
const EM_DASH = '\u2014';
/** c2sp.org/signed-note: verifiers must accept at least 16 signatures; more is refused as malformed. */
const MAX_SIGNATURES = 100;

export class NoteError extends Error {}

export interface NoteSignature {
  name: string;
  /** The signer's 4-byte key id. */
  keyId: Buffer;
  signature: Buffer;
}

/** The 32-byte Ed25519 public key (RFC 8032 encoding) of a PEM public key. */
export function rawEd25519(pem: string): Buffer {
  const jwk = createPublicKey(pem).export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new NoteError('not an Ed25519 public key');
  return Buffer.from(jwk.x, 'base64url');
}

/** c2sp.org/signed-note: key ID = SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ 32-byte Ed25519 public key)[:4]. */
export function noteKeyId(name: string, publicKey: Buffer): Buffer {
  return createHash('sha256').update(name, 'utf8').update(Buffer.from([0x0a, ED25519])).update(publicKey).digest().subarray(0, 4);
}

/** Key names: non-empty, without Unicode spaces or '+'. */
function validName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/** The verifier key: `<name>+<key id, 8 hex digits>+<base64(0x01 ‖ public key)>`. */
export function verifierKey(name: string, publicKey: Buffer): string {
  return `${name}+${noteKeyId(name, publicKey).toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), publicKey]).toString('base64')}`;
}

/** Reads a verifier key, checking its key id against its name and key. */
export function parseVerifierKey(vkey: string): { name: string; keyId: Buffer; publicKey: Buffer } {
  const m = /^([^+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(vkey.trim());
  if (!m || !validName(m[1]!)) throw new NoteError('malformed verifier key');
  const material = Buffer.from(m[3]!, 'base64');
  if (material.length !== 33 || material[0] !== ED25519 || material.toString('base64') !== m[3]) throw new NoteError('not an Ed25519 verifier key');
  const publicKey = material.subarray(1);
  if (noteKeyId(m[1]!, publicKey).toString('hex') !== m[2]) throw new NoteError('the verifier key id does not match its name and key');
  return { name: m[1]!, keyId: Buffer.from(m[2]!, 'hex'), publicKey };
}

/** A signed note: the text (ending in a newline), a blank line, one line per signature. */
export function formatNote(text: string, signatures: readonly NoteSignature[]): string {
  if (!text.endsWith('\n')) throw new NoteError('a note text ends in a newline');
  const lines = signatures.map((s) => `${EM_DASH} ${s.name} ${Buffer.concat([s.keyId, s.signature]).toString('base64')}\n`);
  return `${text}\n${lines.join('')}`;
}

/** Splits a signed note into its text and signatures; throws NoteError when it is not one. */
export function parseNote(note: string): { text: string; signatures: NoteSignature[] } {
  // Valid UTF-8 without control characters other than newline.
  if (/[\u0000-\u0009\u000b-\u001f\ufffd]/.test(note)) throw new NoteError('malformed note: control characters');
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new NoteError('malformed note: no blank line before the signatures');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError('malformed note: too many signatures');
  const signatures = lines.map((line) => {
    const m = new RegExp(`^${EM_DASH} (\\S+) ([A-Za-z0-9+/]+={0,2})$`).exec(line);
    if (!m || !validName(m[1]!)) throw new NoteError(`malformed note: not a signature line: ${line.slice(0, 80)}`);
    const bytes = Buffer.from(m[2]!, 'base64');
    if (bytes.length < 5 || bytes.toString('base64') !== m[2]) throw new NoteError('malformed note: bad signature encoding');
    return { name: m[1]!, keyId: bytes.subarray(0, 4), signature: bytes.subarray(4) };
  });
  return { text, signatures };
}

/** A key a note may be signed with: its name, its key id and how to check a signature. */
export interface NoteVerifier {
  name: string;
  keyId: Buffer;
  verify(text: string, signature: Buffer): boolean;
}

/**
 * c2sp.org/signed-note: signatures from unknown keys (name or key id differ) are ignored; one from
 * a known key that fails rejects the note; at least one from a known key must verify.
 */
export function openNote<V extends NoteVerifier>(note: string, verifiers: readonly V[]): { text: string; verifiedBy: V[] } {
  const { text, signatures } = parseNote(note);
  const verifiedBy: V[] = [];
  for (const s of signatures) {
    const v = verifiers.find((k) => k.name === s.name && k.keyId.equals(s.keyId));
    if (!v) continue;
    if (!v.verify(text, s.signature)) throw new NoteError(`invalid signature for key ${s.name}+${s.keyId.toString('hex')}`);
    if (!verifiedBy.includes(v)) verifiedBy.push(v);
  }
  if (verifiedBy.length === 0) throw new NoteError('the note has no signature from a known key');
  return { text, verifiedBy };
}

/** What a checkpoint note says: the log, its size and RFC 6962 root (hex), and the checkpoint before it. */
export interface CheckpointBody {
  origin: string;
  size: number;
  root: string;
  /** SHA-256 (hex) of the previous checkpoint's note text; null for a log's first checkpoint. */
  prev: string | null;
}

/** The extension line that names the previous checkpoint (c2sp.org/tlog-checkpoint allows opaque extension lines). */
const PREV_PREFIX = 'prev ';

/** c2sp.org/tlog-checkpoint note text: origin, tree size in decimal, base64 root hash, then our one extension line. */
export function checkpointNoteText(b: CheckpointBody): string {
  const lines = [b.origin, String(b.size), Buffer.from(b.root, 'hex').toString('base64')];
  if (b.prev) lines.push(PREV_PREFIX + Buffer.from(b.prev, 'hex').toString('base64'));
  return lines.join('\n') + '\n';
}

/** Reads a checkpoint note text; throws NoteError when it is not one. */
export function parseCheckpointNoteText(text: string): CheckpointBody {
  const lines = text.split('\n');
  if (lines.pop() !== '' || lines.length < 3 || lines.some((l) => l === '')) throw new NoteError('not a checkpoint: three or more non-empty lines');
  const [origin, size, root, ...extensions] = lines as [string, string, string, ...string[]];
  if (!/^(0|[1-9][0-9]{0,15})$/.test(size) || !Number.isSafeInteger(Number(size))) throw new NoteError(`not a checkpoint: tree size ${size.slice(0, 20)}`);
  const rootBytes = Buffer.from(root, 'base64');
  if (rootBytes.length !== 32 || rootBytes.toString('base64') !== root) throw new NoteError('not a checkpoint: the root hash is not 32 bytes of base64');
  let prev: string | null = null;
  for (const ext of extensions) {
    if (!ext.startsWith(PREV_PREFIX)) continue; // other extension lines are opaque
    const bytes = Buffer.from(ext.slice(PREV_PREFIX.length), 'base64');
    if (bytes.length !== 32) throw new NoteError('not a checkpoint: the previous checkpoint hash is not 32 bytes');
    prev = bytes.toString('hex');
  }
  return { origin, size: Number(size), root: rootBytes.toString('hex'), prev };
}

/** What the next checkpoint names: SHA-256 (hex) of this checkpoint's note text. */
export function checkpointHash(b: CheckpointBody): string {
  return createHash('sha256').update(checkpointNoteText(b), 'utf8').digest('hex');
}

/**
 * The log's origin line and key name: fixed for the life of the log (across key rotations) and
 * unique to it, taken from the head of its first entry (the log.created entry).
 */
export function logOrigin(firstHead: string): string {
  return `disclosure-guard/log-${firstHead.slice(0, 16)}`;
}

/** A checkpoint as a signed note, signed by `sign` (base64 Ed25519 of the text) under the log's origin. */
export function signCheckpointNote(b: CheckpointBody, publicKeyPem: string, sign: (text: string) => string): string {
  const text = checkpointNoteText(b);
  return formatNote(text, [{ name: b.origin, keyId: noteKeyId(b.origin, rawEd25519(publicKeyPem)), signature: Buffer.from(sign(text), 'base64') }]);
}
