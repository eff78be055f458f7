/**
 * inspectFile and maskFile: one entry for every format a file can arrive in. The type comes from
 * the content; each reader keeps the limits; a file that cannot be read throws CannotInspect.
 */
import type { DetectOptions, Finding } from '../detect/index';
import { IDENTIFIER_TYPES } from '../detect/index';
import type { KeepDigits } from '../mask';
import { isConfidential } from '../redact';
import { appendStatement, CONFIDENTIALITY_STATEMENT, hasStatement } from '../statement';
import { docxMain, docxParts, isDocx, maskDocxPart, withStatementParagraph } from './docx';
import { checkPixels, imageFrames } from './dimensions';
import type { DocumentEngine, PageText, Patch } from './engine';
import { cannot } from './errors';
import { locate, scanJoined } from './joined';
import type { Unit } from './joined';
import type { FileLimits } from './limits';
import { limitsOf, megabytes } from './limits';
import { describeUnknown, sniff } from './sniff';
import { maskSwept, sweep, sweptFindings, sweptRaw } from './sweep';
import { decodeText, delimiterOf, encodeText, fieldsOf } from './text';
import type { FileFinding, FileInfo, FileReport, FileType, MaskedFile } from './types';
import { MIME } from './types';
import { isXlsx, maskWorkbook, readWorkbook, withStatementSheet } from './xlsx';
import { isZip, openZip, rewriteZip } from './zip';

export interface FileOptions {
  name?: string;
  limits?: Partial<FileLimits>;
  engine?: DocumentEngine;
  detect?: DetectOptions;
  keep?: Readonly<KeepDigits>;
  statement?: string;
  onProgress?: (done: number, total: number, what: string) => void;
}

interface Read {
  info: FileInfo;
  findings: FileFinding[];
  /** Builds the masked copy from the same reading. */
  mask(statement: string | undefined): Promise<MaskOut>;
  rawFindings: Finding[];
}

/**
 * The text of a text, CSV, DOCX or XLSX file, synchronously (the network backstop must answer a
 * blocking listener at once). Undefined for PDFs, images and files that cannot be read.
 */
export function fileTextSync(bytes: Uint8Array, partial?: Partial<FileLimits>): string | undefined {
  const limits = limitsOf(partial);
  if (bytes.length > limits.maxBytes) return undefined;
  try {
    const kind = sniff(bytes);
    if (kind === 'text') return decodeText(bytes).text;
    if (kind !== 'zip') return undefined;
    const pkg = openZip(bytes, limits);
    if (isDocx(pkg)) return docxParts(pkg).map((p) => p.text).join('\n');
    if (isXlsx(pkg)) return readWorkbook(pkg).sheets.map((s) => s.text).join('\n');
  } catch {
    return undefined;
  }
  return undefined;
}

export async function inspectFile(bytes: Uint8Array, options: FileOptions = {}): Promise<FileReport> {
  const r = await read(bytes, options);
  return { file: r.info, findings: r.findings };
}

export async function maskFile(bytes: Uint8Array, options: FileOptions = {}): Promise<MaskedFile> {
  const r = await read(bytes, options);
  const confidential = isConfidential(r.rawFindings);
  const statement = confidential ? (options.statement ?? CONFIDENTIALITY_STATEMENT) : undefined;
  const out = await r.mask(statement);
  const masked = r.rawFindings.filter((f) => IDENTIFIER_TYPES.includes(f.type)).length;
  return { file: r.info, findings: r.findings, bytes: out.bytes, mime: out.mime, statementAdded: out.statementAdded, masked };
}

async function read(bytes: Uint8Array, options: FileOptions): Promise<Read> {
  const limits = limitsOf(options.limits);
  if (bytes.length > limits.maxBytes) {
    cannot('too_large', `the file is ${megabytes(bytes.length)}; at most ${megabytes(limits.maxBytes)} are inspected`);
  }
  const kind = sniff(bytes);
  const base = { ...(options.name === undefined ? {} : { name: options.name }), size: bytes.length };
  switch (kind) {
    case 'text':
      return readTextFile(bytes, base, options, limits);
    case 'zip':
      return readPackage(bytes, base, options, limits);
    case 'pdf':
    case 'png':
    case 'jpeg':
    case 'tiff':
      return readPaged(bytes, kind, base, options, limits);
    default:
      return describeUnknown(kind, bytes);
  }
}

type Base = { name?: string; size: number };
type MaskOut = { bytes: Uint8Array; mime: string; statementAdded: boolean };

function readTextFile(bytes: Uint8Array, base: Base, options: FileOptions, limits: FileLimits): Read {
  const decoded = decodeText(bytes);
  if (decoded.text.length > limits.maxTextChars) cannot('too_large', `the file has more than ${limits.maxTextChars} characters of text`);
  const delimiter = delimiterOf(decoded.text);
  const type: FileType = delimiter ? 'csv' : 'text';
  const scanned = scanJoined(decoded.text, { ...options.detect, keep: options.keep });
  const units = lineUnits(decoded.text, delimiter);
  return {
    info: { ...base, type, mime: MIME[type], encoding: decoded.encoding },
    findings: locate(scanned.findings, units),
    rawFindings: scanned.findings,
    async mask(statement) {
      let text = scanned.masked;
      let statementAdded = false;
      // A CSV keeps its shape (a statement line would be a bad row); text gets the statement.
      if (statement && type === 'text' && !hasStatement(text, statement)) {
        text = appendStatement(text, statement);
        statementAdded = true;
      }
      return { bytes: encodeText(text, decoded.encoding, decoded.bom), mime: MIME[type], statementAdded };
    },
  };
}

/** One unit per line; in a delimited file the column is named by the header row. */
function lineUnits(text: string, delimiter: string | undefined): Unit[] {
  const units: Unit[] = [];
  let header: string[] | undefined;
  let line = 0;
  let at = 0;
  while (at <= text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    line++;
    const content = text.slice(at, end).replace(/\r$/, '');
    if (delimiter) {
      const fields = fieldsOf(content, delimiter);
      if (!header) header = fields.map((f) => f.value.trim());
      fields.forEach((f, i) => {
        const column = header![i] || `column ${i + 1}`;
        units.push({ where: { line, column }, start: at + f.start, end: at + f.start + f.value.length });
      });
    } else {
      units.push({ where: { line }, start: at, end });
    }
    if (end >= text.length) break;
    at = end + 1;
  }
  return units;
}

function readPackage(bytes: Uint8Array, base: Base, options: FileOptions, limits: FileLimits): Read {
  if (!isZip(bytes) && bytes[2] === 0x05) cannot('corrupt', 'the package is empty');
  const pkg = openZip(bytes, limits);
  if (isDocx(pkg)) {
    const parts = docxParts(pkg);
    const scans = parts.map((p) => scanJoined(p.text, { ...options.detect, keep: options.keep }));
    const main = docxMain(pkg);
    const read = new Set(parts.map((p) => p.name));
    const swept = sweep(pkg, pkg.names.filter((n) => !read.has(n)), options.detect ?? {});
    return {
      info: { ...base, type: 'docx', mime: MIME.docx },
      findings: [...parts.flatMap((p, i) => locate(scans[i]!.findings, p.joined.units)), ...sweptFindings(swept)],
      rawFindings: [...scans.flatMap((s) => s.findings), ...sweptRaw(swept)],
      async mask(statement) {
        const changed = new Map<string, string>();
        parts.forEach((p, i) => {
          const xml = maskDocxPart(p, scans[i]!.masked);
          if (xml !== undefined) changed.set(p.name, xml);
        });
        for (const part of swept) changed.set(part.name, maskSwept(part, changed.get(part.name), options.keep));
        let statementAdded = false;
        const bodyText = parts.find((p) => p.name === main)?.text ?? '';
        if (statement && !hasStatement(bodyText, statement)) {
          const mainPart = parts.find((p) => p.name === main)!;
          changed.set(main, withStatementParagraph(changed.get(main) ?? mainPart.xml, statement));
          statementAdded = true;
        }
        return { bytes: rewriteZip(pkg, changed), mime: MIME.docx, statementAdded };
      },
    };
  }
  if (isXlsx(pkg)) {
    const wb = readWorkbook(pkg);
    const scans = wb.sheets.map((s) => scanJoined(s.text, { ...options.detect, keep: options.keep }));
    // Cells were read; their formulas, and every part no sheet reader shows, are swept.
    const sheetParts = new Set(wb.sheets.map((s) => s.part));
    const others = pkg.names.filter((n) => !sheetParts.has(n) && n !== wb.shared?.name);
    const swept = [...sweep(pkg, others, options.detect ?? {}), ...sweep(pkg, [...sheetParts], options.detect ?? {}, new Set(['f']))];
    return {
      info: { ...base, type: 'xlsx', mime: MIME.xlsx, pages: wb.sheets.length },
      findings: [...wb.sheets.flatMap((s, i) => locate(scans[i]!.findings, s.units)), ...sweptFindings(swept)],
      rawFindings: [...scans.flatMap((s) => s.findings), ...sweptRaw(swept)],
      async mask(statement) {
        const changed = maskWorkbook(wb, scans.map((s) => s.masked));
        for (const part of swept) changed.set(part.name, maskSwept(part, changed.get(part.name), options.keep));
        const already = statement === undefined || wb.sheets.some((sh) => hasStatement(sh.text, statement));
        const statementAdded = !already && withStatementSheet(pkg, wb, changed, statement!);
        return { bytes: rewriteZip(pkg, changed), mime: MIME.xlsx, statementAdded };
      },
    };
  }
  cannot('unsupported', 'the file is a ZIP archive that is not a Word (DOCX) or Excel (XLSX) document');
}

async function readPaged(
  bytes: Uint8Array,
  type: 'pdf' | 'png' | 'jpeg' | 'tiff',
  base: Base,
  options: FileOptions,
  limits: FileLimits,
): Promise<Read> {
  const engine = options.engine;
  if (!engine) cannot('needs_engine', `a ${type.toUpperCase()} file is inspected by the proxy (no PDF or OCR reader here)`);
  // An image's size is checked from its headers before any decoder sees it; a PDF's pages are
  // measured by the engine before it renders them.
  if (type !== 'pdf') checkPixels(imageFrames(bytes, type, limits), limits);
  const pages = await engine.readPages(bytes, type, limits, options.onProgress);
  const scans = pages.map((p) => scanJoined(p.text, { ...options.detect, keep: options.keep }));
  const findings: FileFinding[] = [];
  scans.forEach((s, i) => {
    for (const f of locate(s.findings, lineUnitsOfPage(pages[i]!, i + 1))) findings.push(f);
  });
  const ocrPages = pages.filter((p) => p.ocr).length;
  return {
    info: { ...base, type, mime: MIME[type], pages: pages.length, ...(ocrPages > 0 ? { ocrPages } : {}) },
    findings,
    rawFindings: scans.flatMap((s) => s.findings),
    async mask(statement) {
      const patches = pages.map((p, i) => patchesOf(p, scans[i]!.text, scans[i]!.masked));
      const out = await engine.flatten(bytes, type, patches, statement);
      return { ...out, statementAdded: statement !== undefined && (type === 'pdf' || type === 'tiff') };
    },
  };
}

function lineUnitsOfPage(page: PageText, pageNo: number): Unit[] {
  const units: Unit[] = [];
  let line = 0;
  let at = 0;
  const t = page.text;
  while (at <= t.length) {
    let end = t.indexOf('\n', at);
    if (end < 0) end = t.length;
    line++;
    units.push({ where: { page: pageNo, line }, start: at, end });
    if (end >= t.length) break;
    at = end + 1;
  }
  return units;
}

/** Every box whose run changed, with the run as masked. */
export function patchesOf(page: PageText, text: string, masked: string): Patch[] {
  if (text === masked) return [];
  const out: Patch[] = [];
  for (const b of page.boxes) {
    const before = text.slice(b.start, b.end);
    const after = masked.slice(b.start, b.end);
    if (before !== after) out.push({ x: b.x, y: b.y, w: b.w, h: b.h, text: after, ...(b.ink ? { ink: true } : {}) });
  }
  return out;
}

