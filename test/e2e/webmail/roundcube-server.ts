/**
 * The server side of the Roundcube harness (roundcube.ts): Debian's Roundcube 1.6 (elastic skin,
 * SQLite) under PHP's built-in server, Dovecot for IMAP and an SMTP sink (smtp-sink.py) that keeps
 * every message it is handed, all on free 127.0.0.1 ports, in one temporary folder, as process groups
 * this class owns (no system service runs and nothing under /etc changes). Mailboxes and messages are
 * put in place as a delivery agent would; what the sink received is read back, the SMTP envelope and
 * every MIME part decoded.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSunk } from './sink';
import type { SunkMessage } from './sink';
import { freePort } from '../harness';
import { until } from '../../helpers/until';

const HERE = import.meta.dirname;
const DOCUMENT_ROOT = '/var/lib/roundcube/public_html';
const ROUNDCUBE_ETC = '/etc/roundcube';
/** Dovecot's `mail` user (uid and gid 8 on Debian): the owner of every mailbox. */
const MAIL_UID = 8;
const MAIL_GID = 8;

/** A password every test user shares (the webmail is on 127.0.0.1 for one run only). */
export const PASSWORD = 'webmail-test';

/** A message to put into a mailbox. */
export interface Delivery {
  from: string;
  to: string;
  subject: string;
  text: string;
}

type PhpValue = string | number | boolean | string[];

interface Owned {
  name: string;
  child: ChildProcess;
  output: string;
}

/** The processes and files behind one webmail; `Roundcube.start` boots them and stops them on failure. */
export class RoundcubeServer {
  readonly dir = mkdtempSync(join(tmpdir(), 'dg-webmail-'));
  private readonly sinkDir = join(this.dir, 'sink');
  private readonly mailDir = join(this.dir, 'mail');
  private readonly passwd = join(this.dir, 'dovecot', 'passwd');
  private readonly owned: Owned[] = [];
  private imapPort = 0;
  private smtpPort = 0;
  private httpPort = 0;

  get origin(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  protected async boot(): Promise<void> {
    [this.imapPort, this.smtpPort, this.httpPort] = await Promise.all([freePort(), freePort(), freePort()]);
    // Dovecot's processes run as `mail` and as its login users: they must pass through the folder.
    chmodSync(this.dir, 0o711);
    for (const d of ['dovecot', 'roundcube', 'roundcube/temp', 'roundcube/logs', 'sink', 'mail']) mkdirSync(join(this.dir, d));
    chownSync(this.mailDir, MAIL_UID, MAIL_GID);
    // Read by Dovecot's auth process, which runs as its own user.
    writeFileSync(this.passwd, '', { mode: 0o644 });
    writeFileSync(join(this.dir, 'dovecot', 'dovecot.conf'), this.dovecotConf());
    const conf = join(this.dir, 'roundcube');
    symlinkSync(join(ROUNDCUBE_ETC, 'defaults.inc.php'), join(conf, 'defaults.inc.php'));
    symlinkSync(join(ROUNDCUBE_ETC, 'mimetypes.php'), join(conf, 'mimetypes.php'));
    writeFileSync(join(conf, 'config.inc.php'), this.roundcubeConf(conf));

    this.own('dovecot', '/usr/sbin/dovecot', ['-F', '-c', join(this.dir, 'dovecot', 'dovecot.conf')]);
    this.own('smtp sink', '/usr/bin/python3', [join(HERE, 'smtp-sink.py'), String(this.smtpPort), this.sinkDir]);
    this.own('roundcube', '/usr/bin/php', ['-S', `127.0.0.1:${this.httpPort}`, '-t', DOCUMENT_ROOT, join(HERE, 'router.php')], {
      ROUNDCUBE_CONFIG_DIR: conf,
      PHP_CLI_SERVER_WORKERS: '4',
    });
    await Promise.all([
      this.ready('dovecot', () => greets(this.imapPort, '* OK')),
      this.ready('smtp sink', () => greets(this.smtpPort, '220 ')),
      this.ready('roundcube', async () => (await fetch(`${this.origin}/`).catch(() => undefined))?.ok === true),
    ]);
  }

  private dovecotConf(): string {
    const d = join(this.dir, 'dovecot');
    const special = (name: string) => `  mailbox ${name} {\n    special_use = \\${name}\n    auto = subscribe\n  }`;
    return [
      `base_dir = ${d}/run`,
      `state_dir = ${d}/state`,
      `log_path = ${d}/dovecot.log`,
      'protocols = imap',
      'listen = 127.0.0.1',
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      `first_valid_uid = ${MAIL_UID}`,
      'mail_location = maildir:~/Maildir',
      `passdb {\n  driver = passwd-file\n  args = ${this.passwd}\n}`,
      `userdb {\n  driver = static\n  args = uid=mail gid=mail home=${this.mailDir}/%u\n}`,
      `namespace inbox {\n  inbox = yes\n${['Drafts', 'Sent', 'Trash', 'Junk'].map(special).join('\n')}\n}`,
      `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${this.imapPort}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
      'service stats {\n  unix_listener stats-reader {\n    mode = 0666\n  }\n  unix_listener stats-writer {\n    mode = 0666\n  }\n}',
      '',
    ].join('\n');
  }

  private roundcubeConf(conf: string): string {
    const settings: Record<string, PhpValue> = {
      db_dsnw: `sqlite:///${conf}/rc.db?mode=0600`,
      imap_host: `127.0.0.1:${this.imapPort}`,
      smtp_host: `127.0.0.1:${this.smtpPort}`,
      smtp_user: '',
      smtp_pass: '',
      temp_dir: `${conf}/temp`,
      log_dir: `${conf}/logs`,
      des_key: randomBytes(18).toString('base64'),
      skin: 'elastic',
      plugins: [],
      // Long enough that no draft is saved behind a test's back; a test saves one with `saveDraft`.
      draft_autosave: 300,
      enable_spellcheck: false,
      // No background refresh: nothing writes the session behind a test's back.
      refresh_interval: 0,
    };
    const php = (v: PhpValue): string => (Array.isArray(v) ? `[${v.map(php).join(', ')}]` : typeof v === 'string' ? `'${v.replace(/[\\']/g, '\\$&')}'` : String(v));
    return `<?php\n$config = [];\n${Object.entries(settings)
      .map(([k, v]) => `$config['${k}'] = ${php(v)};`)
      .join('\n')}\n`;
  }

  private own(name: string, command: string, args: string[], env: Record<string, string> = {}): void {
    // detached: a process group of its own, so stop() ends it with every process it forked. A shell
    // beside it holds the read end of a pipe from this process and ends the group when the pipe
    // closes: a test runner that dies leaves nothing running.
    const child = spawn('/bin/sh', ['-c', 'exec 3<&0; (read _ <&3; kill -TERM 0) & exec "$@" </dev/null 3<&-', 'sh', command, ...args], {
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    const entry: Owned = { name, child, output: '' };
    const keep = (d: Buffer) => {
      entry.output = (entry.output + String(d)).slice(-4000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.owned.push(entry);
  }

  private async ready(name: string, answers: () => Promise<boolean>): Promise<void> {
    const entry = this.owned.find((o) => o.name === name)!;
    await until(
      async () => {
        if (entry.child.exitCode !== null) throw new Error(`${name} exited (${entry.child.exitCode}): ${entry.output}`);
        return answers();
      },
      20_000,
      `${name} to answer`,
    );
  }

  /** Ends every process group it started (a group that ignores SIGTERM is killed) and removes the folder. */
  async stop(): Promise<void> {
    await Promise.all(
      this.owned.map(async ({ child }) => {
        if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
        const gone = new Promise<void>((r) => child.once('exit', () => r()));
        const signal = (s: NodeJS.Signals) => {
          try {
            process.kill(-child.pid!, s);
          } catch {
            // The group is already gone.
          }
        };
        signal('SIGTERM');
        const timer = setTimeout(() => signal('SIGKILL'), 5_000);
        await gone;
        clearTimeout(timer);
      }),
    );
    this.owned.length = 0;
    rmSync(this.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }

  /** A mailbox for `email` (its login), with the shared password. Dovecot rereads the file on change. */
  addUser(email: string): void {
    appendFileSync(this.passwd, `${email}:{PLAIN}${PASSWORD}\n`);
  }

  /** Puts a plain-text message into the user's INBOX (a maildir file, as a delivery agent would); returns its IMAP UID and Message-ID. */
  deliver(user: string, m: Delivery): { uid: number; messageId: string } {
    const maildir = join(this.mailDir, user, 'Maildir');
    for (const d of [join(this.mailDir, user), maildir, join(maildir, 'cur'), join(maildir, 'new'), join(maildir, 'tmp')]) {
      if (!existsSync(d)) {
        mkdirSync(d, { mode: 0o700 });
        chownSync(d, MAIL_UID, MAIL_GID);
      }
    }
    const messageId = `<${randomBytes(8).toString('hex')}@webmail.test>`;
    const message = [
      `From: ${m.from}`,
      `To: ${m.to}`,
      `Subject: ${m.subject}`,
      `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
      `Message-ID: ${messageId}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      m.text,
      '',
    ].join('\r\n');
    const name = `${Date.now()}.${randomBytes(6).toString('hex')}.webmail-test`;
    const file = join(maildir, 'new', name);
    writeFileSync(join(maildir, 'tmp', name), message);
    renameSync(join(maildir, 'tmp', name), file);
    chownSync(file, MAIL_UID, MAIL_GID);
    // Dovecot gives the message its UID when it first sees it: ask for it by Message-ID.
    const found = spawnSync('/usr/bin/doveadm', ['-c', join(this.dir, 'dovecot', 'dovecot.conf'), 'search', '-u', user, 'mailbox', 'INBOX', 'header', 'Message-ID', messageId], { encoding: 'utf8' });
    const uid = Number(found.stdout.trim().split(/\s+/)[1]);
    if (found.status !== 0 || !Number.isInteger(uid)) throw new Error(`doveadm search failed: ${found.stderr}${found.stdout}`);
    return { uid, messageId };
  }

  /** What the sink has received so far, oldest first. */
  async received(): Promise<SunkMessage[]> {
    const names = readdirSync(this.sinkDir)
      .filter((f) => f.endsWith('.json'))
      .sort();
    return Promise.all(names.map((n) => readSunk(join(this.sinkDir, n))));
  }

  /** Waits for the sink's `count`-th message (1 = the first one it ever received) and returns it. */
  async message(count: number, ms = 20_000): Promise<SunkMessage> {
    const all = await until(async () => {
      const got = await this.received();
      return got.length >= count ? got : undefined;
    }, ms, `message ${count} at the SMTP sink`);
    return all[count - 1]!;
  }
}

/** Resolves true once a TCP server on 127.0.0.1:`port` greets with `prefix`. */
function greets(port: number, prefix: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('data', (d) => {
      text += String(d);
      if (text.includes('\n')) done(text.startsWith(prefix));
    });
  });
}
