import { describe, expect, it } from 'vitest';
import { createApp } from './app';

const fixed = { now: () => new Date('2026-11-21T12:00:00Z') };

describe('GET /healthz', () => {
  it('answers ok with the injected clock', async () => {
    const res = await createApp({ clock: fixed }).request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', time: '2026-11-21T12:00:00.000Z' });
  });
});

describe('unknown routes', () => {
  it('get a JSON 404 with a reason', async () => {
    const res = await createApp({ clock: fixed }).request('/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'no route for GET /nope' } });
  });
});
