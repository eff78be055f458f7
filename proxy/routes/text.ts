/**
 * POST /api/v1/scan and /redact: the CLI's jobs for channels that do not pass through a browser.
 * A long text is scanned in a job worker, so the event loop never waits for it.
 */
import { Hono } from 'hono';
import { TextRequestSchema } from '../../shared/schemas';
import type { DeviceEnv } from '../http/auth';
import { readJson } from '../http/errors';
import { redactTextJob, scanTextJob } from '../jobs/file-jobs';
import { jobRefusal } from './files';
import { limit } from './limits';

export function textRoutes({ maxBodyBytes = 1024 * 1024 }: { maxBodyBytes?: number } = {}) {
  return new Hono<DeviceEnv>()
    .post('/scan', limit(maxBodyBytes), async (c) => c.json(await scanTextJob(await readJson(c, TextRequestSchema)).catch(jobRefusal(c))))
    .post('/redact', limit(maxBodyBytes), async (c) => c.json(await redactTextJob(await readJson(c, TextRequestSchema)).catch(jobRefusal(c))));
}
