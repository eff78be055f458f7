/** POST /api/v1/scan and /redact: the CLI's jobs for channels that do not pass through a browser. */
import { Hono } from 'hono';
import { TextRequestSchema } from '../../shared/schemas';
import type { DeviceEnv } from '../auth';
import { readJson } from '../errors';
import { redactJob, scanJob } from '../text-jobs';
import { limit } from './limits';

export function textRoutes({ maxBodyBytes = 1024 * 1024 }: { maxBodyBytes?: number } = {}) {
  return new Hono<DeviceEnv>()
    .post('/scan', limit(maxBodyBytes), async (c) => c.json(scanJob(await readJson(c, TextRequestSchema))))
    .post('/redact', limit(maxBodyBytes), async (c) => c.json(redactJob(await readJson(c, TextRequestSchema))));
}
