/**
 * What crosses between a worker and its page's guard (the bodies, unchanged in meaning), the
 * bootstrap's pieces running on their own (as they do inside a worker, with nothing of the page's
 * bundle), and the guard reading a new rule when a single-page app changes its address. Real
 * workers in Chromium are in test/e2e/channels.spec.ts.
 */
import { runInNewContext } from 'node:vm';
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { bootstrapSource, fromWire, toWire, workerMain } from '../extension/lib/worker-guard';
import { RequestGuard } from '../extension/content/request-guard';
import { handedOver } from './helpers/hook';
import type { PageConfig, SendEvent } from '../extension/lib/messages';
import { DEFAULT_POLICY } from '../shared/policy';
import type { SiteRule } from '../shared/policy';

describe('a body between a worker and its page', () => {
  it('a urlencoded form, a multipart form with a file, text, bytes and no body come back as the same kind with the same content', async () => {
    const form = fromWire(toWire(new URLSearchParams({ ssn: '536-22-1874', name: 'Jane' }))) as URLSearchParams;
    expect(form).toBeInstanceOf(URLSearchParams);
    expect([...form]).toEqual([['ssn', '536-22-1874'], ['name', 'Jane']]);

    const parts = new FormData();
    parts.append('note', 'SSN 536-22-1874');
    parts.append('scan', new File(['claim 536-22-1874'], 'claim.txt', { type: 'text/plain' }));
    const back = fromWire(toWire(parts)) as FormData;
    expect(back).toBeInstanceOf(FormData);
    expect(back.get('note')).toBe('SSN 536-22-1874');
    const file = back.get('scan') as File;
    expect(file.name).toBe('claim.txt');
    expect(await file.text()).toBe('claim 536-22-1874');

    expect(fromWire(toWire('claimant SSN 536-22-1874'))).toBe('claimant SSN 536-22-1874');
    const bytes = new TextEncoder().encode('SSN 536221874');
    expect(fromWire(toWire(bytes))).toBe(bytes);
    expect(fromWire(toWire(undefined))).toBeUndefined();
  });

  it('a stream is never read on the way: the page decides on a stand-in that says it cannot be read', () => {
    const wire = toWire(new ReadableStream());
    expect(wire).toEqual({ kind: 'stream' });
    expect(fromWire(wire)).toBeInstanceOf(ReadableStream);
  });

  it('each piece of the bootstrap runs from its source alone, with only a worker’s globals', () => {
    const globals = { URLSearchParams, FormData, ReadableStream, File };
    const wire = runInNewContext(`(${String(toWire)})`, globals) as typeof toWire;
    const unwire = runInNewContext(`(${String(fromWire)})`, globals) as typeof fromWire;
    expect(unwire(wire(new URLSearchParams({ ssn: '536-22-1874' })))).toEqual(new URLSearchParams({ ssn: '536-22-1874' }));
    expect(() => runInNewContext(`(${String(workerMain)})`, {})).not.toThrow();
    // Classic: the guard, then importScripts of the worker's own address; module: imported after the guard.
    const classic = bootstrapSource('disclosure-guard-1', 'https://intake.example.org/sync.js', false);
    expect(() => new Function(classic)).not.toThrow();
    expect(classic).toContain('"https://intake.example.org/sync.js", false)');
    const module = bootstrapSource('disclosure-guard-1', 'https://intake.example.org/sync.mjs', true);
    expect(module).toContain('import("https://intake.example.org/sync.mjs")');
  });
});

describe('a single-page app that changes its address', () => {
  const config = (rule: Partial<SiteRule> | null): PageConfig => ({
    rule: rule ? ({ match: 'intake.example.org/guarded/', adapter: 'form', mode: 'enforce', ...rule } as SiteRule) : undefined,
    userEmail: 'casey.staff@jobs.example.gov',
    failMode: 'closed',
    statement: DEFAULT_POLICY.statement,
    keepDigits: DEFAULT_POLICY.keepDigits,
    categoryOfType: DEFAULT_POLICY.categoryOfType,
  });

  it('a post after the rule is read again is judged by the new rule, and waits for it', async () => {
    const events: SendEvent[] = [];
    const bridge = { checkRecipients: async () => ({ ok: false as const, message: 'unused' }), logEvent: async (e: SendEvent) => void events.push(e) };
    const doc = new Window({ url: 'https://intake.example.org/app' }).document as unknown as Document;
    const g = handedOver(new RequestGuard(doc, Promise.resolve(config(null)), bridge as never));
    const post = { id: 'r1', via: 'datachannel' as const, url: 'https://intake.example.org/app', method: 'SEND', text: 'claimant SSN 536-22-1874' };
    expect(await g.decide(post)).toEqual({ id: 'r1', action: 'send' });

    let read!: (c: PageConfig) => void;
    g.reconfigure(new Promise((r) => (read = r)));
    const pending = g.decide({ ...post, id: 'r2' });
    read(config({}));
    expect(await pending).toEqual({ id: 'r2', action: 'replace', text: 'claimant SSN ***-*2-1874' });
    expect(events.map((e) => e.decision)).toEqual(['masked']);
  });
});
