#!/usr/bin/env node
// The test command: type checks, then every test suite; ends with one line "N passed, N failed".
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

if (!step('type check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) ||
    !step('type check (shared: no DOM, no Node)', 'npx', ['tsc', '--noEmit', '-p', 'shared/tsconfig.json'])) {
  console.error('type check failed');
  broken = true;
}

mkdirSync('test-results', { recursive: true });
rmSync('test-results/vitest.json', { force: true });
const vitestOk = step('unit and integration tests (vitest)', 'npx', [
  'vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json',
]);
try {
  const report = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  if (report.numTotalTests === 0) broken = true;
} catch {
  broken = true;
}
if (!vitestOk) broken = true;

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(broken || failed > 0 ? 1 : 0);
