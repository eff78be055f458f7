/** The release packages: the Firefox build passes Mozilla's linter, the Chrome manifest carries what IT relies on. */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness';

test('web-ext lint finds no errors or warnings in the Firefox build', () => {
  const r = spawnSync('npx', ['web-ext', 'lint', '--source-dir', join(ROOT, '.output', 'firefox-mv3'), '--self-hosted', '--output', 'json'], {
    encoding: 'utf8',
  });
  const report = JSON.parse(r.stdout);
  expect(report.errors).toEqual([]);
  expect(report.warnings).toEqual([]);
});

test('the Chrome manifest has a stable key, the managed schema it names, and no more permissions than it needs', () => {
  const dir = join(ROOT, '.output', 'chrome-mv3');
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  expect(manifest.manifest_version).toBe(3);
  expect(manifest.key).toMatch(/^MIIB/);
  const schema = JSON.parse(readFileSync(join(dir, manifest.storage.managed_schema), 'utf8'));
  expect(Object.keys(schema.properties).sort()).toEqual(['apiToken', 'failMode', 'proxyUrl', 'sites', 'userEmail']);
  expect(manifest.permissions.sort()).toEqual(['alarms', 'storage', 'webRequest', 'webRequestBlocking']);
});
