/**
 * The CLI contract (docs/detection.md, "Scanning other channels"; docs/operators.md, "The command"), through the real command (`bin/disclosure-guard.mjs`) and through
 * runCli with in-memory streams for the many small cases.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../proxy/commands/cli';
import { CONFIDENTIALITY_STATEMENT } from '../shared/statement';
import { pngDeclaring } from './helpers/hostile';
import { claimPacketDocx, docxText, wageReportXlsx } from './helpers/office';

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

  it('reads a file argument by its content and says where each finding is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-cli-'));
    const file = join(dir, 'mail.txt');
    writeFileSync(file, 'Hello,\nEIN 12-3456789');
    const r = await cli(['scan', file]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      file: { name: 'mail.txt', type: 'text', mime: 'text/plain', size: 21, encoding: 'utf-8' },
      findings: [{ type: 'fein', start: 4, end: 14, confidence: 'high', rule: 'fein.formatted', where: { line: 2 } }],
    });
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

describe('files: scan FILE and redact FILE --out OUT', () => {
  it('scans a DOCX and an XLSX, naming paragraph, sheet and cell', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-cli-'));
    const docx = join(dir, 'claim packet.docx');
    writeFileSync(docx, await claimPacketDocx());
    const d = JSON.parse((await cli(['scan', docx])).stdout);
    expect(d.file).toMatchObject({ name: 'claim packet.docx', type: 'docx' });
    expect(d.findings).toContainEqual(expect.objectContaining({ type: 'ssn', where: { part: 'body', paragraph: 2 } }));
    // The type comes from the content, not the name.
    const xlsx = join(dir, 'wages.txt');
    writeFileSync(xlsx, await wageReportXlsx());
    const x = JSON.parse((await cli(['scan', xlsx])).stdout);
    expect(x.file.type).toBe('xlsx');
    expect(x.findings).toContainEqual(expect.objectContaining({ type: 'ssn', where: { sheet: 'Q3 wages', cell: 'B2' } }));
  });

  it('writes a masked DOCX with --out; the copy opens and keeps only the last five digits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-cli-'));
    const docx = join(dir, 'packet.docx');
    writeFileSync(docx, await claimPacketDocx());
    const out = join(dir, 'masked.docx');
    const r = await cli(['redact', docx, '--out', out]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: { type: 'docx' }, statementAdded: true, out });
    const text = await docxText(readFileSync(out));
    expect(text).toContain('SSN: ***-*8-3390');
    expect(text).not.toMatch(/412-?68-?3390/);
  });

  it('a file name that holds an SSN is shown with only its last four digits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-cli-'));
    const file = join(dir, '536221874 Jane Public.csv');
    writeFileSync(file, 'Name,SSN\nJane,536-22-1874\n');
    const r = JSON.parse((await cli(['scan', file])).stdout);
    expect(r.file.name).toBe('*****1874 Jane Public.csv');
  });

  it('a 68-byte PNG declaring 100,000 × 100,000 pixels is exit 3 with its size, and the command itself lives to say so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-cli-'));
    const file = join(dir, 'fax.png');
    writeFileSync(file, pngDeclaring(100_000, 100_000));
    const r = await cli(['scan', file]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^disclosure-guard scan: cannot inspect fax\.png: the image is 100000 × 100000 pixels/);
  });

  it('exit 3 with the reason for a file that cannot be inspected; exit 2 for a binary without --out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-cli-'));
    const broken = join(dir, 'broken.docx');
    const bytes = await claimPacketDocx();
    writeFileSync(broken, bytes.subarray(0, bytes.length - 500));
    const r = await cli(['scan', broken]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^disclosure-guard scan: cannot inspect broken\.docx: the package is damaged/);
    expect(r.stdout).toBe('');
    const good = join(dir, 'good.docx');
    writeFileSync(good, bytes);
    const u = await cli(['redact', good]);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('--out OUT');
    expect((await cli(['scan', good, '--out', join(dir, 'x')])).code).toBe(2);
  });
});

describe('the installed command', () => {
  // Found by hand: `export-log | head -1` ended with an unhandled EPIPE and a stack trace.
  it('stops quietly with exit 0 when the reader of its output goes away (a pipe into head)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-epipe-'));
    const { openProxy } = await import('../proxy/operations/open');
    const o = await openProxy({ db: join(dir, 'dg.db'), secrets: join(dir, 's'), timeZone: 'America/Chicago', checkpointSeconds: 0 });
    for (let i = 0; i < 20; i++) {
      await o.store.write(Array.from({ length: 100 }, (_, j) => ({ op: 'append' as const, kind: 'test', at: new Date().toISOString(), data: { i, j, pad: 'x'.repeat(100) } })));
    }
    await o.close();
    const script = `set -o pipefail; "${process.execPath}" "${BIN}" export-log --db "${join(dir, 'dg.db')}" --secrets "${join(dir, 's')}" | head -1`;
    const r = await new Promise<{ code: number; out: string; err: string }>((resolve) => {
      execFile('bash', ['-c', script], (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, out: stdout, err: stderr }));
    });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).kind).toBe('log.created');
  });

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
