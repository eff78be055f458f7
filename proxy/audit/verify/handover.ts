/**
 * The log's signing keys over time: the one it was created with, then each one it was handed over
 * to by a log.key_rotated entry that the outgoing key signed for that position in the chain.
 */
import type { StoredEntry } from '../../store/types';
import type { Keys } from '../keys';
import { publicKeyFrom } from '../keys';
import { entryData } from '../kinds';

export type Verifier = Pick<Keys, 'verifyCheckpoint' | 'keyId' | 'publicKeyPem'>;

/** The kind of the entry that hands the log over from one signing key to the next. */
export const KEY_ROTATED = 'log.key_rotated';

/**
 * What the outgoing key signs when the log is handed to a new key: the position in the chain (the
 * rotation entry's seq and the head before it) and the new key's id, so the handover cannot be
 * replayed elsewhere.
 */
export function handoverText(seq: number, prevHead: string, toKeyId: string): string {
  return `disclosure-guard key rotation\n${seq}\n${prevHead}\n${toKeyId}`;
}

/** Public keys by id: the ones given, and those handed over to inside the log. */
export class KeyRing {
  private readonly byId = new Map<string, Verifier>();

  constructor(given: Verifier | readonly Verifier[]) {
    for (const v of Array.isArray(given) ? given : [given as Verifier]) this.byId.set(v.keyId, v);
  }

  get(keyId: unknown): Verifier | undefined {
    return typeof keyId === 'string' ? this.byId.get(keyId) : undefined;
  }

  add(v: Verifier): void {
    this.byId.set(v.keyId, v);
  }

  all(): Verifier[] {
    return [...this.byId.values()];
  }

  /** Any key given: the one a log without a log.created entry (a very old one) is checked with. */
  first(): Verifier {
    return this.byId.values().next().value!;
  }
}

/** The key the log starts with (its first entry, `e`, names it), or why it cannot be checked. */
export function startingKey(e: StoredEntry, ring: KeyRing): Verifier | string {
  const key = e.kind === 'log.created' ? ring.get(entryData(e).keyId) : ring.first();
  return key ?? `the log was created with key ${String(entryData(e).keyId)}, whose public key was not given (give every public key the log was signed with, or its first)`;
}

/**
 * The key in effect after a rotation entry, or why the handover is not valid: it must come from the
 * key in effect, be signed by it for this position, and name a key whose public key it carries.
 */
export function handover(e: StoredEntry, data: Record<string, unknown>, prevHead: string, current: Verifier | undefined, ring: KeyRing): Verifier | string {
  if (!current || data.from !== current.keyId) return `entry ${e.seq} hands the log over from key ${String(data.from)}, but ${current?.keyId ?? 'no key'} was in effect`;
  if (typeof data.to !== 'string' || typeof data.handover !== 'string' || !current.verifyCheckpoint(handoverText(e.seq, prevHead, data.to), data.handover)) {
    return `entry ${e.seq} hands the log over to another key without the signature of key ${current.keyId}`;
  }
  let next = ring.get(data.to);
  if (!next && typeof data.publicKey === 'string') {
    try {
      const announced = publicKeyFrom(data.publicKey);
      if (announced.keyId === data.to) next = announced;
    } catch {
      // falls through: no usable key
    }
  }
  return next ?? `entry ${e.seq} hands the log over to key ${data.to}, whose public key it does not carry`;
}
