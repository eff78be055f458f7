/**
 * A message's bytes while the gateway works on it, with bounded memory: up to `memoryBytes` in
 * memory, past that in a file of the gateway's own temporary folder (mode 0600), deleted as soon as
 * the message is answered. Nothing outlives the SMTP transaction; files a crash left behind are
 * deleted when the gateway starts.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { newId } from '../../shared/ids';

export interface Spooled {
  size: number;
  /** SHA-256 of the bytes (hex), taken as they arrived. */
  sha256: string;
  /** The first bytes (the headers, as a rule). */
  head: Buffer;
  /** The bytes again, from memory or the file. */
  open(): Readable;
  /** The bytes, as the relay takes them: in memory, or the file's path. */
  source(): Buffer | { path: string };
  bytes(): Promise<Buffer>;
  dispose(): Promise<void>;
}

/** Makes the folder (0700) and deletes spool files a crash left in it. */
export function prepareSpoolDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const f of readdirSync(dir)) if (f.startsWith('msg_')) rmSync(join(dir, f), { force: true });
}

/** Bytes kept of a message's start, where its Message-ID is. */
const HEAD_BYTES = 64 * 1024;

export function spool(stream: Readable, { dir, memoryBytes = 1024 * 1024 }: { dir: string; memoryBytes?: number }): Promise<Spooled> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const hash = createHash('sha256');
    let head = Buffer.alloc(0);
    let size = 0;
    let file: { path: string; out: ReturnType<typeof createWriteStream> } | undefined;
    const fail = (err: unknown) => {
      stream.unpipe();
      if (file) {
        file.out.destroy();
        rm(file.path, { force: true }).catch(() => undefined);
      }
      reject(err);
    };
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      hash.update(chunk);
      if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
      if (!file && size > memoryBytes) {
        const path = join(dir, `${newId('msg')}.eml`);
        file = { path, out: createWriteStream(path, { mode: 0o600, flags: 'wx' }) };
        file.out.on('error', fail);
        for (const c of chunks.splice(0)) file.out.write(c);
      }
      if (!file) chunks.push(chunk);
      else if (!file.out.write(chunk)) {
        stream.pause();
        file.out.once('drain', () => stream.resume());
      }
    });
    stream.on('error', fail);
    stream.on('end', () => {
      const done = (): Spooled => {
        const memory = file ? undefined : Buffer.concat(chunks);
        const path = file?.path;
        return {
          size,
          sha256: hash.digest('hex'),
          head,
          open: () => (memory ? Readable.from([memory]) : createReadStream(path!)),
          source: () => memory ?? { path: path! },
          bytes: async () => memory ?? readFile(path!),
          dispose: async () => {
            if (path) await rm(path, { force: true });
          },
        };
      };
      if (!file) resolve(done());
      else file.out.end(() => resolve(done()));
    });
  });
}
