/**
 * The SIEM feed: every chain entry and every checkpoint as an RFC 5424 syslog message over TCP or
 * TLS (octet-counted framing, RFC 6587), the payload JSON or CEF. Delivered at least once, in
 * order: a cursor file beside the database says what the collector already took, it is advanced
 * only after a batch was handed to the connection, and after a crash, a restart or an outage of
 * the collector the feed resumes from it (so a few messages may arrive twice, none is skipped).
 * Plain syslog over TCP has no acknowledgement of its own; what the kernel had accepted when the
 * collector itself crashed can be lost there (RELP would close that gap). Entries hold no raw
 * value (the log stores none), so neither does the feed.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import net from 'node:net';
import tls from 'node:tls';
import type { Logger } from 'pino';
import type { Checkpoint, Store, StoredEntry } from '../store/types';
import { UsageError } from './settings';
import { entryData } from '../audit/kinds';

export interface SiemSettings {
  /** tcp://host:port or tls://host:port */
  url: string;
  format: 'json' | 'cef';
  /** CA certificate(s) for a TLS collector; the system's when absent. */
  caFile?: string;
  cursorFile: string;
}

interface Cursor {
  entries: number;
  checkpoints: number;
}

const BATCH = 500;
/** Our SD-ID's enterprise number is 32473, the one RFC 5612 reserves for documentation and examples. */
const SD_ID = 'dg@32473';
const FACILITY = 20; // local4

export function parseSiemUrl(url: string): { secure: boolean; host: string; port: number } {
  const m = /^(tcp|tls):\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(url);
  if (!m || Number(m[3]) < 1 || Number(m[3]) > 65535) throw new UsageError(`bad SIEM address "${url}": expected tcp://HOST:PORT or tls://HOST:PORT`);
  return { secure: m[1] === 'tls', host: m[2]!.replace(/^\[|\]$/g, ''), port: Number(m[3]) };
}

const printable = (s: string, max: number) => s.replace(/[^\x21-\x7e]/g, '_').slice(0, max) || '-';
const sdValue = (s: string) => s.replace(/["\\\]]/g, (c) => `\\${c}`);
const cefHeader = (s: string) => s.replace(/[\\|]/g, (c) => `\\${c}`);
const cefValue = (s: string) => s.replace(/[\\=]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');

interface Item {
  seq: number;
  kind: string;
  at: string;
  head: string;
  data: Record<string, unknown>;
}

function severity(item: Item): number {
  const decision = item.data.decision;
  if (decision === 'leaked' || decision === 'blocked') return 4; // warning
  // A disclosure refused against its recipient check: forged, reused, or a report that contradicts it.
  if (item.kind === 'disclosure.refused') return 4;
  return item.kind === 'log.checkpoint' ? 5 : 6; // notice, info
}

/** One message, RFC 5424, with the payload in the chosen format. */
export function formatMessage(item: Item, format: 'json' | 'cef', host = hostname()): string {
  const pri = FACILITY * 8 + severity(item);
  const sd = `[${SD_ID} seq="${item.seq}" head="${sdValue(item.head)}" kind="${sdValue(item.kind)}"]`;
  let payload: string;
  if (format === 'json') {
    payload = JSON.stringify({ seq: item.seq, kind: item.kind, at: item.at, head: item.head, data: item.data });
  } else {
    const d = item.data;
    const ext: Array<[string, string]> = [
      ['rt', String(Date.parse(item.at))],
      ['cn1Label', 'seq'],
      ['cn1', String(item.seq)],
      ['cs1Label', 'head'],
      ['cs1', item.head],
    ];
    if (typeof d.decision === 'string') ext.push(['act', d.decision]);
    if (typeof d.sender === 'string') ext.push(['suser', d.sender]);
    if (typeof d.site === 'string') ext.push(['dhost', d.site]);
    if (d.types && typeof d.types === 'object') ext.push(['cs2Label', 'types'], ['cs2', Object.entries(d.types as Record<string, number>).map(([t, n]) => `${t}:${n}`).join(',')]);
    ext.push(['msg', JSON.stringify(d)]);
    const cefSev = d.decision === 'leaked' ? 8 : d.decision === 'blocked' || item.kind === 'disclosure.refused' ? 6 : 3;
    payload = `CEF:0|Disclosure Guard|proxy|0.1.0|${cefHeader(item.kind)}|${cefHeader(item.kind.replace(/[._]/g, ' '))}|${cefSev}|${ext.map(([k, v]) => `${k}=${cefValue(v)}`).join(' ')}`;
  }
  return `<${pri}>1 ${item.at} ${printable(host, 255)} disclosure-guard ${process.pid} ${printable(item.kind, 32)} ${sd} ${payload}`;
}

function frame(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `), body]);
}

export function readCursor(file: string): Cursor {
  if (!existsSync(file)) return { entries: 0, checkpoints: 0 };
  try {
    const c = JSON.parse(readFileSync(file, 'utf8')) as Cursor;
    if (Number.isInteger(c.entries) && Number.isInteger(c.checkpoints)) return c;
  } catch {
    // fall through
  }
  throw new UsageError(`the SIEM cursor ${file} is damaged; fix or remove it (removing resends the whole log)`);
}

function writeCursor(file: string, c: Cursor): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(c));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

export class SiemFeed {
  private cursor: Cursor;
  private socket: net.Socket | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private failures = 0;
  private readonly target: ReturnType<typeof parseSiemUrl>;
  private ca: Buffer | undefined;
  /** Entries the collector has not taken yet (for /metrics). */
  backlog = 0;

  constructor(
    private readonly store: Store,
    private readonly settings: SiemSettings,
    private readonly logger?: Logger,
  ) {
    this.target = parseSiemUrl(settings.url);
    if (settings.caFile) {
      try {
        this.ca = readFileSync(settings.caFile);
      } catch (err) {
        throw new UsageError(`cannot read the SIEM CA file ${settings.caFile}: ${(err as Error).message}`);
      }
    }
    this.cursor = readCursor(settings.cursorFile);
  }

  start(): void {
    this.schedule(0);
  }

  /** Connects once (TLS handshake included): at start, an unreachable or untrusted collector is an error. */
  async probe(): Promise<void> {
    try {
      await this.connect();
    } catch (err) {
      throw new UsageError(`the SIEM collector ${this.settings.url} cannot be reached: ${(err as Error).message}`);
    }
  }

  /** False while the collector cannot be reached (readiness says so). */
  get healthy(): boolean {
    return this.failures === 0;
  }

  /** Sends what is new soon (called after a write; the timer catches everything else). */
  nudge(): void {
    if (!this.timer && !this.running && !this.stopped) this.schedule(50);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.pump().finally(() => {
        this.running = undefined;
        // Steady state: look again every second; after failures back off up to 30 s.
        this.schedule(this.failures ? Math.min(30_000, 1000 * 2 ** Math.min(this.failures - 1, 5)) : 1000);
      });
    }, ms);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    // A last pass, so that a clean shutdown leaves nothing behind while the collector is up.
    this.stopped = false;
    await this.pump().catch(() => undefined);
    this.stopped = true;
    this.socket?.end();
    this.socket?.destroy();
  }

  private connect(): Promise<net.Socket> {
    if (this.socket && !this.socket.destroyed) return Promise.resolve(this.socket);
    const { host, port, secure } = this.target;
    return new Promise((resolve, reject) => {
      const s = secure
        ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, ...(this.ca ? { ca: this.ca } : {}) })
        : net.connect({ host, port });
      const fail = (err: Error) => {
        s.destroy();
        reject(err);
      };
      s.once('error', fail);
      s.once(secure ? 'secureConnect' : 'connect', () => {
        s.off('error', fail);
        s.on('error', () => s.destroy());
        s.on('close', () => {
          if (this.socket === s) this.socket = undefined;
        });
        s.setKeepAlive(true, 30_000);
        this.socket = s;
        resolve(s);
      });
    });
  }

  private async send(s: net.Socket, messages: string[]): Promise<void> {
    if (messages.length === 0) return;
    const buf = Buffer.concat(messages.map(frame));
    await new Promise<void>((resolve, reject) => {
      s.write(buf, (err) => (err ? reject(err) : resolve()));
    });
    if (s.destroyed) throw new Error('the collector closed the connection');
  }

  /** Sends every entry and checkpoint past the cursor, batch by batch. */
  private async pump(): Promise<void> {
    try {
      const state = await this.store.logState();
      this.backlog = Math.max(0, state.seq - this.cursor.entries);
      const checkpoints = (await this.store.checkpoints()).filter((c) => c.seq > this.cursor.checkpoints);
      if (this.backlog === 0 && checkpoints.length === 0) return;
      const s = await this.connect();
      while (this.cursor.entries < state.seq && !this.stopped) {
        const batch: StoredEntry[] = [];
        for await (const e of this.store.entries(this.cursor.entries + 1, Math.min(state.seq, this.cursor.entries + BATCH))) batch.push(e);
        if (batch.length === 0) break;
        await this.send(s, batch.map((e) => formatMessage(itemOf(e), this.settings.format)));
        this.cursor = { ...this.cursor, entries: batch[batch.length - 1]!.seq };
        writeCursor(this.settings.cursorFile, this.cursor);
        this.backlog = Math.max(0, state.seq - this.cursor.entries);
      }
      // A checkpoint goes after the entries it covers.
      const due = checkpoints.filter((c) => c.seq <= this.cursor.entries);
      if (due.length) {
        await this.send(s, due.map((c) => formatMessage(checkpointItem(c), this.settings.format)));
        this.cursor = { ...this.cursor, checkpoints: due[due.length - 1]!.seq };
        writeCursor(this.settings.cursorFile, this.cursor);
      }
      if (this.failures) this.logger?.info({ backlog: this.backlog }, 'SIEM collector reachable again; the feed caught up');
      this.failures = 0;
    } catch (err) {
      this.failures++;
      this.socket?.destroy();
      this.socket = undefined;
      if (this.failures === 1 || this.failures % 10 === 0) {
        this.logger?.warn({ err: (err as Error).message, backlog: this.backlog, target: this.settings.url }, 'SIEM collector unreachable; entries wait and will be sent');
      }
    }
  }
}

function itemOf(e: StoredEntry): Item {
  return { seq: e.seq, kind: e.kind, at: e.at, head: e.head, data: entryData(e) };
}

function checkpointItem(c: Checkpoint): Item {
  // prev is under the signature once checkpoints chain; the note is the same checkpoint in C2SP form.
  const chained = c.prev ? { prev: c.prev } : {};
  const note = c.note ? { note: c.note } : {};
  return { seq: c.seq, kind: 'log.checkpoint', at: c.at, head: c.head, data: { seq: c.seq, head: c.head, root: c.root, at: c.at, keyId: c.keyId, signature: c.signature, ...chained, ...note } };
}
