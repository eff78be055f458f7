/**
 * POST /api/v1/client-events: what an extension reports about itself, as a chain entry. Today one
 * kind: `policy_error`, the site rules it could not use as written (where from, which one, the
 * problem's code, and what guards the site instead), so IT learns that a rule it wrote does not apply
 * as written. The security console lists them on the chain status page.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { SiteModeSchema } from '../../shared/policy';
import { RULE_PROBLEM_CODES } from '../../shared/rule-problems';
import type { AuditLog } from '../audit/log';
import type { DeviceEnv } from '../http/auth';
import { readJson } from '../http/errors';
import { gateStored } from '../http/stored-fields';
import { limit } from './limits';

const ClientEventSchema = z
  .object({
    kind: z.literal('policy_error'),
    rules: z
      .array(
        z
          .object({
            source: z.enum(['managed', 'local', 'proxy']),
            index: z.number().int().min(-1).max(10_000),
            reason: z.string().min(1).max(200),
            /** Absent from extensions older than the codes. */
            code: z.enum(RULE_PROBLEM_CODES).optional(),
            /** What guards the rule's site instead; absent when nothing does. */
            fallback: z.object({ adapter: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/), mode: SiteModeSchema }).strict().optional(),
          })
          .strict(),
      )
      .min(1)
      .max(50),
  })
  .strict();

export function clientEventRoutes({ log, clock }: { log: AuditLog; clock: { now(): Date } }) {
  return new Hono<DeviceEnv>().post('/client-events', limit(16 * 1024), async (c) => {
    const body = await readJson(c, ClientEventSchema);
    gateStored('clientEvent', body);
    const device = c.get('device');
    const r = await log.append('client.policy_error', { device: device.name, user: device.userEmail, rules: body.rules }, clock.now().toISOString());
    return c.json({ seq: r.status === 'appended' ? r.seq : null }, 201);
  });
}
