/** POST /api/v1/recipients/check: is every recipient authorized now for these categories? */
import { Hono } from 'hono';
import { RecipientCheckRequestSchema } from '../../shared/schemas';
import type { DeviceEnv } from '../auth';
import { readJson } from '../errors';
import type { Registry } from '../registry/service';
import { limit } from './limits';

export function recipientRoutes({ registry }: { registry: Registry }) {
  return new Hono<DeviceEnv>().post('/recipients/check', limit(64 * 1024), async (c) => {
    const body = await readJson(c, RecipientCheckRequestSchema);
    const decisions = await registry.check(
      body.recipients.map((r) => r.address),
      body.channel,
      body.categories,
    );
    return c.json({
      checkedOn: registry.today(),
      authorized: decisions.every((d) => d.authorized),
      decisions,
    });
  });
}
