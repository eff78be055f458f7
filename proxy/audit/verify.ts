/**
 * verify-log: read-only. Recomputes every leaf hash, the running head and the RFC 6962 tree at every
 * checkpoint; checks checkpoint and entry signatures against the pinned public key; compares the
 * saved chain state; rebuilds the tables the console reads (disclosures, fingerprints, reviews,
 * incidents) from the chain; and proves with RFC 6962 consistency proofs that the log still extends
 * every checkpoint an auditor kept. Names the first entry that does not match.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical';
import { checkpointText, EMPTY_CHAIN, entrySigText, leafHash, nextHead, pushLeaf, treeRoot } from './chain';
import type { Subtree } from './chain';
import { consistencyProof, verifyConsistency } from './consistency';
import type { Keys } from './keys';
import { publicKeyFrom } from './keys';
import { checkpointHash, checkpointNoteText, logOrigin, NoteError, noteKeyId, openNote, rawEd25519 } from './note';
import type { NoteVerifier } from './note';
import type { Checkpoint, LogState, Store, StoredEntry } from '../store/types';
import { entryData } from './kinds';

export type Verifier = Pick<Keys, 'verifyCheckpoint' | 'keyId' | 'publicKeyPem'>;

/** A checkpoint an auditor kept as a signed note (c2sp.org/tlog-checkpoint), e.g. from the API's text/plain answer. */
export interface KeptNote {
  kind: 'note';
  /** The tree size. */
  seq: number;
  root: string;
  origin: string;
  prev: string | null;
  /** The whole signed note, as saved. */
  note: string;
}

export type KeptCheckpoint = Checkpoint | KeptNote;

const noteVerifiers = new WeakMap<Verifier, Map<string, NoteVerifier>>();

/** A public key as a signed-note verifier for the log named `origin`. */
export function noteVerifier(v: Verifier, origin: string): NoteVerifier {
  let byOrigin = noteVerifiers.get(v);
  if (!byOrigin) noteVerifiers.set(v, (byOrigin = new Map()));
  let nv = byOrigin.get(origin);
  if (!nv) {
    nv = { name: origin, keyId: noteKeyId(origin, rawEd25519(v.publicKeyPem)), verify: (text, sig) => v.verifyCheckpoint(text, sig.toString('base64')) };
    byOrigin.set(origin, nv);
  }
  return nv;
}

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
class KeyRing {
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

/**
 * The key in effect after a rotation entry, or why the handover is not valid: it must come from the
 * key in effect, be signed by it for this position, and name a key whose public key it carries.
 */
function handover(e: StoredEntry, data: Record<string, unknown>, prevHead: string, current: Verifier | undefined, ring: KeyRing): Verifier | string {
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

export interface VerifyResult {
  ok: boolean;
  entries: number;
  validEntries: number;
  checkpoints: number;
  validCheckpoints: number;
  /** Newest entries that no valid checkpoint covers (each still checked by its own signature). */
  uncovered: number;
  /** Seconds since the newest checkpoint was signed, when there is one. */
  newestCheckpointAgeSeconds: number | null;
  /** Checkpoints the auditor kept (`--checkpoint`) that the log was proved to extend. */
  keptCheckpoints: number;
  keptProved: number;
  /** Rows of derived tables compared with what the chain says they must be. */
  derivedRows: number;
  /** The first problem: the seq it concerns and what is wrong. */
  firstBad?: { seq: number; reason: string };
}

export interface VerifyOptions {
  /** Checkpoints saved earlier, outside this database (an auditor's copies), as JSON or as signed notes. */
  kept?: readonly KeptCheckpoint[];
  now?: Date;
}

interface Pending {
  seq: number;
  head: string;
  sig: string | null;
  /** The key in effect for this entry. */
  key: Verifier | undefined;
}

/**
 * `keys`: the log's public key, or every public key it was signed with over time (after a rotation
 * the older ones are also learnt from the handover entries, each endorsed by its predecessor).
 */
export async function verifyLog(store: Store, keys: Verifier | readonly Verifier[], options: VerifyOptions = {}): Promise<VerifyResult> {
  const ring = new KeyRing(keys);
  let current: Verifier | undefined;
  const checkpoints = await store.checkpoints();
  const bySeq = new Map(checkpoints.map((c) => [c.seq, c]));
  const signedFrom = await store.signedFrom();
  const kept = [...(options.kept ?? [])].sort((a, b) => a.seq - b.seq);
  // The origin line of the log's notes comes from its first entry (read as stored: if that entry was
  // changed, the chain names it first).
  const first = await store.getEntry(1);
  const origin = first ? logOrigin(first.head) : undefined;
  const links = origin ? checkpointLinks(checkpoints, origin) : new Map<number, Link>();
  const gaps = [...links.values()].filter((l): l is Extract<Link, { gap: true }> => l.gap);
  const keptSeqs = new Set(kept.map((c) => c.seq));
  const headsAt = new Map<number, string>();
  const leaves: Buffer[] = [];
  const derived = new Derived();
  let seq = EMPTY_CHAIN.seq;
  let head = EMPTY_CHAIN.head;
  let frontier: Subtree[] = [];
  let entries = 0;
  let validEntries = 0;
  let validCheckpoints = 0;
  let lastValidCheckpoint: Checkpoint | undefined;
  let pending: Pending[] = [];
  let firstBad: VerifyResult['firstBad'];
  const fail = (s: number, reason: string) => {
    if (!firstBad) firstBad = { seq: s, reason };
  };
  /** The first entry in `list` whose signature does not verify (entries signed since `signedFrom`). */
  const firstBadSignature = (list: readonly Pending[]) =>
    list.find((p) => p.seq >= signedFrom && (!p.sig || !p.key || !p.key.verifyCheckpoint(entrySigText(p.seq, p.head), p.sig)));

  // From the first row there is, whatever its seq: a row slipped in before entry 1 is found too.
  for await (const e of store.entries(Number.MIN_SAFE_INTEGER)) {
    entries++;
    if (firstBad) continue;
    const why = checkEntry(e, seq, head);
    if (why) {
      fail(why.seq, why.reason);
      continue;
    }
    // The key in effect: the one the log was created with, then each one it was handed over to.
    if (e.seq === 1) {
      current = e.kind === 'log.created' ? ring.get(entryData(e).keyId) : ring.first();
      if (!current) {
        fail(1, `the log was created with key ${String(entryData(e).keyId)}, whose public key was not given (give every public key the log was signed with, or its first)`);
        continue;
      }
    }
    if (e.kind === KEY_ROTATED) {
      const next = handover(e, entryData(e), head, current, ring);
      if (typeof next === 'string') {
        fail(e.seq, next);
        continue;
      }
      ring.add(next);
      current = next;
    }
    seq = e.seq;
    head = e.head;
    frontier = pushLeaf(frontier, e.leaf);
    leaves.push(Buffer.from(e.leaf, 'hex'));
    if (keptSeqs.has(seq)) headsAt.set(seq, head);
    // A checkpoint deleted from the middle: find its place by the hash its successor names.
    for (const g of gaps) {
      if (g.found === undefined && seq > (g.from?.seq ?? 0) && seq < g.to.seq && checkpointHash({ origin: origin!, size: seq, root: treeRoot(frontier), prev: g.fromHash }) === g.to.prev) {
        g.found = seq;
      }
    }
    pending.push({ seq, head, sig: e.sig, key: current });
    derived.add(e);
    validEntries++;
    const cp = bySeq.get(seq);
    if (!cp) continue;
    const bad = checkCheckpoint(cp, head, treeRoot(frontier), current, origin);
    const link = links.get(cp.seq);
    if (!bad && link) {
      fail(link.gap ? (link.found ?? (link.from?.seq ?? 0) + 1) : cp.seq, describeLink(link));
    } else if (!bad) {
      validCheckpoints++;
      lastValidCheckpoint = cp;
      pending = [];
    } else if (bad.signed) {
      // A checkpoint we signed no longer matches: the entries since the last good one were rewritten.
      // Entry signatures tell which one came first.
      const culprit = firstBadSignature(pending);
      fail(culprit?.seq ?? seq, culprit ? `entry ${culprit.seq} was rewritten (its signature does not match; ${bad.reason})` : bad.reason);
    } else {
      fail(seq, bad.reason);
    }
  }
  if (!firstBad) {
    const culprit = firstBadSignature(pending);
    if (culprit) {
      fail(
        culprit.seq,
        culprit.key ? `entry ${culprit.seq} is not signed by the log's key (forged or rewritten)` : `entry ${culprit.seq} is signed by a key that was not given (give every public key the log was signed with)`,
      );
    }
  }
  if (!firstBad && entries === 0) fail(1, 'the log is empty: a log always starts with its log.created entry, so it was wiped');
  for (const cp of checkpoints) {
    if (cp.seq > seq && !firstBad) fail(seq + 1, `a checkpoint covers entry ${cp.seq} but the log ends at ${seq} (truncated)`);
  }
  if (!firstBad) {
    const why = compareState(await store.logState(), seq, head, frontier);
    if (why) fail(why.seq, why.reason);
  }
  let derivedRows = 0;
  if (!firstBad) {
    const r = await derived.compare(store);
    derivedRows = r.rows;
    if (r.firstBad) fail(r.firstBad.seq, r.firstBad.reason);
  }
  let keptProved = 0;
  if (!firstBad && kept.length) {
    const root = Buffer.from(treeRoot(frontier), 'hex');
    let provedUpTo = 0;
    for (const cp of kept) {
      const unsigned = keptSignature(cp, ring, origin);
      if (unsigned) {
        fail(cp.seq, unsigned);
        break;
      }
      if (cp.seq > seq) {
        fail(seq + 1, `a kept checkpoint covers ${cp.seq} entries but the log now ends at ${seq}: entries ${seq + 1}–${cp.seq} were removed`);
        break;
      }
      const proof = consistencyProof(leaves, cp.seq, seq);
      const headDiffers = !('kind' in cp) && headsAt.get(cp.seq) !== cp.head;
      if (headDiffers || !verifyConsistency(cp.seq, seq, Buffer.from(cp.root, 'hex'), root, proof)) {
        fail(provedUpTo + 1, `the log does not extend the kept checkpoint ${cp.seq}: entries ${provedUpTo + 1}–${cp.seq} were rewritten`);
        break;
      }
      provedUpTo = cp.seq;
      keptProved++;
    }
  }
  const newest = checkpoints.length ? checkpoints[checkpoints.length - 1]! : undefined;
  const now = options.now ?? new Date();
  return {
    ok: !firstBad,
    entries,
    validEntries,
    checkpoints: checkpoints.length,
    validCheckpoints,
    uncovered: seq - (lastValidCheckpoint?.seq ?? 0),
    newestCheckpointAgeSeconds: newest ? Math.max(0, Math.round((now.getTime() - Date.parse(newest.at)) / 1000)) : null,
    keptCheckpoints: kept.length,
    keptProved,
    derivedRows,
    firstBad,
  };
}

function checkEntry(e: StoredEntry, seq: number, head: string): { seq: number; reason: string } | undefined {
  if (e.seq < 1) return { seq: e.seq, reason: `entry ${e.seq} comes before the log's first entry (inserted outside the proxy)` };
  if (e.seq !== seq + 1) {
    return { seq: seq + 1, reason: e.seq > seq + 1 ? `entries ${seq + 1}–${e.seq - 1} are missing` : `entry ${e.seq} is out of order` };
  }
  let parsed: { seq?: unknown; kind?: unknown; at?: unknown };
  try {
    parsed = JSON.parse(e.body);
  } catch {
    return { seq: e.seq, reason: 'the entry body is not JSON' };
  }
  if (parsed.seq !== e.seq || parsed.kind !== e.kind || parsed.at !== e.at) return { seq: e.seq, reason: 'the entry body does not match its row' };
  const leaf = leafHash(e.body);
  if (leaf !== e.leaf) return { seq: e.seq, reason: 'the entry was altered (leaf hash mismatch)' };
  if (nextHead(head, leaf) !== e.head) return { seq: e.seq, reason: 'the chain is broken (head mismatch)' };
  return undefined;
}


/** A checkpoint must be signed by the key in effect at its seq, in both its forms. */
function checkCheckpoint(cp: Checkpoint, head: string, root: string, verifier: Verifier | undefined, origin: string | undefined): { reason: string; signed: boolean } | undefined {
  if (!verifier || cp.keyId !== verifier.keyId) return { reason: `checkpoint ${cp.seq} is signed by an unknown key ${cp.keyId}`, signed: false };
  if (!verifier.verifyCheckpoint(checkpointText(cp), cp.signature)) return { reason: `checkpoint ${cp.seq} has a bad signature`, signed: false };
  if (cp.note && origin) {
    let text: string;
    try {
      text = openNote(cp.note, [noteVerifier(verifier, origin)]).text;
    } catch (err) {
      return { reason: `checkpoint ${cp.seq}'s signed note does not verify (${(err as Error).message})`, signed: false };
    }
    if (text !== checkpointNoteText({ origin, size: cp.seq, root: cp.root, prev: cp.prev ?? null })) return { reason: `checkpoint ${cp.seq}'s signed note says something else`, signed: false };
  }
  if (cp.head !== head) return { reason: `checkpoint ${cp.seq} does not match the chain head`, signed: true };
  if (cp.root !== root) return { reason: `checkpoint ${cp.seq} does not match the tree root`, signed: true };
  return undefined;
}

/** What is wrong with how a checkpoint names the one before it. */
type Link =
  | { gap: true; from: Checkpoint | undefined; fromHash: string | null; to: Checkpoint; found?: number }
  | { gap: false; cp: Checkpoint; reason: string };

/**
 * Checkpoints chain: each names the hash of the one before it (none for the log's first). Those
 * signed before checkpoints were chained name nothing and are followed by the first that does.
 */
function checkpointLinks(checkpoints: readonly Checkpoint[], origin: string): Map<number, Link> {
  const out = new Map<number, Link>();
  let before: Checkpoint | undefined;
  let chained = false;
  for (const cp of checkpoints) {
    const fromHash = before ? checkpointHash({ origin, size: before.seq, root: before.root, prev: before.prev ?? null }) : null;
    const prev = cp.prev ?? null;
    if (prev !== fromHash && !(prev === null && !cp.note && !chained)) {
      if (prev) out.set(cp.seq, { gap: true, from: before, fromHash, to: cp });
      else out.set(cp.seq, { gap: false, cp, reason: `checkpoint ${cp.seq} does not name checkpoint ${before!.seq} before it` });
    } else if (prev && !cp.note) {
      out.set(cp.seq, { gap: false, cp, reason: `checkpoint ${cp.seq} lost its signed note` });
    }
    chained ||= Boolean(cp.note);
    before = cp;
  }
  return out;
}

function describeLink(link: Link): string {
  if (!link.gap) return link.reason;
  const after = link.from ? `after checkpoint ${link.from.seq}` : 'before any other';
  return link.found !== undefined
    ? `checkpoint ${link.found} is missing ${after} (deleted): checkpoint ${link.to.seq} names it as the one before it`
    : `a checkpoint is missing ${after} (deleted): checkpoint ${link.to.seq} names one before it that is not in the log`;
}

/** Why a kept checkpoint does not count: not signed by a key of this log (in its JSON or note form). */
function keptSignature(cp: KeptCheckpoint, ring: KeyRing, origin: string | undefined): string | undefined {
  if ('kind' in cp) {
    if (cp.origin !== origin) return `the kept checkpoint ${cp.seq} is a note of another log (${cp.origin}, not ${origin ?? 'this one'})`;
    try {
      openNote(cp.note, ring.all().map((v) => noteVerifier(v, cp.origin)));
      return undefined;
    } catch (err) {
      return `the kept checkpoint ${cp.seq} is not signed by the log's key (${err instanceof NoteError ? err.message : 'not a signed note'})`;
    }
  }
  const key = ring.get(cp.keyId);
  return key && key.verifyCheckpoint(checkpointText(cp), cp.signature) ? undefined : `the kept checkpoint ${cp.seq} is not signed by the log's key`;
}

function compareState(state: LogState, seq: number, head: string, frontier: Subtree[]): { seq: number; reason: string } | undefined {
  if (state.seq > seq) return { seq: seq + 1, reason: `the saved chain state counts ${state.seq} entries but the log ends at ${seq} (truncated)` };
  if (state.seq < seq) return { seq: state.seq + 1, reason: `entries after ${state.seq} are not in the saved chain state (appended outside the proxy)` };
  if (state.head !== head || JSON.stringify(state.frontier) !== JSON.stringify(frontier)) {
    return { seq, reason: 'the saved chain state does not match the log' };
  }
  return undefined;
}

/** What the console's tables must hold, rebuilt from the chain entries. */
class Derived {
  private readonly expected = new Map<string, { seq: number; row: Record<string, unknown> }>();

  add(e: StoredEntry): void {
    const data = entryData(e);
    const str = (v: unknown) => (v === undefined || v === null ? null : String(v));
    switch (e.kind) {
      case 'disclosure': {
        const row = {
          client_event_id: data.clientEventId,
          seq: e.seq,
          request_hash: createHash('sha256').update(canonicalJson(data)).digest('hex'),
          device: data.device,
          sender: data.sender,
          site: data.site,
          channel: data.channel,
          decision: data.decision,
          occurred_at: data.occurredAt,
          check_id: (data.check as { id?: string } | undefined)?.id ?? null,
        };
        this.expected.set(`disclosures:${str(data.clientEventId)}`, { seq: e.seq, row });
        const fps = new Set(((data.fingerprints ?? []) as Array<{ fingerprint: string }>).map((f) => f.fingerprint));
        for (const fp of fps) this.expected.set(`fingerprints:${e.seq}:${fp}`, { seq: e.seq, row: { fingerprint: fp, seq: e.seq } });
        return;
      }
      case 'review.requested':
        this.expected.set(`reviews:${str(data.reviewId)}`, {
          seq: e.seq,
          row: {
            id: data.reviewId,
            event_id: data.eventId,
            requested_by: data.requestedBy,
            device: data.device,
            justification: data.justification,
            recipients: JSON.stringify(data.recipients),
            status: 'pending',
            created_at: e.at,
            seq: e.seq,
            content_hash: data.contentHash ?? null,
            decided_by: null,
            decided_at: null,
            decision_reason: null,
            release_expires_at: null,
            release_redeemed_at: null,
          },
        });
        return;
      case 'review.decided':
      case 'review.release_redeemed': {
        const r = this.expected.get(`reviews:${str(data.reviewId)}`);
        if (!r) return;
        if (e.kind === 'review.decided') {
          Object.assign(r.row, { status: data.decision, decided_by: data.by, decided_at: e.at, decision_reason: data.reason, release_expires_at: data.releaseExpiresAt ?? null });
        } else r.row.release_redeemed_at = e.at;
        return;
      }
      case 'incident.opened':
        this.expected.set(`incidents:${str(data.incidentId)}`, {
          seq: e.seq,
          row: {
            id: data.incidentId,
            review_id: data.reviewId,
            event_id: data.eventId,
            opened_by: data.openedBy,
            opened_at: e.at,
            report_due_on: data.reportDueOn,
            reason: data.reason,
            seq: e.seq,
            status: 'open',
            reported_by: null,
            reported_at: null,
            closed_by: null,
            closed_at: null,
            note: null,
          },
        });
        return;
      case 'incident.reported':
      case 'incident.closed': {
        const r = this.expected.get(`incidents:${str(data.incidentId)}`);
        if (!r) return;
        const step = e.kind === 'incident.reported' ? 'reported' : 'closed';
        Object.assign(r.row, { status: step, [`${step}_by`]: data.by, [`${step}_at`]: e.at, note: data.note ?? null });
        return;
      }
      default:
    }
  }

  async compare(store: Store): Promise<{ rows: number; firstBad?: { seq: number; reason: string } }> {
    const seen = new Set<string>();
    let rows = 0;
    let first: { seq: number; reason: string } | undefined;
    const note = (seq: number, reason: string) => {
      if (!first || seq < first.seq) first = { seq, reason };
    };
    for await (const d of store.derivedRows()) {
      rows++;
      const key = `${d.table}:${d.key}`;
      seen.add(key);
      const want = this.expected.get(key);
      const rowSeq = Number(d.row.seq);
      if (!want) {
        note(Number.isFinite(rowSeq) ? rowSeq : 0, `${d.table} row ${d.key} has no entry in the log (added outside the proxy)`);
        continue;
      }
      for (const [col, value] of Object.entries(want.row)) {
        if (String(d.row[col] ?? null) !== String(value ?? null)) {
          note(want.seq, `${d.table} row ${d.key} differs from entry ${want.seq} in ${col} (edited outside the proxy)`);
          break;
        }
      }
    }
    for (const [key, want] of this.expected) {
      if (!seen.has(key)) note(want.seq, `${key.replace(':', ' row ')} of entry ${want.seq} is missing (deleted outside the proxy)`);
    }
    return { rows, firstBad: first };
  }
}

export function describeVerify(r: VerifyResult): string {
  const lines = [`${r.validEntries}/${r.entries} entries valid, ${r.validCheckpoints}/${r.checkpoints} checkpoints valid`];
  if (r.derivedRows) lines.push(`${r.derivedRows} rows of the console's tables match the log`);
  if (r.keptCheckpoints) lines.push(`${r.keptProved}/${r.keptCheckpoints} kept checkpoints proved (RFC 6962 consistency)`);
  lines.push(
    r.newestCheckpointAgeSeconds === null
      ? `no checkpoint yet; ${r.uncovered} entries are covered by their own signatures only`
      : `newest checkpoint signed ${r.newestCheckpointAgeSeconds} s ago; ${r.uncovered} newer entries are covered by their own signatures only`,
  );
  if (r.firstBad) lines.push(`FIRST BAD: seq ${r.firstBad.seq}: ${r.firstBad.reason}`);
  return lines.join('\n');
}

/**
 * At start: the entries since the newest checkpoint must still chain from it, carry valid
 * signatures and end where the saved state says; otherwise the proxy must not sign over them.
 */
export async function checkTail(store: Store, verifier: Verifier): Promise<string | undefined> {
  const checkpoints = await store.checkpoints();
  const last = checkpoints[checkpoints.length - 1];
  const signedFrom = await store.signedFrom();
  let seq = 0;
  let head = EMPTY_CHAIN.head;
  if (last) {
    if (last.keyId !== verifier.keyId) return `checkpoint ${last.seq} is signed by another key (${last.keyId})`;
    if (!verifier.verifyCheckpoint(checkpointText(last), last.signature)) return `checkpoint ${last.seq} has a bad signature`;
    seq = last.seq - 1;
    head = seq > 0 ? ((await store.getEntry(seq))?.head ?? '') : EMPTY_CHAIN.head;
  }
  // From the checkpoint's own entry on: it must still hash to the signed head.
  for await (const e of store.entries(seq + 1)) {
    const why = checkEntry(e, seq, head);
    if (why) return `entry ${why.seq}: ${why.reason}`;
    if (e.kind === KEY_ROTATED && entryData(e).to !== verifier.keyId) {
      return `entry ${e.seq} hands the log over to key ${String(entryData(e).to)}, not this one: finish the rotation with rotate-signing-key`;
    }
    if (e.seq >= signedFrom && (!e.sig || !verifier.verifyCheckpoint(entrySigText(e.seq, e.head), e.sig))) {
      return `entry ${e.seq} is not signed by the log's key`;
    }
    if (last && e.seq === last.seq && e.head !== last.head) return `entry ${e.seq} no longer matches its checkpoint`;
    seq = e.seq;
    head = e.head;
  }
  if (last && seq < last.seq) return `the log ends at ${seq}, before its checkpoint ${last.seq} (truncated)`;
  const state = await store.logState();
  if (state.seq !== seq || state.head !== head) return `the saved chain state (${state.seq}) does not match the log's end (${seq})`;
  return undefined;
}
