/**
 * Mail for the gateway's tests: a sink (a real SMTP server on 127.0.0.1 that keeps what it accepted),
 * and a client (nodemailer) that answers with the server's reply.
 */
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { SMTPServer } from 'smtp-server';

export interface Received {
  from: string;
  to: string[];
  raw: Buffer;
  /** When it was accepted (performance.now()). */
  at: number;
}

export interface Sink {
  port: number;
  received: Received[];
  /** Messages whose data arrived, accepted or not yet answered. */
  arrived: number;
  /** Connections open now. */
  open: number;
  /** Holds the answer to every message until `release()`; a message whose client left meanwhile is not accepted. */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const received: Received[] = [];
  const gone = new Set<string>();
  let held: Promise<void> | undefined;
  let releaseHeld: () => void = () => undefined;
  const sink: Sink = {
    port: 0,
    received,
    arrived: 0,
    open: 0,
    hold() {
      held = new Promise((r) => (releaseHeld = r));
    },
    release() {
      held = undefined;
      releaseHeld();
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, callback) {
      sink.open++;
      callback();
    },
    onClose(session) {
      sink.open--;
      gone.add(session.id);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        sink.arrived++;
        if (held) await held;
        // SMTP hands a message over with the 250; a client that is gone never had it acknowledged.
        if (gone.has(session.id)) return callback(new Error('the client left before the answer'));
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks), at: performance.now() });
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  sink.port = (server.server.address() as AddressInfo).port;
  return sink;
}

export type Sent = { ok: true; response: string } | { ok: false; code: number; response: string };

/** One message to an SMTP server on 127.0.0.1; the server's answer either way. */
export async function sendMail(port: number, mail: Mail.Options, auth?: { user: string; pass: string }, { tls = false }: { tls?: boolean } = {}): Promise<Sent> {
  // tls: STARTTLS required (the test's certificate is self-signed); else never.
  const security = tls ? { requireTLS: true, tls: { rejectUnauthorized: false } } : { ignoreTLS: true };
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ...security, ...(auth ? { auth } : {}), connectionTimeout: 60_000, socketTimeout: 120_000 });
  try {
    const info = await transport.sendMail(mail);
    return { ok: true, response: info.response };
  } catch (err) {
    const e = err as { responseCode?: number; response?: string; message: string };
    return { ok: false, code: e.responseCode ?? 0, response: e.response ?? e.message };
  } finally {
    transport.close();
  }
}
