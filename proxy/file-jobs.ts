/**
 * The file jobs shared by the CLI (`scan FILE`, `redact FILE --out OUT`) and the API
 * (`POST /api/v1/files/scan`, `/files/redact`), and the large text scans of `POST /api/v1/scan`
 * and `/redact`. Each runs in a job worker (proxy/jobs), never on the proxy's event loop; a worker
 * that passes its time or memory limit, or whose decoder aborts, fails the job with the reason
 * (CannotInspect), and the proxy goes on. The file's name is shown only in its safe form, and
 * nothing is kept once the answer is out.
 */
import { CannotInspect } from '../shared/files/errors';
import type { CannotInspectCode } from '../shared/files/errors';
import type { FileInfo, FileFinding } from '../shared/files/types';
import type { countsByType } from '../shared/files/types';
import { limitsOf } from '../shared/files/limits';
import type { TextRequest } from '../shared/schemas';
import { JobError, JobFailed, JobPool } from './jobs/pool';
import type { PoolOptions } from './jobs/pool';
import type { JobKind, JobInput, JobOutput, PortableFileOptions } from './jobs/protocol';
import { redactJob, scanJob } from './text-jobs';

let pool: JobPool | undefined;
let poolOptions: PoolOptions = {};

/** The pool's size and limits (serve's flags); takes effect for the next pool started. */
export function configureJobs(options: PoolOptions): void {
  poolOptions = options;
}

export function jobPool(): JobPool {
  pool ??= new JobPool(poolOptions);
  return pool;
}

/** The pool's state for /metrics, without starting one. */
export function jobStats(): { size: number; busy: number; queued: number; refused: number; ended: JobPool['ended'] } {
  if (!pool) return { size: 0, busy: 0, queued: 0, refused: 0, ended: { too_slow: 0, too_much_memory: 0, crashed: 0 } };
  return { size: pool.size, busy: pool.busy, queued: pool.queued, refused: pool.refused, ended: { ...pool.ended } };
}

/** Ends the workers (the CLI and serve call this when they stop). */
export async function closeJobs(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.close();
}

const FAILED: Record<JobFailed['code'], CannotInspectCode | undefined> = {
  too_slow: 'too_slow',
  too_much_memory: 'too_much_memory',
  crashed: 'reader_stopped',
  busy: undefined,
  closed: undefined,
};

/** A job's failure as the callers know it: a file that cannot be inspected, or busy. */
async function run<K extends JobKind>(kind: K, input: JobInput<K>, timeoutMs: number): Promise<JobOutput<K>> {
  try {
    return await jobPool().run(kind, input, { timeoutMs });
  } catch (e) {
    if (e instanceof JobError && e.name === 'CannotInspect') throw new CannotInspect(e.code as CannotInspectCode, e.message);
    if (e instanceof JobFailed && FAILED[e.code]) throw new CannotInspect(FAILED[e.code]!, e.message);
    throw e;
  }
}

export interface FileScan {
  file: FileInfo;
  findings: FileFinding[];
}

export interface FileRedaction {
  bytes: Uint8Array;
  mime: string;
  /** counts: enforced findings (high and medium confidence) by type. */
  summary: { file: FileInfo; counts: ReturnType<typeof countsByType>; masked: number; statementAdded: boolean };
}

const fileTimeout = (o: PortableFileOptions) => limitsOf(o.limits).maxMillis;

export function scanFileJob(bytes: Uint8Array, name: string | undefined, options: PortableFileOptions = {}): Promise<FileScan> {
  return run('scanFile', { bytes, name, options }, fileTimeout(options));
}

export function redactFileJob(bytes: Uint8Array, name: string | undefined, options: PortableFileOptions = {}): Promise<FileRedaction> {
  return run('redactFile', { bytes, name, options }, fileTimeout(options));
}

/**
 * Text up to this many characters is scanned in place (well under a millisecond a kilobyte, so a
 * few milliseconds at most); longer text goes to a worker.
 */
export const IN_PLACE_CHARS = 32 * 1024;
/** A text scan is linear; a minute is far past any text the routes take. */
const TEXT_TIMEOUT_MS = 60_000;

export function scanTextJob(req: TextRequest): Promise<JobOutput<'scanText'>> {
  if (req.text.length <= IN_PLACE_CHARS) return Promise.resolve(scanJob(req));
  return run('scanText', req, TEXT_TIMEOUT_MS);
}

export function redactTextJob(req: TextRequest): Promise<JobOutput<'redactText'>> {
  if (req.text.length <= IN_PLACE_CHARS) return Promise.resolve(redactJob(req));
  return run('redactText', req, TEXT_TIMEOUT_MS);
}
