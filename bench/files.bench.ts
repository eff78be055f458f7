/**
 * File inspection: MB/s per format for inspectFile and maskFile, next to the baseline of detect()
 * over the same amount of plain text in the same process (so the ratio is what reading the format
 * costs), and OCR seconds per page for images and scanned PDF pages.
 */
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import ExcelJS from 'exceljs';
import { detect } from '../shared/detect/index';
import { inspectFile, maskFile } from '../shared/files/inspect';
import { closeEngine, nodeEngine } from '../proxy/files/engine';
import { scannedPdf, scannedPng, textPdf } from '../test/helpers/scans';
import { fmt, table } from './util';

const MB = 1 << 20;

async function bestAsync(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min / 1000;
}

function ssn(i: number): string {
  const area = 100 + (i % 600);
  return `${area}-${String(10 + (i % 89)).padStart(2, '0')}-${String(1000 + (i % 8999)).padStart(4, '0')}`;
}

function csv(rows: number): string {
  const out = ['Employee,SSN,Claim ID,Quarter wages'];
  for (let i = 0; i < rows; i++) out.push(`Worker ${i} Q. Public,${ssn(i)},2024${String(i).padStart(5, '0')},${(1000 + i).toFixed(2)}`);
  return out.join('\n') + '\n';
}

async function docx(paragraphs: number): Promise<Uint8Array> {
  const children: Array<Paragraph | Table> = [];
  for (let i = 0; i < paragraphs; i++) children.push(new Paragraph(`Claimant ${i} was paid weekly benefits; SSN ${ssn(i)} on file, case notes follow in this paragraph.`));
  children.push(new Table({ rows: Array.from({ length: 200 }, (_, i) => new TableRow({ children: [new TableCell({ children: [new Paragraph(`Worker ${i}`)] }), new TableCell({ children: [new Paragraph(ssn(i))] })] })) }));
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}

async function xlsx(rows: number): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet('Wages');
  s.addRow(['Employee', 'SSN', 'Claim ID', 'Wages']);
  for (let i = 0; i < rows; i++) s.addRow([`Worker ${i}`, Number(ssn(i).replace(/-/g, '')), 202400000 + i, 1000 + i]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export async function benchFiles(): Promise<void> {
  const engine = nodeEngine();
  console.log('\n## Files — inspect and mask, MB/s of file; baseline: detect() on plain text, same process\n');
  const text = csv(60_000);
  const base = (() => {
    const t0 = performance.now();
    detect(text);
    return text.length / MB / ((performance.now() - t0) / 1000);
  })();
  const samples: Array<[string, Uint8Array]> = [
    ['CSV', new TextEncoder().encode(text)],
    ['DOCX', await docx(8_000)],
    ['XLSX', await xlsx(30_000)],
    ['PDF (text)', await textPdf(Array.from({ length: 60 }, (_, p) => Array.from({ length: 40 }, (_, l) => `Line ${l} claimant SSN ${ssn(p * 40 + l)}`)))],
  ];
  const rows: string[][] = [];
  for (const [name, bytes] of samples) {
    const mb = bytes.length / MB;
    const read = await bestAsync(2, () => inspectFile(bytes, { engine }));
    const mask = await bestAsync(1, () => maskFile(bytes, { engine }));
    const pages = (await inspectFile(bytes, { engine })).file.pages;
    const inspectRate = mb / read;
    rows.push([name, fmt(mb, 2), fmt(inspectRate, 2), fmt(mb / mask, 2), fmt(inspectRate / base, 2), name.startsWith('PDF') && pages ? fmt(pages / mask, 1) : '']);
  }
  table(['format', 'MB (file)', 'inspect MB/s', 'mask MB/s', 'inspect ÷ detect', 'masked pages/s'], rows);
  console.log('(DOCX and XLSX are zipped: a file MB holds several MB of text. A PDF copy is rendered page by page.)');
  console.log(`\n(detect() alone on ${fmt(text.length / MB, 1)} MB of the same CSV text: ${fmt(base, 1)} MB/s)\n`);

  console.log('## OCR — seconds per page (tesseract.js, English, one worker)\n');
  const png = scannedPng(['Claimant: Jane Q. Public', 'SSN 536-22-1874', 'Weekly benefit amount $450.00']);
  const scan = await scannedPdf([['Fax cover', 'SSN 536-22-1874'], ['Page two', 'EIN 46-1234567'], ['Page three', 'nothing']]);
  const pngSecs = await bestAsync(2, () => inspectFile(png, { engine }));
  const pdfSecs = await bestAsync(1, () => inspectFile(scan, { engine }));
  const maskSecs = await bestAsync(1, () => maskFile(scan, { engine }));
  table(
    ['what', 's per page'],
    [
      ['PNG, 1700×600', fmt(pngSecs, 2)],
      ['scanned PDF, 3 pages (216 dpi render + OCR)', fmt(pdfSecs / 3, 2)],
      ['scanned PDF masked copy (OCR + flatten)', fmt(maskSecs / 3, 2)],
    ],
  );
  await closeEngine();
}
