#!/usr/bin/env node
// What the tests need from Debian: Chromium and Firefox ESR (never a downloaded browser build; the
// unit tests pack a CRX with Chromium too), rsyslog with its TLS driver and openssl (the SIEM feed's
// tests start their own collector), PostgreSQL (the store's tests start their own cluster). Installs them with apt when they are missing and this user may;
// otherwise says what to run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const wanted = [
  ['/usr/bin/chromium', 'chromium'],
  ['/usr/bin/firefox-esr', 'firefox-esr'],
  ['/usr/sbin/rsyslogd', 'rsyslog'],
  ['/usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so', 'rsyslog-gnutls'],
  ['/usr/bin/openssl', 'openssl'],
  [postgresBin(), 'postgresql'],
  // The mail gateway's tests start their own Postfix instance as the agency's mail server.
  ['/usr/sbin/postfix', 'postfix'],
].filter(([bin]) => !existsSync(bin));

function postgresBin() {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base) : [];
  const found = versions.map((v) => `${base}/${v}/bin/initdb`).find((p) => existsSync(p));
  return found ?? `${base}/15/bin/initdb`;
}

if (wanted.length) {
  const packages = wanted.map(([, pkg]) => pkg);
  const root = process.getuid?.() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) {
    console.error(`The tests need ${packages.join(' and ')}: run  sudo apt-get install -y ${packages.join(' ')}`);
    process.exit(1);
  }
  console.log(`Installing ${packages.join(', ')} from Debian…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = update.status === 0 && spawnSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  if (!install || install.status !== 0) process.exit(1);
}
