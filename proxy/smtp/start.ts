/** `serve --smtp-port`: the mail gateway's settings checked (failing fast) and the gateway started beside the proxy. */
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import type { Policy } from '../../shared/policy';
import type { Opened } from '../operations/open';
import type { ServeSettings } from '../operations/settings';
import { UsageError } from '../operations/settings';
import { parseAllowList } from './allow';
import { startGateway } from './gateway';
import type { Gateway } from './gateway';
import { parseFaxDomains } from './recipients';
import { createRelay } from './relay';

export async function startMailGateway(s: ServeSettings, deps: Opened & { policy: Policy; logger?: Logger }): Promise<Gateway | undefined> {
  if (s.smtpPort === undefined) {
    if (s.smtpRelay) throw new UsageError('--smtp-relay needs --smtp-port (the port the mail gateway listens on)');
    return undefined;
  }
  if (!s.smtpRelay) throw new UsageError('--smtp-port needs --smtp-relay HOST:PORT (where the gateway hands the mail it accepts)');
  if (Boolean(s.smtpCert) !== Boolean(s.smtpKey)) throw new UsageError('STARTTLS needs both --smtp-cert and --smtp-key');
  const allow = parseAllowList(s.smtpAllow);
  if (typeof allow === 'string') throw new UsageError(`--smtp-allow: ${allow}`);
  const relay = createRelay(s.smtpRelay);
  try {
    return await startGateway(
      { ...deps, relay, faxDomains: parseFaxDomains(s.smtpFaxDomains), maxBytes: s.smtpMaxBytes },
      {
        port: s.smtpPort,
        host: s.host,
        allow,
        maxBytes: s.smtpMaxBytes,
        spoolDir: join(dirname(s.db), 'temp', 'smtp'),
        ...(s.smtpCert && s.smtpKey ? { tls: { certFile: s.smtpCert, keyFile: s.smtpKey } } : {}),
      },
    );
  } catch (err) {
    relay.close();
    throw new UsageError(`the mail gateway cannot start on ${s.host}:${s.smtpPort}: ${(err as Error).message}`);
  }
}
