import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SendEvent } from './messages';
import { EventQueue, RECENT_LIMIT } from './queue';
import type { Delivery, KeyValue } from './queue';

const area = (a: typeof fakeBrowser.storage.local): KeyValue => ({
  get: async <T>(k: string) => (await a.get(k))[k] as T | undefined,
  set: async (k, v) => (v === undefined ? a.remove(k) : a.set({ [k]: v })),
});

const event = (id: string, o: Partial<SendEvent> = {}): SendEvent => ({
  id,
  occurredAt: '2026-11-21T18:00:00.000Z',
  site: 'mail.google.com',
  channel: 'email',
  recipients: [{ address: 'avery.partner@lwdb.example.org' }],
  types: { ssn: 1 },
  maskedSamples: ['***-*5-6789'],
  identifiers: [{ type: 'ssn', value: '123-45-6789' }],
  decision: 'masked',
  reasons: [],
  statementAdded: true,
  ...o,
});

beforeEach(() => fakeBrowser.reset());

describe('EventQueue', () => {
  it('keeps an event across a restart (a new queue over the same storage) until it is delivered', async () => {
    const down = new EventQueue(area(fakeBrowser.storage.local), async () => 'retry');
    await down.enqueue(event('evt-1'));
    await down.flush();
    const delivered: string[] = [];
    const restarted = new EventQueue(area(fakeBrowser.storage.local), async (e) => {
      delivered.push(e.id);
      return 'delivered';
    });
    expect(await restarted.length()).toBe(1);
    await restarted.retryNow();
    expect(await restarted.flush()).toBe(1);
    expect(delivered).toEqual(['evt-1']);
    expect(await restarted.length()).toBe(0);
  });

  it('backs off exponentially while the proxy is down, capped at five minutes', async () => {
    let now = 1_000_000;
    const q = new EventQueue(area(fakeBrowser.storage.local), async () => 'retry', () => now);
    await q.enqueue(event('evt-1'));
    const waits: number[] = [];
    for (let i = 0; i < 10; i++) {
      await q.flush();
      const wait = (await q.nextAttemptIn())!;
      waits.push(wait);
      now += wait;
    }
    expect(waits.slice(0, 4)).toEqual([2000, 4000, 8000, 16000]);
    expect(Math.max(...waits)).toBe(300_000);
  });

  it('delivers each event once even when flushes overlap, and enqueuing the same id twice keeps one', async () => {
    const calls: string[] = [];
    const q = new EventQueue(area(fakeBrowser.storage.local), async (e) => {
      calls.push(e.id);
      await new Promise((r) => setTimeout(r, 5));
      return 'delivered';
    });
    await q.enqueue(event('evt-1'));
    await q.enqueue(event('evt-1'));
    await q.enqueue(event('evt-2'));
    await Promise.all([q.flush(), q.flush(), q.flush()]);
    expect(calls).toEqual(['evt-1', 'evt-2']);
  });

  it('drops an event the proxy will never take (400/409) instead of blocking the queue', async () => {
    const outcomes: Delivery[] = ['rejected', 'delivered'];
    const q = new EventQueue(area(fakeBrowser.storage.local), async () => outcomes.shift()!);
    await q.enqueue(event('evt-bad'));
    await q.enqueue(event('evt-good'));
    expect(await q.flush()).toBe(1);
    expect(await q.length()).toBe(0);
  });

  it('keeps raw identifiers only in session storage, never in the durable queue, and sends them once', async () => {
    const sentIds: SendEvent['identifiers'][] = [];
    const q = new EventQueue(
      area(fakeBrowser.storage.local),
      async (e) => {
        sentIds.push(e.identifiers);
        return 'delivered';
      },
      () => Date.now(),
      area(fakeBrowser.storage.session),
    );
    await q.enqueue(event('evt-1'));
    expect(JSON.stringify(await fakeBrowser.storage.local.get())).not.toContain('123-45-6789');
    expect(JSON.stringify(await fakeBrowser.storage.session.get())).toContain('123-45-6789');
    await q.flush();
    expect(sentIds).toEqual([[{ type: 'ssn', value: '123-45-6789' }]]);
    expect(JSON.stringify(await fakeBrowser.storage.session.get())).not.toContain('123-45-6789');
  });

  it('remembers the last 20 events, newest first, and whether each was delivered', async () => {
    const q = new EventQueue(area(fakeBrowser.storage.local), async () => 'delivered');
    for (let i = 0; i < 25; i++) await q.enqueue(event(`evt-${i}`));
    let recent = await q.recent();
    expect(recent).toHaveLength(RECENT_LIMIT);
    expect(recent[0]).toMatchObject({ id: 'evt-24', delivered: false, decision: 'masked', recipients: 1 });
    await q.flush();
    recent = await q.recent();
    expect(recent.every((r) => r.delivered)).toBe(true);
  });
});
