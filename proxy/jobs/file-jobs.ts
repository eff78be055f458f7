/**
 * The file jobs shared by the CLI (`scan FILE`, `redact FILE --out OUT`) and the API
 * (`POST /api/v1/files/scan`, `/files/redact`), and the large text scans of `POST /api/v1/scan`
 * and `/redact`. Each runs in a job worker (proxy/jobs), never on the proxy's event loop; a worker
 * that passes its time or memory limit, or whose decoder aborts, fails the job with the reason
 * (CannotInspect), and the proxy goes on. The file's name is shown only in its safe form, and
 * nothing is kept once the answer is out.
 */
import { CannotInspect } from '../../shared/files/errors';
import type { CannotInspectCode } from '../../shared/files/errors';
import { limitsOf } from '../../shared/files/limits';
import type { TextRequest } from '../../shared/schemas';
import { JobError, JobFailed, JobPool } from './pool';
import type { PoolOptions } from './pool';
import type { FileRedaction, FileScan, JobKind, JobInput, JobOutput, PortableFileOptions } from './protocol';
import { ImportError, parseOrgsCsv, parseUsersCsv } from '../registry/import';
import type { UserImportContext } from '../registry/import';
import type { OrgFields, UserFields } from '../registry/model';
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

export type { FileRedaction, FileScan } from './protocol';

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

/** An import's whole check (every row, every cell through the detector) is a minute at most. */
const IMPORT_TIMEOUT_MS = 60_000;

/** A job's failure as an import's problem: the console and the CLI show it beside the file. */
async function importJob<K extends 'parseUsersCsv' | 'parseOrgsCsv'>(kind: K, input: JobInput<K>): Promise<JobOutput<K>> {
  try {
    return await jobPool().run(kind, input, { timeoutMs: IMPORT_TIMEOUT_MS });
  } catch (e) {
    if (e instanceof JobError && e.problems) throw new ImportError(e.problems);
    if (e instanceof JobFailed) throw new ImportError([`the file could not be checked: ${e.message}`]);
    throw e;
  }
}

/**
 * The Authorized Users List checked row by row (the registry's import). A long file is checked in a
 * job worker: thousands of rows through the detector would hold the event loop for seconds.
 */
export function parseUsersCsvJob(csv: string, ctx: UserImportContext): Promise<UserFields[]> {
  if (csv.length <= IN_PLACE_CHARS) return Promise.resolve().then(() => parseUsersCsv(csv, ctx));
  return importJob('parseUsersCsv', { csv, ctx });
}

export function parseOrgsCsvJob(csv: string): Promise<OrgFields[]> {
  if (csv.length <= IN_PLACE_CHARS) return Promise.resolve().then(() => parseOrgsCsv(csv));
  return importJob('parseOrgsCsv', { csv });
}
