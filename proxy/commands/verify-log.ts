/** `verify-log`: read-only, with public keys only; proves the log extends the checkpoints an auditor kept. */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { publicKeyFrom, readPublicKeyFile, readRetiredPublicKeys } from '../audit/keys';
import { describeVerify, verifyLog } from '../audit/verify';
import type { Io } from '../io';
import { STORE_OPTIONS, storeSettings, UsageError } from '../settings';
import { openStore } from '../store/open-store';
import type { Checkpoint } from '../store/types';

export async function verifyLogCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...STORE_OPTIONS, 'public-key': { type: 'string', multiple: true }, checkpoint: { type: 'string', multiple: true } },
    strict: true,
  });
  const settings = storeSettings({ ...values, checkpoint: undefined, 'public-key': undefined });
  // The keys the log was signed with: those given, else the current one and any rotated out.
  let pems: string[];
  try {
    pems = values['public-key']?.length
      ? await Promise.all(values['public-key'].map((f) => readFile(f, 'utf8')))
      : [readPublicKeyFile(settings.secrets, settings.signingKey), ...readRetiredPublicKeys(settings.secrets, settings.signingKey)];
  } catch (err) {
    throw new UsageError(`no public key to verify with (${(err as Error).message}); give --public-key FILE`);
  }
  let verifiers;
  try {
    verifiers = pems.map(publicKeyFrom);
  } catch (err) {
    throw new UsageError(`not an Ed25519 public key (${(err as Error).message})`);
  }
  const kept: Checkpoint[] = [];
  for (const file of values.checkpoint ?? []) kept.push(...parseCheckpoints(await readFile(file, 'utf8'), file));
  // Read-only: the database is opened read-only, nothing is signed and no key is created.
  const store = await openStore(settings, { readonly: true });
  try {
    const result = await verifyLog(store, verifiers, { kept });
    (result.ok ? io.stdout : io.stderr).write(describeVerify(result) + '\n');
    return result.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}

/** Checkpoints saved by an auditor: JSON lines (the checkpoint file), a JSON array, or the API's answer. */
export function parseCheckpoints(text: string, file: string): Checkpoint[] {
  const out: Checkpoint[] = [];
  const take = (v: unknown, where: string) => {
    const o = (v && typeof v === 'object' && 'checkpoint' in v ? (v as { checkpoint: unknown }).checkpoint : v) as Record<string, unknown>;
    const ok =
      o && typeof o === 'object' && Number.isInteger(o.seq) && (o.seq as number) > 0 &&
      ['head', 'root', 'at', 'keyId', 'signature'].every((k) => typeof o[k] === 'string');
    if (!ok) throw new UsageError(`${file}${where}: not a checkpoint (seq, head, root, at, keyId, signature)`);
    out.push({ seq: o.seq as number, head: o.head as string, root: o.root as string, at: o.at as string, keyId: o.keyId as string, signature: o.signature as string });
  };
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let arr: unknown;
    try {
      arr = JSON.parse(trimmed);
    } catch (err) {
      throw new UsageError(`${file}: not JSON (${(err as Error).message})`);
    }
    (arr as unknown[]).forEach((v, i) => take(v, ` item ${i + 1}`));
    return out;
  }
  trimmed.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (err) {
      throw new UsageError(`${file} line ${i + 1}: not JSON (${(err as Error).message})`);
    }
    take(v, ` line ${i + 1}`);
  });
  return out;
}
