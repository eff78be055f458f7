/** The proxy (`serve`) started as a process with its mail gateway on a port of 127.0.0.1. */
import type { ChildProcess } from 'node:child_process';
import { startServing } from './serve';
import { until } from './until';

/** The proxy (`serve`) with its mail gateway relaying to `relayPort`; the gateway's port once it listens. */
export async function startGatewayProxy(args: string[], relayPort: number, children: ChildProcess[], smtpPort = 0): Promise<{ child: ChildProcess; url: string; smtpPort: number }> {
  const { child, url, out } = await startServing(['serve', ...args, '--log-level', 'silent', '--smtp-port', String(smtpPort), '--smtp-relay', `127.0.0.1:${relayPort}`], children);
  const port = await until(() => /mail gateway listening on [\d.]+:(\d+)/.exec(out())?.[1], 20_000, 'the mail gateway to listen');
  return { child, url, smtpPort: Number(port) };
}
