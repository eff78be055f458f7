/**
 * `disclosure-guard rotate-signing-key`: hands the log over to a new Ed25519 signing key, with every
 * proxy on the database stopped. The old key signs a last checkpoint and a handover naming the new
 * key at this exact place in the chain; the handover entry and a first checkpoint are signed by the
 * new key; then the new key takes the old one's file and the old public key is kept beside it as
 * FILE.<keyId>.retired.pub.pem, for verify-log. A rotation cut off part-way is finished by running
 * the command again (the new key waits in FILE.next until then).
 */
import { parseArgs } from 'node:util';
import { prepareRotation } from '../audit/keys';
import { handoverText, KEY_ROTATED } from '../audit/verify';
import type { Io } from './io';
import { openProxy, publisher } from '../operations/open';
import { storeSettings, UsageError } from '../operations/settings';
import { openStore } from '../store/open-store';
import { parseOptions } from './flags';
import { COMMAND_SPECS } from './specs';
import { entryData } from '../audit/kinds';

export async function rotateSigningKeyCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: parseOptions(COMMAND_SPECS['rotate-signing-key'].flags), strict: true });
  const settings = storeSettings(values);
  let rotation;
  try {
    rotation = prepareRotation(settings.secrets, settings.signingKey);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { old, next } = rotation;
  const at = () => new Date().toISOString();

  // Handed over already (a run cut off after its commit)? Then only what is left is done.
  const probe = await openStore(settings, { readonly: true, follow: true });
  let handedOver = false;
  try {
    const from = (await probe.checkpoints()).at(-1)?.seq ?? 1;
    for await (const e of probe.entries(from)) {
      if (e.kind === KEY_ROTATED && entryData(e).to === next.keyId) handedOver = true;
    }
  } finally {
    await probe.close();
  }
  if (!handedOver) {
    // The old key checks the chain's tail and signs a last checkpoint (at close).
    const before = await openProxy({ ...settings, keys: old, checkpointSeconds: 0 });
    await before.close();
  }
  const store = await openStore(settings, { keys: next, checkpointEvery: settings.checkpointEvery, onCheckpoint: publisher(settings.checkpointFile) });
  let seq: number;
  try {
    if (!handedOver) {
      await store.appendAt(KEY_ROTATED, at(), ({ seq, prevHead }) => ({
        from: old.keyId,
        to: next.keyId,
        publicKey: next.publicKeyPem,
        previousPublicKey: old.publicKeyPem,
        handover: old.signCheckpoint(handoverText(seq, prevHead, next.keyId)),
      }));
    }
    // The new key's first checkpoint: what the proxy checks its tail against at its next start.
    await store.checkpointNow(at());
    seq = (await store.logState()).seq;
  } finally {
    await store.close();
  }
  const { retiredPublicKey } = rotation.finish();
  io.stdout.write(JSON.stringify({ rotated: { from: old.keyId, to: next.keyId }, seq, retiredPublicKey }) + '\n');
  return 0;
}
