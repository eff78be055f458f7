#!/usr/bin/env node
// The test command: type checks, unit and integration tests (vitest), then the built extension in
// real browsers (Playwright + Chromium, puppeteer-core + Firefox ESR). Ends with one line:
// "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

let passed = 0;
let failed = 0;
let broken = false;

function step(name, cmd, args) {
  console.log(`\n▶ ${name}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  return r.status === 0;
}

function report(file, read) {
  try {
    const [p, f, total] = read(JSON.parse(readFileSync(file, 'utf8')));
    passed += p;
    failed += f;
    if (total === 0) broken = true;
  } catch {
    broken = true;
  }
}

mkdirSync('test-results', { recursive: true });

if (
  !step('type check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) ||
  !step('type check (shared: no DOM, no Node)', 'npx', ['tsc', '--noEmit', '-p', 'shared/tsconfig.json'])
) {
  console.error('type check failed');
  broken = true;
}

const system = step('Debian packages (chromium, firefox-esr, rsyslog, openssl)', 'node', ['scripts/ensure-browsers.mjs']);

rmSync('test-results/vitest.json', { force: true });
if (!step('unit and integration tests (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json'])) broken = true;
report('test-results/vitest.json', (r) => [r.numPassedTests, r.numFailedTests, r.numTotalTests]);

const browsers = system;
const built =
  step('build the extension (Chrome)', 'npx', ['wxt', 'build']) && step('build the extension (Firefox)', 'npx', ['wxt', 'build', '-b', 'firefox', '--mv3']);
if (!browsers || !built) {
  broken = true;
} else {
  rmSync('test-results/playwright.json', { force: true });
  if (!step('end-to-end tests in the browsers', 'npx', ['playwright', 'test'])) broken = true;
  report('test-results/playwright.json', (r) => [r.stats.expected, r.stats.unexpected + r.stats.flaky, r.stats.expected + r.stats.unexpected + r.stats.flaky]);
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(broken || failed > 0 ? 1 : 0);
