/**
 * The mail gateway: an SMTP server the agency's mail server relays outbound mail through (a smart
 * host, or Postfix's before-queue content filter). Clients are mail servers on the allowed address
 * ranges, or anyone signed in with SMTP AUTH (PLAIN/LOGIN) as a person with their device token. The
 * size limit is announced in EHLO; STARTTLS when a certificate is given. Each message goes through
 * transaction.ts; its bytes live only as long as the SMTP transaction.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerSession } from 'smtp-server';
import { hashToken } from '../deployment/devices';
import { normalizeEmail } from '../registry/address';
import type { Store } from '../store/types';
import type { AllowList } from './allow';
import { SmtpReply } from './replies';
import { prepareSpoolDir, spool } from './spool';
import { GATEWAY_DEVICE, handleMessage } from './transaction';
import type { TransactionDeps } from './transaction';

export interface GatewayOptions {
  port: number;
  host: string;
  allow: AllowList;
  /** PEM files for STARTTLS. */
  tls?: { certFile: string; keyFile: string };
  maxBytes: number;
  /** The gateway's spool folder (bounded memory: big messages wait here while they are inspected). */
  spoolDir: string;
  /** Bytes of a message kept in memory before it is spooled to a file. */
  memoryBytes?: number;
}

export interface Gateway {
  port: number;
  close(): Promise<void>;
}

/** RFC 5321 4.5.3.1.8: at least 100 recipients must be taken; the disclosure log's entries hold 100. */
const MAX_RECIPIENTS = 100;

interface Signed {
  email: string;
  device: string;
}

const reply = (code: number, text: string) => new SmtpReply(code, [text]);
const SITE = /^(?:[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*)$/;

export async function startGateway(deps: TransactionDeps & { store: Pick<Store, 'findDeviceByTokenHash'> }, o: GatewayOptions): Promise<Gateway> {
  prepareSpoolDir(o.spoolDir);
  const logger: Logger | undefined = deps.logger;
  const trusted = new WeakSet<SMTPServerSession>();
  const server = new SMTPServer({
    name: 'disclosure-guard',
    banner: 'Disclosure Guard mail gateway',
    size: o.maxBytes,
    // Over the size: 552 after DATA whatever the client announced.
    rejectOversized: true,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: true,
    // Without a certificate there is no STARTTLS: a device token may then only come over a trusted network.
    allowInsecureAuth: !o.tls,
    ...(o.tls ? { key: readFileSync(o.tls.keyFile), cert: readFileSync(o.tls.certFile) } : { disabledCommands: ['STARTTLS'] }),
    logger: false,
    onConnect(session, callback) {
      if (o.allow.allows(session.remoteAddress)) trusted.add(session);
      callback();
    },
    onAuth(auth, _session, callback) {
      const email = normalizeEmail(auth.username ?? '');
      const token = auth.password ?? '';
      if (!email || !/^\S{1,200}$/.test(token)) return callback(reply(535, 'Authentication failed: sign in with your email address and your device token'));
      deps.store
        .findDeviceByTokenHash(hashToken(token))
        .then((device) => {
          if (!device || device.userEmail !== email) return callback(reply(535, 'Authentication failed: that device token is not valid for this address'));
          callback(null, { user: { email, device: device.name } satisfies Signed });
        })
        .catch(() => callback(reply(454, 'Cannot check the token now; try again later')));
    },
    onMailFrom(address, session, callback) {
      const signed = session.user as Signed | undefined;
      if (!signed && !trusted.has(session)) return callback(reply(530, 'Authentication required: sign in with your device token'));
      const from = address.address === '' ? '' : normalizeEmail(address.address);
      if (from === null) return callback(reply(553, 'The sender is not an email address'));
      if (signed && from !== signed.email) return callback(reply(553, `The sender must be ${signed.email}, whose device token signed in`));
      callback();
    },
    onRcptTo(_address, session, callback) {
      if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) return callback(reply(452, `Too many recipients: at most ${MAX_RECIPIENTS} a message`));
      callback();
    },
    onData(stream, session, callback) {
      const signed = session.user as Signed | undefined;
      const mailFrom = session.envelope.mailFrom;
      const from = mailFrom && mailFrom.address ? normalizeEmail(mailFrom.address) ?? '' : '';
      const to = session.envelope.rcptTo.map((r) => r.address);
      const helo = session.hostNameAppearsAs;
      void (async () => {
        const spooled = await spool(stream, { dir: o.spoolDir, memoryBytes: o.memoryBytes });
        let answer;
        try {
          // Over the size: smtp-server answers 552 itself.
          if ((stream as { sizeExceeded?: boolean }).sizeExceeded) answer = undefined;
          else answer = await handleMessage(deps, { from, to, device: signed?.device ?? GATEWAY_DEVICE, site: helo && SITE.test(helo) ? helo.toLowerCase() : 'smtp-client' }, spooled);
        } finally {
          // Gone before the answer: once the client hears it, nothing of the message is left here.
          await spooled.dispose();
        }
        if (!answer) callback(null);
        else if (answer.code === 250) callback(null, answer.lines.join(' '));
        else callback(new SmtpReply(answer.code, answer.lines));
      })().catch((err: unknown) => {
        logger?.error({ err: (err as Error).message }, 'mail gateway: a message could not be handled');
        callback(reply(451, 'The message could not be checked now; try again later'));
      });
    },
  });
  server.on('error', (err) => logger?.warn({ err: err.message }, 'mail gateway connection error'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = ((server.server.address() as AddressInfo | null) ?? { port: o.port }).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        deps.relay.close();
        server.close(() => resolve());
      }),
  };
}
