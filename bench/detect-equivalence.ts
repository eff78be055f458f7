/**
 * Output equivalence of the detection engine: a digest of every finding detect() reports (type,
 * start, end, confidence, rule, followingDigits) and of every redact() text, over the labelled
 * corpora, variants of them (OCR letters in place of digits, HTML cells, joined into one text, with
 * options), generated agency mail and dense agency text. Two builds that print the same digests
 * find the same things.
 *
 *   node --import tsx bench/detect-equivalence.ts            prints the digests
 *   node --import tsx bench/detect-equivalence.ts --write F  also writes them to F
 *   node --import tsx bench/detect-equivalence.ts --check F  exits 1 when they differ from F's
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detect } from '../shared/detect/index';
import type { DetectOptions, Finding } from '../shared/detect/index';
import { redact } from '../shared/redact';
import { agencyMail } from '../test/corpus/generate';

const root = join(import.meta.dirname, '..', 'test', 'corpus');

function corpusTexts(): string[] {
  const files = [join(root, 'hand-labelled.jsonl')];
  for (const dir of readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const f of readdirSync(join(root, dir.name)).sort()) if (f.endsWith('.jsonl')) files.push(join(root, dir.name, f));
  }
  const out: string[] = [];
  for (const f of files) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      if (line.trim()) out.push((JSON.parse(line) as { text: string }).text);
    }
  }
  return out;
}

/** A small seeded generator, so variants are the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const OCR_FOR: Record<string, string> = { '0': 'O', '1': 'l', '5': 'S', '8': 'B', '6': 'G', '2': 'Z', '9': 'g' };

/** Some digits replaced by letters OCR reads for them. */
function ocrVariant(t: string, r: () => number): string {
  return t.replace(/\d/g, (d) => (OCR_FOR[d] && r() < 0.15 ? OCR_FOR[d]! : d));
}

/** The text with its lines as HTML table cells and some separators as Unicode variants. */
function htmlVariant(t: string, r: () => number): string {
  const lines = t.split('\n').map((l) => `<tr><td>${l.replace(/ /g, () => (r() < 0.05 ? '&nbsp;' : ' ')).replace(/-/g, () => (r() < 0.2 ? '\u2013' : '-'))}</td></tr>`);
  return `<table>${lines.join('')}</table>`;
}

function digestFindings(h: ReturnType<typeof createHash>, fs: readonly Finding[]): void {
  for (const f of fs) h.update(`${f.type}|${f.start}|${f.end}|${f.confidence}|${f.rule ?? ''}|${f.followingDigits ?? ''};`);
  h.update('\n');
}

interface Digest {
  name: string;
  findings: number;
  detect: string;
  redact: string;
}

function digest(name: string, texts: readonly string[], options: DetectOptions = {}): Digest {
  const d = createHash('sha256');
  const rd = createHash('sha256');
  let n = 0;
  for (const t of texts) {
    const fs = detect(t, options);
    n += fs.length;
    digestFindings(d, fs);
    rd.update(redact(t, options).text);
    rd.update('\0');
  }
  return { name, findings: n, detect: d.digest('hex').slice(0, 16), redact: rd.digest('hex').slice(0, 16) };
}

function dense(bytes: number): string {
  const lines = [
    'Claimant Jane Q Public, SSN 536-22-1874, earned $12,450.00 in Q3 wages from Acme Corp.',
    'Employer EIN 46-1234567; weekly benefit amount $450; DOB 04/12/1985 per the intake form.',
    'Direct deposit: routing 021000021, account number 4455667788. Case 2024-0815 closed.',
    'Please call (573) 555-0100 before faxing; ref ticket 88123 and ZIP 65101-1234 on file.',
  ];
  let t = '';
  for (let i = 0; t.length < bytes; i++) t += lines[i % lines.length] + '\n';
  return t;
}

export function digests(): Digest[] {
  const corpus = corpusTexts();
  const r = rng(42);
  const mail = agencyMail(3 << 20);
  const mailChunks: string[] = [];
  for (let i = 0; i < mail.length; i += 64 << 10) mailChunks.push(mail.slice(i, i + (64 << 10)));
  return [
    digest('corpus', corpus),
    digest('corpus, ocr letters', corpus.map((t) => ocrVariant(t, r))),
    digest('corpus, html cells', corpus.map((t) => htmlVariant(t, r))),
    digest('corpus, one text', [corpus.join('\n\n')]),
    digest('corpus, field ssn', corpus.slice(0, 200), { field: 'ssn' }),
    digest('corpus, ids only', corpus, { types: ['ssn', 'routing_number', 'bank_account'] }),
    digest('corpus, narrow context', corpus, { contextBefore: 12, contextAfter: 8 }),
    digest('corpus, capped', corpus, { maxLength: 60 }),
    digest('agency mail 3 MB', [mail]),
    digest('agency mail, 64 KB pieces', mailChunks),
    digest('agency mail, ocr letters', [ocrVariant(mail.slice(0, 1 << 20), r)]),
    digest('dense 1 MB', [dense(1 << 20)]),
  ];
}

const lines = digests().map((d) => `${d.name.padEnd(28)} findings ${String(d.findings).padStart(7)}  detect ${d.detect}  redact ${d.redact}`);
const out = lines.join('\n') + '\n';
process.stdout.write(out);
const arg = process.argv.indexOf('--write');
if (arg > 0) writeFileSync(process.argv[arg + 1]!, out);
const check = process.argv.indexOf('--check');
if (check > 0) {
  const want = readFileSync(process.argv[check + 1]!, 'utf8');
  if (want !== out) {
    console.error('DIFFERENT from', process.argv[check + 1]);
    process.exit(1);
  }
  console.error('same as', process.argv[check + 1]);
}
