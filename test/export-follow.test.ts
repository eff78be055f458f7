/** export-log --follow: a collector that pulls sees every new entry, in order, while the proxy writes. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkedDisclosure, disclosure, testProxy } from './helpers/proxy';
import type { TestProxy } from './helpers/proxy';

const BIN = join(__dirname, '..', 'bin', 'disclosure-guard.mjs');
let p: TestProxy | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

describe('export-log --follow', () => {
  it('prints the log and then each new entry as it is written, until SIGTERM; it never writes', { timeout: 60_000 }, async () => {
    p = await testProxy();
    const child = spawn(process.execPath, [BIN, 'export-log', '--format', 'jsonl', '--follow', '--db', p.db, '--secrets', join(p.dir, 'secrets')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (err += String(d)));
    const seqs = () => out.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { seq: number }).seq);
    const wait = async (n: number) => {
      for (let i = 0; i < 200 && seqs().at(-1) !== n; i++) await new Promise((r) => setTimeout(r, 50));
    };
    await wait((await p.opened.store.logState()).seq);
    for (let i = 0; i < 5; i++) expect((await p.call('POST', '/api/v1/disclosures', await checkedDisclosure(p, { id: `evt-follow-${i}` }))).status).toBe(201);
    await p.opened.log.drain(); // the recipient checks' entry too
    const last = (await p.opened.store.logState()).seq;
    await wait(last);
    expect(seqs()).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    expect(out).not.toContain('123-45-6789');
    child.kill('SIGTERM');
    const code = await new Promise((r) => child.once('exit', r));
    expect(err).toBe('');
    expect(code).toBe(0);
    // The writer's log is untouched by the reader.
    expect((await p.opened.store.logState()).seq).toBe(last);
  });
});
