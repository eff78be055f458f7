/**
 * Debian's Postfix as an agency mail server, started as its own instance in a temporary folder
 * (`postfix -c DIR start`: its own main.cf, master.cf, queue and data folders; smtpd on a free
 * port of 127.0.0.1), relaying everything through `relayhost`. The system's Postfix and /etc/postfix
 * are never touched. Retries are quick (a second), so a deferred message is tried again at once.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const POSTFIX = '/usr/sbin/postfix';

export const hasPostfix = () => existsSync(POSTFIX) && process.getuid?.() === 0;

/** A port nothing listens on now (for a server that must come back on the same port after a crash). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

export interface Postfix {
  /** smtpd's port on 127.0.0.1. */
  port: number;
  dir: string;
  /** Try every deferred message now. */
  flush(): Promise<void>;
  /** Messages still in the queue. */
  queued(): Promise<number>;
  log(): string;
  stop(): Promise<void>;
}

const MASTER = `
{PORT} inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
`;

/**
 * `relayPort`: where Postfix relays (the gateway, or the sink directly). `bouncesPort`: where mail to
 * the agency's own domain goes (bounces to the sender), so a refusal's bounce can be read.
 */
export async function startPostfix({ relayPort, bouncesPort, domain = 'jobs.example.gov', concurrency = 10 }: { relayPort: number; bouncesPort?: number; domain?: string; concurrency?: number }): Promise<Postfix> {
  const dir = mkdtempSync(join(tmpdir(), 'dg-postfix-'));
  const port = await freePort();
  for (const d of ['queue', 'data']) mkdirSync(join(dir, d));
  // The files postfix set-permissions and postfix-script read, copied: nothing in /etc/postfix is written.
  for (const f of ['postfix-files', 'dynamicmaps.cf']) if (existsSync(join('/etc/postfix', f))) copyFileSync(join('/etc/postfix', f), join(dir, f));
  const main = [
    'compatibility_level = 3.6',
    `config_directory = ${dir}`,
    `queue_directory = ${join(dir, 'queue')}`,
    `data_directory = ${join(dir, 'data')}`,
    `meta_directory = ${dir}`,
    'command_directory = /usr/sbin',
    'daemon_directory = /usr/lib/postfix/sbin',
    'shlib_directory = /usr/lib/postfix',
    'mail_owner = postfix',
    'setgid_group = postdrop',
    'inet_interfaces = 127.0.0.1',
    'inet_protocols = ipv4',
    'myhostname = mail.jobs.example.gov',
    `myorigin = ${domain}`,
    'mydestination =',
    'local_recipient_maps =',
    'alias_maps =',
    'alias_database =',
    'mynetworks = 127.0.0.0/8',
    'smtpd_relay_restrictions = permit_mynetworks, reject',
    `relayhost = [127.0.0.1]:${relayPort}`,
    bouncesPort ? `transport_maps = inline:{${domain}=smtp:[127.0.0.1]:${bouncesPort}}` : `transport_maps = inline:{${domain}=discard:}`,
    'smtp_tls_security_level = none',
    'smtpd_tls_security_level = none',
    `maillog_file = ${join(dir, 'maillog')}`,
    `maillog_file_prefixes = ${dir}`,
    `syslog_name = postfix-dg-${port}`,
    'minimal_backoff_time = 1s',
    'maximal_backoff_time = 2s',
    'queue_run_delay = 1s',
    'smtp_connect_timeout = 5s',
    `default_destination_concurrency_limit = ${concurrency}`,
    `smtp_destination_concurrency_limit = ${concurrency}`,
    'message_size_limit = 52428800',
    'biff = no',
    'notify_classes =',
    'smtputf8_enable = no',
    'smtp_address_preference = ipv4',
  ];
  writeFileSync(join(dir, 'main.cf'), main.join('\n') + '\n');
  writeFileSync(join(dir, 'master.cf'), MASTER.replace('{PORT}', `127.0.0.1:${port}`));
  await run(POSTFIX, ['-c', dir, 'set-permissions']).catch(() => run('chown', ['-R', 'postfix:postdrop', join(dir, 'queue'), join(dir, 'data')]));
  await run(POSTFIX, ['-c', dir, 'start']);
  return {
    port,
    dir,
    flush: async () => {
      await run(POSTFIX, ['-c', dir, 'flush']);
    },
    queued: async () => {
      const { stdout } = await run('/usr/sbin/postqueue', ['-c', dir, '-j']).catch(() => ({ stdout: '' }));
      return stdout.split('\n').filter((l) => l.trim().startsWith('{')).length;
    },
    log: () => (existsSync(join(dir, 'maillog')) ? readFileSync(join(dir, 'maillog'), 'utf8') : ''),
    stop: async () => {
      await run(POSTFIX, ['-c', dir, 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
