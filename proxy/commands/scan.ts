/**
 * `scan` and `redact`: the CLI contract. Text from stdin or a FILE (JSON lines with --jsonl), or a
 * FILE of any format read by its content (`redact FILE --out OUT` writes its masked copy).
 */
import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { describeZodError, TextRequestSchema } from '../../shared/schemas';
import { depthOf, MAX_DEPTH } from '../http/errors';
import { readAll, type Io } from './io';
import { redactJob, scanJob } from '../jobs/text-jobs';
import { UsageError } from '../operations/settings';
import { parseOptions } from './flags';
import { COMMAND_SPECS } from './specs';

/** `scan FILE` and `redact FILE [--out OUT]`: any format, read by its content. Exit 3: cannot inspect. */
async function fileCommand(kind: 'scan' | 'redact', file: string, out: string | undefined, field: string | undefined, io: Io): Promise<number> {
  const bytes = new Uint8Array(await readFile(file));
  const { CannotInspect } = await import('../../shared/files/errors');
  const { sniff } = await import('../../shared/files/sniff');
  const jobs = await import('../jobs/file-jobs');
  const name = basename(file);
  const detect = field === undefined ? {} : { detect: { field } };
  try {
    if (kind === 'scan') {
      io.stdout.write(JSON.stringify(await jobs.scanFileJob(bytes, name, detect)) + '\n');
      return 0;
    }
    if (out === undefined) {
      if (sniff(bytes) !== 'text') {
        throw new UsageError(`${name} is not a text file; write its masked copy with: redact FILE --out OUT`);
      }
      const { decodeText } = await import('../../shared/files/text');
      const text = redactJob({ text: decodeText(bytes).text, ...(field === undefined ? {} : { field }) }).text;
      io.stdout.write((io.stdout as { isTTY?: boolean }).isTTY && !text.endsWith('\n') ? text + '\n' : text);
      return 0;
    }
    const r = await jobs.redactFileJob(bytes, name, detect);
    await writeFile(out, r.bytes, { mode: 0o600 });
    io.stdout.write(JSON.stringify({ ...r.summary, out }) + '\n');
    return 0;
  } catch (e) {
    if (e instanceof CannotInspect) {
      io.stderr.write(`disclosure-guard ${kind}: cannot inspect ${name}: ${e.message}\n`);
      return 3;
    }
    throw e;
  } finally {
    await jobs.closeJobs();
  }
}

export async function textCommand(kind: 'scan' | 'redact', args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: parseOptions(COMMAND_SPECS.scan.flags),
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 1) throw new UsageError(`expected at most one FILE, got ${positionals.length}`);
  const file = positionals[0];
  if (values.out !== undefined && (kind !== 'redact' || file === undefined || values.jsonl)) {
    throw new UsageError('--out takes a masked copy of one FILE: redact FILE --out OUT');
  }
  if (!values.jsonl && file !== undefined) return fileCommand(kind, file, values.out, values.field, io);
  if (!values.jsonl) {
    const text = file === undefined ? await readAll(io.stdin) : await readFile(file, 'utf8');
    const req = { text, ...(values.field === undefined ? {} : { field: values.field }) };
    if (kind === 'scan') io.stdout.write(JSON.stringify(scanJob(req)) + '\n');
    else {
      const out = redactJob(req).text;
      // A terminal gets a final newline; a pipe gets the text exactly.
      io.stdout.write((io.stdout as { isTTY?: boolean }).isTTY && !out.endsWith('\n') ? out + '\n' : out);
    }
    return 0;
  }
  const input = file === undefined ? io.stdin : createReadStream(file, 'utf8');
  let lineNo = 0;
  let bad = 0;
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    lineNo++;
    const problem = (reason: string) => {
      bad++;
      io.stderr.write(`line ${lineNo}: ${reason}\n`);
    };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      problem(line.trim() === '' ? 'empty line, expected a JSON object' : `not JSON (${(err as Error).message})`);
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problem('expected a JSON object with a "text" field');
      continue;
    }
    if (depthOf(value) > MAX_DEPTH) {
      problem(`nested more than ${MAX_DEPTH} levels deep`);
      continue;
    }
    const parsed = TextRequestSchema.safeParse(value);
    if (!parsed.success) {
      problem(describeZodError(parsed.error));
      continue;
    }
    const out = kind === 'scan' ? scanJob(parsed.data) : redactJob(parsed.data);
    if (!io.stdout.write(JSON.stringify(out) + '\n')) await new Promise((r) => io.stdout.once('drain', r));
  }
  if (bad > 0) {
    io.stderr.write(`${bad} of ${lineNo} lines rejected\n`);
    return 2;
  }
  return 0;
}
