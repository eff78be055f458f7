/**
 * The CLI contract (README, "Command line"), through the real command (`bin/disclosure-guard.mjs`) and through
 * runCli with in-memory streams for the many small cases.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../proxy/cli';
import { CONFIDENTIALITY_STATEMENT } from '../shared/statement';

const BIN = join(__dirname, '..', 'bin', 'disclosure-guard.mjs');

async function cli(args: string[], input = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (d) => out.push(String(d)));
  stderr.on('data', (d) => err.push(String(d)));
  const code = await runCli(args, { stdin: Readable.from([input]), stdout, stderr });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const jsonLines = (s: string) =>
  s
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('scan', () => {
  it('reads the whole of stdin as one text', async () => {
    const r = await cli(['scan'], 'Claimant SSN 123-45-6789\nDOB 01/02/1980\n');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings.map((f: { type: string }) => f.type)).toEqual(['ssn', 'dob']);
  });

  it('reads a file argument', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-cli-'));
    const file = join(dir, 'mail.txt');
    writeFileSync(file, 'EIN 12-3456789');
    const r = await cli(['scan', file]);
    expect(JSON.parse(r.stdout).findings).toEqual([
      { type: 'fein', start: 4, end: 14, confidence: 'high', rule: 'fein.formatted' },
    ]);
  });

  it('--jsonl: one output line per input line, id echoed, text never echoed', async () => {
    const input = [
      JSON.stringify({ id: 'a', text: 'SSN 123-45-6789' }),
      JSON.stringify({ id: 7, text: 'nothing here', channel: 'fax' }),
      JSON.stringify({ id: null, text: '123456789', field: 'ssn' }),
    ].join('\n');
    const r = await cli(['scan', '--jsonl'], input + '\n');
    expect(r.code).toBe(0);
    const out = jsonLines(r.stdout);
    expect(out).toEqual([
      { id: 'a', findings: [{ type: 'ssn', start: 4, end: 15, confidence: 'high', rule: 'ssn.formatted.dash' }] },
      { id: 7, channel: 'fax', findings: [] },
      { id: null, findings: [{ type: 'ssn', start: 0, end: 9, confidence: 'high', rule: 'ssn.field' }] },
    ]);
    expect(r.stdout).not.toContain('123-45-6789');
  });
});

describe('redact', () => {
  it('masks identifiers and adds the statement once', async () => {
    const r = await cli(['redact'], 'SSN 123-45-6789\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`SSN ***-*5-6789\n\n${CONFIDENTIALITY_STATEMENT}`);
  });

  it('does not add the statement twice', async () => {
    const once = (await cli(['redact'], 'SSN 123-45-6789')).stdout;
    const twice = (await cli(['redact'], once)).stdout;
    expect(twice).toBe(once);
  });

  it('leaves text without confidential data unchanged', async () => {
    const r = await cli(['redact'], 'See you at 10:30 in room 204.');
    expect(r.stdout).toBe('See you at 10:30 in room 204.');
  });

  it('--jsonl: masked text and findings per line', async () => {
    const r = await cli(['redact', '--jsonl'], JSON.stringify({ id: 1, text: 'acct # 4455667788' }) + '\n');
    const [line] = jsonLines(r.stdout);
    expect(line.id).toBe(1);
    expect(line.text.startsWith('acct # ******7788\n\n')).toBe(true);
    expect(line.text.endsWith(CONFIDENTIALITY_STATEMENT)).toBe(true);
    expect(line.findings[0].type).toBe('bank_account');
  });
});

describe('bad input: exit 2 with the line number, nothing silently skipped', () => {
  it.each([
    ['not JSON', 'nope', /line 2: not JSON/],
    ['no text', '{"id":2}', /line 2: missing "text"/],
    ['text not a string', '{"id":2,"text":42}', /line 2: "text" must be a string/],
    ['an array', '[1,2]', /line 2: expected a JSON object/],
    ['an empty line', '', /line 2: empty line/],
    ['an extra field nested 5,000 deep', `{"text":"x","extra":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`, /line 2: nested more than 32 levels deep/],
  ])('%s', async (_why, bad, expected) => {
    const input = [JSON.stringify({ id: 1, text: 'SSN 123-45-6789' }), bad, JSON.stringify({ id: 3, text: 'x' })].join('\n');
    const r = await cli(['scan', '--jsonl'], input + '\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).toMatch(/1 of 3 lines rejected/);
    // The good lines are still answered, in order.
    expect(jsonLines(r.stdout).map((l) => l.id)).toEqual([1, 3]);
  });

  it('reports every bad line, not just the first', async () => {
    const r = await cli(['redact', '--jsonl'], 'a\n{"text":"ok"}\nb\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 1: not JSON/);
    expect(r.stderr).toMatch(/line 3: not JSON/);
  });

  it.each([
    ['unknown command', ['frobnicate']],
    ['unknown flag', ['scan', '--nope']],
    ['missing file', ['scan', '/nonexistent/file.txt']],
    ['two files', ['scan', 'a', 'b']],
  ])('%s', async (_why, args) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr.length).toBeGreaterThan(0);
  });
});

describe('the installed command', () => {
  it('runs through bin/disclosure-guard.mjs with the exit status of the contract', async () => {
    const help = await promisify(execFile)(process.execPath, [BIN, '--help']);
    expect(help.stdout).toMatch(/usage: disclosure-guard/);
    const child = execFile(process.execPath, [BIN, 'scan', '--jsonl']);
    child.stdin!.end('{"id":"x","text":"SSN 123-45-6789"}\nbroken\n');
    const out: string[] = [];
    const err: string[] = [];
    child.stdout!.on('data', (d) => out.push(String(d)));
    child.stderr!.on('data', (d) => err.push(String(d)));
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    expect(code).toBe(2);
    expect(JSON.parse(out.join('').trim()).id).toBe('x');
    expect(err.join('')).toMatch(/line 2: not JSON/);
  });
});
