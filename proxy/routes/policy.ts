/** GET /api/v1/policy: what the extension applies, with an ETag so unchanged policy costs a 304. */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { canonicalJson } from '../../shared/canonical';
import type { Policy } from '../../shared/policy';
import type { DeviceEnv } from '../http/auth';

export function policyRoutes({ policy }: { policy: Policy }) {
  const body = canonicalJson(policy);
  const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
  const version = etag.slice(1, 13);
  const json = JSON.stringify({ version, ...policy });
  return new Hono<DeviceEnv>().get('/policy', (c) => {
    c.header('ETag', etag);
    c.header('Cache-Control', 'no-cache');
    const inm = c.req.header('if-none-match');
    if (inm && inm.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}`)) return c.body(null, 304);
    return c.body(json, 200, { 'Content-Type': 'application/json' });
  });
}
