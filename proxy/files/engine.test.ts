import { refusal } from '../../test/helpers/refusal';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectFile, maskFile } from '../../shared/files/inspect';
import { encryptedPdf, faxTiff, scannedPdf, scannedPng, textPdf } from '../../test/helpers/scans';
import { closeEngine, nodeEngine } from './engine';

const engine = nodeEngine();
afterAll(() => closeEngine());


async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const out: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const c = await (await pdf.getPage(n)).getTextContent();
    out.push(c.items.map((i) => ('str' in i ? i.str : '')).join(' '));
  }
  return out;
}

describe('PDF text layer', () => {
  it('finds identifiers on every page and says which page and line', async () => {
    const pdf = await textPdf([['Claim packet', 'Claimant: Jane Q. Public'], ['Employer', 'SSN: 536-22-1874', 'EIN 46-1234567']]);
    const r = await inspectFile(pdf, { engine });
    expect(r.file).toMatchObject({ type: 'pdf', pages: 2 });
    expect(r.findings.map((f) => [f.type, f.where])).toEqual([
      ['ssn', { page: 2, line: 2 }],
      ['fein', { page: 2, line: 3 }],
    ]);
  });

  it('a flattened copy has no text layer left, shows the last five digits, and a cover page with the statement', async () => {
    const pdf = await textPdf([['SSN: 536-22-1874', 'Claimant: Jane Q. Public']]);
    const m = await maskFile(pdf, { engine });
    expect(m.statementAdded).toBe(true);
    const text = await pdfText(m.bytes);
    expect(text).toHaveLength(2);
    expect(text[0]).toContain('CONFIDENTIAL');
    expect(text[1]!.trim()).toBe('');
    // What a reader sees on the page (read back by OCR): masked, last five digits kept.
    const seen = await inspectFile(m.bytes, { engine });
    expect(seen.file.ocrPages).toBe(1);
    const all = JSON.stringify(seen);
    expect(all).not.toContain('536-22-1874');
    expect(seen.findings.filter((f) => f.type === 'ssn')).toHaveLength(0);
  });

  it('reads a 200-page PDF and refuses one past the page limit', async () => {
    const pages = Array.from({ length: 200 }, (_, i) => [`Page ${i + 1}`, i === 150 ? 'SSN 536-22-1874' : 'nothing here']);
    const pdf = await textPdf(pages);
    const r = await inspectFile(pdf, { engine });
    expect(r.file.pages).toBe(200);
    expect(r.findings.map((f) => f.where)).toEqual([{ page: 151, line: 2 }]);
    const e = await refusal(inspectFile(pdf, { engine, limits: { maxPages: 100 } }));
    expect(e.code).toBe('too_many_pages');
    expect(e.message).toBe('the PDF has 200 pages; at most 100 are inspected');
  });

  it('an encrypted PDF is "cannot inspect: encrypted"', async () => {
    const e = await refusal(inspectFile(encryptedPdf(), { engine }));
    expect(e.code).toBe('encrypted');
  });

  it('a damaged PDF says it cannot be read', async () => {
    const e = await refusal(inspectFile(new Uint8Array(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF garbage')), { engine }));
    expect(e.code).toBe('corrupt');
  });
});

describe('scans by OCR', () => {
  it('reads a scanned PDF page that has no text layer', async () => {
    const pdf = await scannedPdf([['Fax cover', 'Claimant SSN 536-22-1874']]);
    const r = await inspectFile(pdf, { engine });
    expect(r.file.ocrPages).toBe(1);
    expect(r.findings.filter((f) => f.type === 'ssn').map((f) => f.where)).toEqual([{ page: 1, line: 2 }]);
  });

  it('reads every page of a three-page fax TIFF and writes a flattened fax TIFF with a cover page', async () => {
    const tiff = faxTiff([['Fax to: Benefits unit'], ['Claimant: Jane Q. Public', 'SSN 536-22-1874'], ['Employer EIN 46-1234567']]);
    const r = await inspectFile(tiff, { engine });
    expect(r.file).toMatchObject({ type: 'tiff', pages: 3, ocrPages: 3 });
    expect(r.findings.map((f) => [f.type, 'page' in f.where ? f.where.page : 0])).toEqual([
      ['ssn', 2],
      ['fein', 3],
    ]);
    const m = await maskFile(tiff, { engine });
    expect(m.mime).toBe('image/tiff');
    const again = await inspectFile(m.bytes, { engine });
    expect(again.file.pages).toBe(4);
    expect(JSON.stringify(again)).not.toMatch(/536-22-1874|46-1234567/);
    expect(again.findings.filter((f) => f.type === 'ssn' || f.type === 'fein')).toHaveLength(0);
  }, 60_000);

  it('masks a PNG in place: the SSN is painted over and redrawn with only its last five digits', async () => {
    const png = scannedPng(['Claimant SSN 536-22-1874', 'Weekly benefit amount $450.00']);
    const m = await maskFile(png, { engine });
    expect(m.mime).toBe('image/png');
    const pages = await engine.readPages(m.bytes, 'png', (await import('../../shared/files/limits')).limitsOf());
    expect(pages[0]!.text).not.toMatch(/536.?22/);
    expect(pages[0]!.text).toContain('1874');
    expect(pages[0]!.text).toContain('Weekly benefit amount $450.00');
  });
});
