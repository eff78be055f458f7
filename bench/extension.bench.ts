/**
 * The extension in Chromium while staff type: the scan time of a 20 KB compose body (User Timing
 * entries the guard records per scan) and long tasks (> 50 ms) while typing 2,000 characters into
 * it, observed with a PerformanceObserver. The baseline is the same page and typing with the guard
 * off for that site, in the same browser.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import { agencyMail } from '../test/corpus/generate';
import { CHROMIUM_ARGS, EXTENSION, serveFixtures } from '../test/e2e/harness';
import { fmt, table } from './util';

const TYPED = 2000;

async function session(page: Page, body20k: string) {
  await page.evaluate((text) => {
    const body = document.querySelector('[aria-label="Message Body"]')!;
    body.replaceChildren(...text.split('\n').map((line) => Object.assign(document.createElement('div'), { textContent: line })));
    (window as unknown as { __long: number[] }).__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as unknown as { __long: number[] }).__long.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
    performance.clearMeasures();
  }, body20k);
  await page.locator('[aria-label="Message Body"] div').last().click();
  await page.keyboard.press('End');
  const phrase = 'Claimant update: SSN 123-45-6789, wages $1,234.56. ';
  const t0 = Date.now();
  let typed = 0;
  while (typed < TYPED) {
    const chunk = phrase.slice(0, Math.min(phrase.length, TYPED - typed));
    await page.keyboard.type(chunk);
    typed += chunk.length;
  }
  const seconds = (Date.now() - t0) / 1000;
  await page.waitForTimeout(600);
  return page.evaluate(
    ({ seconds }) => ({
      seconds,
      longTasks: (window as unknown as { __long: number[] }).__long,
      scans: performance.getEntriesByName('disclosure-guard scan').map((e) => e.duration),
      chars: document.querySelector('[aria-label="Message Body"]')!.textContent!.length,
    }),
    { seconds },
  );
}

export async function benchExtension(): Promise<void> {
  const fixtures = await serveFixtures();
  const host = fixtures.origin.replace('http://', '');
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'dg-bench-profile-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const body20k = agencyMail(20 * 1024, 99);
    const run = async (mode: 'enforce' | 'off') => {
      await worker.evaluate(
        (s) => (globalThis as unknown as { chrome: { storage: { local: { set(v: unknown): Promise<void> } } } }).chrome.storage.local.set(s),
        { proxyUrl: 'http://127.0.0.1:9', apiToken: 'bench', sites: [{ match: `${host}/gmail.html`, adapter: 'gmail', mode }] },
      );
      const page = await context.newPage();
      await page.goto(`${fixtures.origin}/gmail.html`);
      await page.waitForTimeout(300);
      const r = await session(page, body20k);
      await page.close();
      return r;
    };
    const off = await run('off');
    const on = await run('enforce');
    const sorted = [...on.scans].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
    const max = sorted.at(-1) ?? NaN;
    console.log(`\n## Extension in Chromium — a ${fmt(body20k.length / 1024, 1)} KB Gmail compose, ${TYPED} characters typed\n`);
    table(
      ['guard', 'typing time', 'long tasks > 50 ms', 'longest task', 'scans', 'scan median', 'scan max'],
      [
        ['off (baseline)', `${fmt(off.seconds, 1)} s`, String(off.longTasks.filter((d) => d > 50).length), `${fmt(Math.max(0, ...off.longTasks), 0)} ms`, '—', '—', '—'],
        [
          'enforce',
          `${fmt(on.seconds, 1)} s (${fmt(on.seconds / off.seconds, 2)}×)`,
          String(on.longTasks.filter((d) => d > 50).length),
          `${fmt(Math.max(0, ...on.longTasks), 0)} ms`,
          String(on.scans.length),
          `${fmt(median, 2)} ms`,
          `${fmt(max, 2)} ms`,
        ],
      ],
    );
    console.log(`(compose text at the end: ${on.chars} characters; scans run after a ${250} ms pause in typing)`);
  } finally {
    await context.close();
    fixtures.server.close();
  }
}
