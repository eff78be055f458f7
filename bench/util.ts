/** Small helpers for the benchmarks: best-of-N timing, heap measurement, aligned tables. */

/** Seconds of the fastest of `runs` runs (after one warm-up). */
export function best(runs: number, fn: () => unknown): number {
  fn();
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min / 1000;
}

/** Peak heap growth while `fn` runs, sampled around forced collections (needs --expose-gc). */
export function heapDelta(fn: () => unknown): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 1);
  const result = fn();
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  clearInterval(timer);
  void result;
  return Math.max(0, peak - before);
}

export function fmt(n: number, digits = 1): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function table(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  console.log(line(head));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(r));
}

/**
 * Largest live heap (after a full collection) above the starting point, sampled every `every`
 * calls of `tick` and once at the end. Needs --expose-gc.
 */
export function liveHeapDuring(fn: (tick: () => void) => void, every = 32_768): number {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  gc();
  const before = process.memoryUsage().heapUsed;
  let peak = 0;
  let n = 0;
  const sample = () => {
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed - before);
  };
  fn(() => {
    if (++n % every === 0) sample();
  });
  sample();
  return peak;
}
