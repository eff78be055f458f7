import { defineConfig } from '@playwright/test';

// Real Chromium from Debian (never a downloaded browser), the built extension, the real proxy and
// the fixture pages, all on 127.0.0.1. One worker: the tests share one browser profile per file.
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  outputDir: 'test-results/playwright',
});
