/** `verify-log`: read-only, with public keys only; proves the log extends the checkpoints an auditor kept. */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { publicKeyFrom, readPublicKeyFile, readRetiredPublicKeys } from '../audit/keys';
import { NoteError, parseCheckpointNoteText, parseNote } from '../audit/note';
import { describeVerify, verifyLog } from '../audit/verify';
import type { KeptCheckpoint } from '../audit/verify';
import type { Io } from './io';
import { storeSettings, UsageError } from '../operations/settings';
import { openStore } from '../store/open-store';
import { parseOptions } from './flags';
import { COMMAND_SPECS } from './specs';

export async function verifyLogCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: parseOptions(COMMAND_SPECS['verify-log'].flags),
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
  const kept: KeptCheckpoint[] = [];
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

/**
 * Checkpoints saved by an auditor: JSON lines (the checkpoint file), a JSON array, the API's JSON
 * answer, or one or more signed notes (the API's text/plain answer, c2sp.org/tlog-checkpoint).
 */
export function parseCheckpoints(text: string, file: string): KeptCheckpoint[] {
  const trimmed = text.trim();
  if (trimmed && !trimmed.startsWith('{') && !trimmed.startsWith('[')) return parseNotes(text, file);
  const out: KeptCheckpoint[] = [];
  const take = (v: unknown, where: string) => {
    const o = (v && typeof v === 'object' && 'checkpoint' in v ? (v as { checkpoint: unknown }).checkpoint : v) as Record<string, unknown>;
    const ok =
      o && typeof o === 'object' && Number.isInteger(o.seq) && (o.seq as number) > 0 &&
      ['head', 'root', 'at', 'keyId', 'signature'].every((k) => typeof o[k] === 'string');
    if (!ok) throw new UsageError(`${file}${where}: not a checkpoint (seq, head, root, at, keyId, signature)`);
    if (o.prev !== undefined && o.prev !== null && typeof o.prev !== 'string') throw new UsageError(`${file}${where}: prev is not a hash`);
    out.push({
      seq: o.seq as number,
      head: o.head as string,
      root: o.root as string,
      at: o.at as string,
      keyId: o.keyId as string,
      signature: o.signature as string,
      ...(typeof o.prev === 'string' ? { prev: o.prev } : {}),
    });
  };
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

/** Signed notes one after the other (blank lines between them allowed). */
function parseNotes(text: string, file: string): KeptCheckpoint[] {
  const notes: string[] = [];
  let lines: string[] = [];
  let inSignatures = false;
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (inSignatures && !line.startsWith('\u2014 ')) {
      notes.push(lines.join('\n') + '\n');
      lines = [];
      inSignatures = false;
    }
    if (lines.length === 0 && line === '') continue;
    if (line.startsWith('\u2014 ') && lines.at(-1) === '') inSignatures = true;
    lines.push(line);
  }
  if (lines.length) notes.push(lines.join('\n') + '\n');
  return notes.map((note, i): KeptCheckpoint => {
    let body;
    try {
      body = parseCheckpointNoteText(parseNote(note).text);
    } catch (err) {
      if (err instanceof NoteError) throw new UsageError(`${file} note ${i + 1}: ${err.message}`);
      throw err;
    }
    if (body.size < 1) throw new UsageError(`${file} note ${i + 1}: a checkpoint of an empty log proves nothing`);
    return { kind: 'note', seq: body.size, root: body.root, origin: body.origin, prev: body.prev, note };
  });
}
