/**
 * The job pool with real worker processes: a job past its time or memory limit, or whose worker
 * dies under it, fails with the reason and the pool goes on with a fresh worker; a full queue is
 * refused at once; nothing waits forever.
 */
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { pngBomb } from '../../test/helpers/hostile';
import { scannedPng } from '../../test/helpers/scans';
import { until } from '../../test/helpers/until';
import { JobFailed, JobPool } from './pool';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pools: JobPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

function pool(options: ConstructorParameters<typeof JobPool>[0]) {
  const p = new JobPool(options);
  pools.push(p);
  return p;
}

const scan = { kind: 'scanText' as const, input: { text: 'Claimant SSN 536-22-1874' } };
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as JobFailed);

describe('JobPool', () => {
  it('answers a job from a worker process: an SSN found in a text', { timeout: 60_000 }, async () => {
    const p = pool({ size: 1 });
    const r = await p.run(scan.kind, scan.input, { timeoutMs: 30_000 });
    expect(r.findings.map((f) => f.type)).toEqual(['ssn']);
  });

  it('stops a job past its time limit, says so, and serves the next job with a fresh worker', { timeout: 60_000 }, async () => {
    const p = pool({ size: 1 });
    const slow = p.run('scanFile', { bytes: scannedPng(['Claimant SSN 536-22-1874']), name: 'scan.png', options: {} }, { timeoutMs: 1 });
    const e = await failure(slow);
    expect(e).toBeInstanceOf(JobFailed);
    expect(e!.code).toBe('too_slow');
    expect(p.ended.too_slow).toBe(1);
    const r = await p.run(scan.kind, scan.input, { timeoutMs: 30_000 });
    expect(r.findings).toHaveLength(1);
  });

  it('stops a worker whose memory passes the limit (a 7,000 × 7,000 image decoded), and goes on', { timeout: 120_000 }, async () => {
    const p = pool({ size: 1, memoryMb: 160 });
    const e = await failure(p.run('scanFile', { bytes: pngBomb(7000, 7000), name: 'big.png', options: {} }, { timeoutMs: 100_000 }));
    expect(e!.code).toBe('too_much_memory');
    expect(e!.message).toMatch(/more than 160 MB/);
    expect((await p.run(scan.kind, scan.input, { timeoutMs: 30_000 })).findings).toHaveLength(1);
  });

  it('a worker that dies under its job (a decoder abort) fails that job only', { timeout: 60_000 }, async () => {
    const p = pool({ size: 1 });
    const job = p.run('scanFile', { bytes: scannedPng(['Claimant SSN 536-22-1874']), name: 'scan.png', options: {} }, { timeoutMs: 60_000 });
    const [pid] = await until(() => (p.busy === 1 && p.pids.length === 1 ? p.pids : undefined), 30_000, 'a busy worker');
    process.kill(pid!, 'SIGILL');
    const e = await failure(job);
    expect(e!.code).toBe('crashed');
    expect(e!.message).toMatch(/SIGILL/);
    expect((await p.run(scan.kind, scan.input, { timeoutMs: 30_000 })).findings).toHaveLength(1);
  });

  it('refuses at once when every worker is busy and the queue is full; closing fails what waits', { timeout: 60_000 }, async () => {
    const p = pool({ size: 1, queue: 1 });
    const running = failure(p.run('scanFile', { bytes: scannedPng(['Claimant SSN 536-22-1874']), name: 'scan.png', options: {} }, { timeoutMs: 60_000 }));
    const waiting = failure(p.run(scan.kind, scan.input, { timeoutMs: 60_000 }));
    const refused = await failure(p.run(scan.kind, scan.input, { timeoutMs: 60_000 }));
    expect(refused!.code).toBe('busy');
    expect(p.refused).toBe(1);
    await p.close();
    expect((await waiting)!.code).toBe('closed');
    expect((await running)!.code).toBe('closed');
  });

  it('a worker ends when the proxy that started it is killed hard (kill -9): none is left running', { timeout: 90_000 }, async () => {
    // A parent process with a pool, one job done (so a worker runs), then killed without a word.
    const script = [
      "import { JobPool } from './proxy/jobs/pool.ts';",
      "import { scannedPng } from './test/helpers/scans.ts';",
      "const p = new JobPool({ size: 1 });",
      // A scanned page: the worker has its OCR engine running, as a proxy's does after one fax.
      "await p.run('scanFile', { bytes: scannedPng(['Claimant SSN 536-22-1874']), name: 'scan.png', options: {} }, { timeoutMs: 60000 });",
      "console.log('ready');",
      "setInterval(() => {}, 1000);",
    ].join('\n');
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    parent.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await until(() => out.includes('ready'), 60_000, 'the job to be done');
    const children = execFileSync('pgrep', ['-P', String(parent.pid)], { encoding: 'utf8' }).trim().split('\n').map(Number).filter(Boolean);
    expect(children.length).toBeGreaterThan(0);
    parent.kill('SIGKILL');
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await until(() => children.every((pid) => !alive(pid)), 30_000, 'the orphaned worker to end');
  });
});
