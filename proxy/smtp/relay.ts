/**
 * The next hop (--smtp-relay): a message the gateway accepts is handed on before the gateway
 * answers, so the sending server keeps it until the next hop has it (a before-queue filter). Its
 * answer decides the gateway's: accepted, refused for good (5xx, passed on), or to be tried again.
 */
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

export type Relayed = { ok: true; response: string; refused?: string[] } | { ok: false; permanent: boolean; response: string };

export interface Relay {
  send(envelope: { from: string; to: string[] }, raw: Buffer | { path: string }): Promise<Relayed>;
  close(): void;
}

export function createRelay(hostPort: string, { connections = 16 }: { connections?: number } = {}): Relay {
  const at = hostPort.lastIndexOf(':');
  const host = hostPort.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  const port = Number(hostPort.slice(at + 1));
  const options: SMTPTransport.Options & { pool: true; maxConnections: number } = {
    host,
    port,
    secure: false,
    pool: true,
    maxConnections: connections,
    // Opportunistic STARTTLS to the agency's own next hop, as mail servers relay to each other.
    tls: { rejectUnauthorized: false },
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 120_000,
  };
  const transport = nodemailer.createTransport(options);
  return {
    async send(envelope, raw) {
      try {
        const info = await transport.sendMail({ envelope, raw: Buffer.isBuffer(raw) ? raw : { path: raw.path } });
        // Some recipients refused by the next hop: the others have it, so trying again would send it twice.
        return { ok: true, response: info.response, ...(info.rejected.length ? { refused: info.rejected.map(String) } : {}) };
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        return { ok: false, permanent: code !== undefined && code >= 500, response: (err as Error).message };
      }
    },
    close: () => transport.close(),
  };
}
