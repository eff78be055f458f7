import { rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { checkedDisclosure, disclosure, testProxy } from '../../test/helpers/proxy';
import type { TestProxy } from '../../test/helpers/proxy';
import { signIn } from '../../test/helpers/console';
import { createApp } from '../http/app';

let p: TestProxy;
afterEach(async () => {
  await p?.close();
});

/** The value of one sample of the Prometheus text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-z_:]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries((m[2] ?? '').split(',').filter(Boolean).map((kv) => kv.split('=').map((x) => x.replace(/^"|"$/g, '')) as [string, string]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe('/metrics, /readyz and request logs', () => {
  it('counts requests by route pattern and status, decisions by outcome and type, and the chain', async () => {
    p = await testProxy();
    for (const id of ['evt-metrics-one', 'evt-metrics-two']) await p.call('POST', '/api/v1/disclosures', await checkedDisclosure(p, { id }));
    await p.call('POST', '/api/v1/disclosures', { id: 'bad' });
    const res = await p.app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(sample(text, 'dg_http_requests_total', { route: '/api/v1/disclosures', method: 'POST', status: '201' })).toBe(2);
    expect(sample(text, 'dg_http_requests_total', { route: '/api/v1/disclosures', method: 'POST', status: '400' })).toBe(1);
    expect(sample(text, 'dg_decisions_total', { decision: 'masked', type: 'ssn' })).toBe(2);
    expect(sample(text, 'dg_http_request_duration_seconds_count', { route: '/api/v1/disclosures', method: 'POST' })).toBe(3);
    expect(sample(text, 'dg_chain_length')).toBe((await p.opened.store.logState()).seq);
    // No value of a request is a label: not an address, not a digit run.
    const labels = text.split('\n').filter((l) => !l.startsWith('#')).map((l) => l.replace(/ \S+$/, ''));
    expect(labels.join('\n')).not.toMatch(/casey|avery|\d{9}/);
  });

  it('counts refused console sign-ins', async () => {
    p = await testProxy();
    const res = await signIn(p, 'nobody@jobs.example.gov', 'not the right one');
    expect(res.status).toBe(401);
    expect(sample(await (await p.app.request('/metrics')).text(), 'dg_signin_failures_total', { why: 'refused' })).toBe(1);
  });

  it('is ready while the database answers, and says so with 503 when it does not', async () => {
    p = await testProxy();
    const ok = await p.app.request('/readyz');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'ready', checks: { database: 'ok' } });
    // The database goes away under a running app.
    const { app, dir } = p;
    await p.opened.close();
    p = undefined as unknown as TestProxy;
    const down = await app.request('/readyz');
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'not_ready', checks: { database: 'unreachable' } });
    expect((await app.request('/healthz')).status).toBe(200);
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs one JSON line per request with a request id and the route pattern, never a value', async () => {
    p = await testProxy();
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const app = createApp({ ...p.opened, logger: pino({ level: 'info' }, sink), signInBackoffMs: 0 });
    const res = await app.request('/api/v1/reviews/rev-536221874', { headers: { authorization: `Bearer ${p.token}`, 'x-request-id': 'req-536-22-1874' } });
    const id = res.headers.get('x-request-id')!;
    expect(id).not.toContain('536');
    const line = JSON.parse(lines.find((l) => l.includes('"request"'))!);
    expect(line).toMatchObject({ reqId: id, method: 'GET', route: '/api/v1/reviews/:id', status: res.status });
    expect(lines.join('')).not.toMatch(/536|Bearer/);
    const kept = await app.request('/healthz', { headers: { 'x-request-id': 'lb-trace-abc' } });
    expect(kept.headers.get('x-request-id')).toBe('lb-trace-abc');
  });
});
