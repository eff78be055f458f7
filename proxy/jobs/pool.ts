/**
 * Heavy jobs (file inspection, OCR, rendering, large text scans) run in child processes, never on
 * the proxy's event loop: a recipient check must not wait behind a 25 MB PDF, and a decoder that
 * aborts (a native assert ends the whole process it runs in, threads and all) must end a worker,
 * not the proxy. Processes rather than worker threads for that reason.
 *
 * A bounded pool of workers, each doing one job at a time; a bounded queue in front (past it the
 * answer is "busy", at once); per job a time limit, and per worker a memory limit watched from here.
 * A worker over either is killed and replaced, and the job fails with the reason.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import type { JobKind, JobInput, JobOutput, Reply } from './protocol';

export interface PoolOptions {
  /** Worker processes (default: the machine's cores, at most 4). */
  size?: number;
  /** Jobs waiting for a worker beyond which new ones are refused at once. */
  queue?: number;
  /** A worker whose resident memory passes this is killed, and its job fails. */
  memoryMb?: number;
  /** How often a busy worker's memory is read. */
  memoryEveryMs?: number;
}

/** Why a job did not finish, in words the caller can pass on. */
export class JobFailed extends Error {
  constructor(
    readonly code: 'too_slow' | 'too_much_memory' | 'crashed' | 'busy' | 'closed',
    message: string,
  ) {
    super(message);
    this.name = 'JobFailed';
  }
}

/** The job's own error, as the worker threw it (a CannotInspect, say): name, code and message. */
export class JobError extends Error {
  constructor(
    name: string,
    readonly code: string | undefined,
    message: string,
    /** An import's problems, one a line. */
    readonly problems?: string[],
  ) {
    super(message);
    this.name = name;
  }
}

interface Pending {
  kind: JobKind;
  input: unknown;
  timeoutMs: number;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

interface Worker {
  child: ChildProcess;
  job?: Pending & { timer: NodeJS.Timeout; memory: NodeJS.Timeout };
  ready: boolean;
}

const require = createRequire(import.meta.url);
/** The worker is TypeScript like the rest; tsx compiles it on load, as it does for the CLI. */
const TSX = pathToFileURL(require.resolve('tsx')).href;
const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

export class JobPool {
  readonly size: number;
  readonly queueLimit: number;
  readonly memoryMb: number;
  private readonly memoryEveryMs: number;
  private readonly workers: Worker[] = [];
  private readonly waiting: Pending[] = [];
  private closed = false;
  /** Workers ended by a limit or a crash, by reason (metrics). */
  readonly ended = { too_slow: 0, too_much_memory: 0, crashed: 0 };
  refused = 0;

  constructor({ size = Math.min(4, availableParallelism()), queue = 64, memoryMb = 1536, memoryEveryMs = 100 }: PoolOptions = {}) {
    this.size = Math.max(1, size);
    this.queueLimit = queue;
    this.memoryMb = memoryMb;
    this.memoryEveryMs = memoryEveryMs;
  }

  get busy(): number {
    return this.workers.filter((w) => w.job).length;
  }

  /** The workers' process ids (for an operator's `ps`, and for tests). */
  get pids(): number[] {
    return this.workers.flatMap((w) => (w.child.pid === undefined ? [] : [w.child.pid]));
  }

  get queued(): number {
    return this.waiting.length;
  }

  run<K extends JobKind>(kind: K, input: JobInput<K>, { timeoutMs }: { timeoutMs: number }): Promise<JobOutput<K>> {
    if (this.closed) return Promise.reject(new JobFailed('closed', 'the proxy is shutting down'));
    if (this.waiting.length >= this.queueLimit) {
      this.refused++;
      return Promise.reject(new JobFailed('busy', `${this.waiting.length} files are waiting to be inspected; try again shortly`));
    }
    return new Promise<JobOutput<K>>((resolve, reject) => {
      this.waiting.push({ kind, input, timeoutMs, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Ends every worker; jobs still waiting fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.waiting.splice(0)) p.reject(new JobFailed('closed', 'the proxy is shutting down'));
    await Promise.all(this.workers.splice(0).map((w) => this.end(w, new JobFailed('closed', 'the proxy is shutting down'))));
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      let w = this.workers.find((x) => !x.job);
      if (!w && this.workers.length < this.size) w = this.spawn();
      if (!w) return;
      this.start(w, this.waiting.shift()!);
    }
  }

  private spawn(): Worker {
    const child = fork(WORKER, [], {
      execArgv: ['--import', TSX, `--max-old-space-size=${this.memoryMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const w: Worker = { child, ready: false };
    this.workers.push(w);
    child.on('message', (m: Reply) => this.answered(w, m));
    child.once('exit', (code, signal) => this.exited(w, code, signal));
    child.on('error', () => {});
    this.idle(w);
    return w;
  }

  private start(w: Worker, p: Pending): void {
    const timer = setTimeout(() => this.kill(w, new JobFailed('too_slow', `the job took longer than ${Math.round(p.timeoutMs / 1000)} s and was stopped`), 'too_slow'), p.timeoutMs);
    const memory = setInterval(() => {
      const mb = residentMb(w.child.pid);
      if (mb !== undefined && mb > this.memoryMb) {
        this.kill(w, new JobFailed('too_much_memory', `the job needed more than ${this.memoryMb} MB of memory and was stopped`), 'too_much_memory');
      }
    }, this.memoryEveryMs);
    w.job = { ...p, timer, memory };
    w.child.ref();
    (w.child.channel as { ref?: () => void } | undefined)?.ref?.();
    w.child.send({ kind: p.kind, input: p.input });
  }

  private answered(w: Worker, m: Reply): void {
    const job = w.job;
    if (!job) return;
    this.finish(w);
    if (m.ok) job.resolve(m.value);
    else job.reject(new JobError(m.error.name, m.error.code, m.error.message, m.error.problems));
    this.dispatch();
  }

  private finish(w: Worker): void {
    if (!w.job) return;
    clearTimeout(w.job.timer);
    clearInterval(w.job.memory);
    w.job = undefined;
    this.idle(w);
  }

  /** An idle worker does not keep the process alive (the CLI exits when its job is done). */
  private idle(w: Worker): void {
    w.child.unref();
    (w.child.channel as { unref?: () => void } | undefined)?.unref?.();
  }

  private kill(w: Worker, why: JobFailed, reason: keyof JobPool['ended']): void {
    if (!w.job) return;
    this.ended[reason]++;
    const job = w.job;
    this.finish(w);
    this.remove(w);
    w.child.kill('SIGKILL');
    job.reject(why);
    this.dispatch();
  }

  private exited(w: Worker, code: number | null, signal: NodeJS.Signals | null): void {
    const job = w.job;
    this.remove(w);
    if (job) {
      this.ended.crashed++;
      this.finish(w);
      job.reject(new JobFailed('crashed', `the reader stopped (${signal ?? `exit ${code}`}) before it finished; the file may be damaged or built to attack readers`));
    }
    if (!this.closed) this.dispatch();
  }

  private remove(w: Worker): void {
    const i = this.workers.indexOf(w);
    if (i >= 0) this.workers.splice(i, 1);
  }

  private end(w: Worker, why: JobFailed): Promise<void> {
    const job = w.job;
    this.finish(w);
    job?.reject(why);
    if (w.child.exitCode !== null || w.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      // An idle worker is unreferenced: referenced again, its exit is waited for.
      w.child.ref();
      w.child.once('exit', () => resolve());
      w.child.kill('SIGKILL');
    });
  }
}

/** Resident memory of a process, from /proc (Linux); undefined where there is none. */
function residentMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return (pages * 4096) / (1024 * 1024);
  } catch {
    return undefined;
  }
}
