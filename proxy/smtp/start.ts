/** `serve --smtp-port`: the mail gateway's settings checked before anything starts (failing fast), then the gateway started beside the proxy. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import type { Policy } from '../../shared/policy';
import type { Opened } from '../operations/open';
import type { ServeSettings } from '../operations/settings';
import { UsageError } from '../operations/settings';
import { parseAllowList } from './allow';
import type { AllowList } from './allow';
import { startGateway } from './gateway';
import type { Gateway } from './gateway';
import { parseFaxDomains } from './recipients';
import { createRelay } from './relay';

export interface MailGatewaySettings {
  port: number;
  host: string;
  relay: string;
  allow: AllowList;
  tls?: { certFile: string; keyFile: string };
  maxBytes: number;
  faxDomains: string[];
  spoolDir: string;
}

/** The gateway's settings, checked before anything starts; undefined without --smtp-port. */
export function mailGatewaySettings(s: ServeSettings): MailGatewaySettings | undefined {
  if (s.smtpPort === undefined) {
    if (s.smtpRelay) throw new UsageError('--smtp-relay needs --smtp-port (the port the mail gateway listens on)');
    return undefined;
  }
  if (!s.smtpRelay) throw new UsageError('--smtp-port needs --smtp-relay HOST:PORT (where the gateway hands the mail it accepts)');
  if (Boolean(s.smtpCert) !== Boolean(s.smtpKey)) throw new UsageError('STARTTLS needs both --smtp-cert and --smtp-key');
  for (const f of [s.smtpCert, s.smtpKey]) if (f && !existsSync(f)) throw new UsageError(`no such file: ${f}`);
  const allow = parseAllowList(s.smtpAllow);
  if (typeof allow === 'string') throw new UsageError(`--smtp-allow: ${allow}`);
  return {
    port: s.smtpPort,
    host: s.host,
    relay: s.smtpRelay,
    allow,
    ...(s.smtpCert && s.smtpKey ? { tls: { certFile: s.smtpCert, keyFile: s.smtpKey } } : {}),
    maxBytes: s.smtpMaxBytes,
    faxDomains: parseFaxDomains(s.smtpFaxDomains),
    spoolDir: join(dirname(s.db), 'temp', 'smtp'),
  };
}

export async function startMailGateway(g: MailGatewaySettings, deps: Opened & { policy: Policy; logger?: Logger }): Promise<Gateway> {
  const relay = createRelay(g.relay);
  try {
    return await startGateway({ ...deps, relay, faxDomains: g.faxDomains, maxBytes: g.maxBytes }, { port: g.port, host: g.host, allow: g.allow, maxBytes: g.maxBytes, spoolDir: g.spoolDir, ...(g.tls ? { tls: g.tls } : {}) });
  } catch (err) {
    relay.close();
    throw new UsageError(`the mail gateway cannot start on ${g.host}:${g.port}: ${(err as Error).message}`);
  }
}
