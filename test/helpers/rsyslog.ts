/**
 * A real rsyslog (Debian's rsyslogd) started by a test: its own config, work folder and port on
 * 127.0.0.1, run in the foreground as an unprivileged user when the test runs as root. It writes
 * what it receives, one message per line ("MSGID|STRUCTURED-DATA|MSG"), to a file.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';

export interface Collector {
  port: number;
  out: string;
  lines(): string[];
  stop(): Promise<void>;
}

export const RSYSLOGD = '/usr/sbin/rsyslogd';

export async function startRsyslog(dir: string, port: number, given?: { ca: string; cert: string; key: string }): Promise<Collector> {
  mkdirSync(join(dir, 'work'), { recursive: true });
  // The TLS files are copied in, so that the unprivileged collector can read them.
  let tls: { ca: string; cert: string; key: string } | undefined;
  if (given) {
    tls = { ca: join(dir, 'ca.pem'), cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
    copyFileSync(given.ca, tls.ca);
    copyFileSync(given.cert, tls.cert);
    copyFileSync(given.key, tls.key);
  }
  const out = join(dir, 'received.log');
  const conf = join(dir, 'rsyslog.conf');
  const lines = [
    `global(workDirectory="${join(dir, 'work')}" maxMessageSize="64k"${tls ? ` defaultNetstreamDriver="gtls" defaultNetstreamDriverCAFile="${tls.ca}" defaultNetstreamDriverCertFile="${tls.cert}" defaultNetstreamDriverKeyFile="${tls.key}"` : ''})`,
    `module(load="imtcp"${tls ? ' streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon"' : ''})`,
    'template(name="dgraw" type="string" string="%msgid%|%structured-data%|%msg%\\n")',
    `ruleset(name="dg") { action(type="omfile" file="${out}" template="dgraw" flushOnTXEnd="on" asyncWriting="off") }`,
    `input(type="imtcp" port="${port}" address="127.0.0.1" ruleset="dg")`,
  ];
  writeFileSync(conf, lines.join('\n') + '\n');
  const root = process.getuid?.() === 0;
  if (root) {
    // rsyslogd runs as nobody: it may read the config and TLS files and write its folder.
    spawnSync('chown', ['-R', '65534:65534', dir]);
    chmodSync(dir, 0o755);
    // …and reach it: every folder above it must let others pass.
    for (let up = dirname(dir); up !== dirname(up); up = dirname(up)) {
      if ((statSync(up).mode & 0o001) === 0) chmodSync(up, statSync(up).mode | 0o001);
    }
  }
  const args = ['-n', '-f', conf, '-i', join(dir, 'rsyslogd.pid')];
  const child: ChildProcess = root
    ? spawn('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', RSYSLOGD, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(RSYSLOGD, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += String(d)));
  const end = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`rsyslogd exited ${child.exitCode}: ${err}`);
    const up = await new Promise<boolean>((r) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => {
        s.destroy();
        r(true);
      });
      s.on('error', () => r(false));
    });
    if (up) break;
    if (Date.now() > end) throw new Error(`rsyslogd did not listen on ${port}: ${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    out,
    lines: () => (existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter(Boolean) : []),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
