/**
 * The tail, checked when the proxy starts: not the whole log, only what it is about to sign over.
 * The entries since the newest checkpoint must still chain from it, carry valid signatures and end
 * where the saved state says; otherwise the proxy must not sign over them.
 */
import type { Store } from '../../store/types';
import { checkpointText, EMPTY_CHAIN, entrySigText } from '../chain';
import { entryData } from '../kinds';
import { checkEntry } from './entries';
import { KEY_ROTATED } from './handover';
import type { Verifier } from './handover';

/** Why the proxy must not sign over the log's tail with `verifier`, or undefined when it may. */
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
