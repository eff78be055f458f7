/**
 * Reads settings (flags, then environment), fails fast with a clear message, and serves the app.
 */
import { serve } from '@hono/node-server';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { describeZodError } from '../shared/schemas';
import { createApp } from './app';
import type { Io } from './cli';
import { UsageError } from './cli';

const Settings = z.object({
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
});
export type Settings = z.infer<typeof Settings>;

export function readSettings(args: string[], env: NodeJS.ProcessEnv): Settings {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string' }, host: { type: 'string' } },
    strict: true,
  });
  const parsed = Settings.safeParse({
    port: values.port ?? env.PORT ?? 8787,
    host: values.host ?? env.DG_HOST ?? '127.0.0.1',
  });
  if (!parsed.success) throw new UsageError(`bad settings: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

export async function serveCommand(args: string[], io: Io, opts: { demo: boolean }): Promise<number> {
  const settings = readSettings(args, process.env);
  const app = createApp({ clock: { now: () => new Date() } });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: settings.port, hostname: settings.host }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  const url = `http://${settings.host}:${port}`;
  io.stdout.write(`Disclosure Guard proxy listening on ${url}\n`);
  io.stdout.write(`  health: ${url}/healthz\n`);
  if (opts.demo) io.stdout.write('  press Ctrl+C to stop\n');
  await new Promise<void>((resolve) => {
    const stop = () => {
      server.close(() => resolve());
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
