#!/usr/bin/env node
// What the tests need from Debian: Chromium and Firefox ESR (never a downloaded browser build; the
// unit tests pack a CRX with Chromium too), rsyslog with its TLS driver and openssl (the SIEM feed's
// tests start their own collector), PostgreSQL (the store's tests start their own cluster), Postfix, and
// Roundcube with PHP, Dovecot and an SMTP sink (the mail tests start their own). Installs them with apt when they are missing and this user may;
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
  // The webmail tests run a real Roundcube (PHP's own server) with Dovecot and an SMTP sink.
  ['/var/lib/roundcube/public_html', 'roundcube-core'],
  ['/usr/share/doc/roundcube-sqlite3', 'roundcube-sqlite3'],
  ['/usr/bin/php-cgi', 'php-cgi'],
  ['/usr/bin/php', 'php-cli'],
  [phpModule('pdo_sqlite'), 'php-sqlite3'],
  ['/usr/sbin/dovecot', 'dovecot-imapd'],
  ['/usr/lib/python3/dist-packages/aiosmtpd', 'python3-aiosmtpd'],
].filter(([bin]) => !existsSync(bin));

/** Where Debian's PHP keeps a module's ini (any PHP version). */
function phpModule(name) {
  const base = '/etc/php';
  const versions = existsSync(base) ? readdirSync(base) : [];
  const found = versions.map((v) => `${base}/${v}/mods-available/${name}.ini`).find((p) => existsSync(p));
  return found ?? `${base}/8.2/mods-available/${name}.ini`;
}

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
