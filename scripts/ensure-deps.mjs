#!/usr/bin/env node
// Installs the project's dependencies when they are missing or older than package-lock.json, so
// that `npm start` and `npm test` work on a fresh clone. Plain Node: it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs;
if (stale) {
  console.log('Installing dependencies (npm install)…');
  // npm install, not npm ci: the lock names optional platform packages (other OSes) that the
  // registry reachable here does not serve, which npm ci treats as an out-of-sync lock.
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
