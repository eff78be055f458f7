import { strToU8, unzipSync, zipSync } from 'fflate';
import { refusal } from '../../test/helpers/refusal';
import { describe, expect, it } from 'vitest';
import { claimPacketDocx, docxText, wageReportXlsx, xlsxCells } from '../../test/helpers/office';
import { CONFIDENTIALITY_STATEMENT } from '../statement';
import { inspectFile, maskFile } from './inspect';

const FULL = [/536-?22-?1874/, /412-?68-?3390/, /078-?05-?1121/, /287-?65-?4321/, /46-?1234567/, /123456789012/, /\b021000021\b/];

function noFullIdentifier(text: string): void {
  for (const re of FULL) expect(text).not.toMatch(re);
}


function allXmlText(bytes: Uint8Array): string {
  const files = unzipSync(bytes);
  return Object.values(files)
    .map((b) => Buffer.from(b).toString('utf8'))
    .join('\n');
}

describe('text and CSV files', () => {
  it('finds an SSN in a CSV by its header and says which line and column, whatever the file is called', async () => {
    const csv = 'Claim ID,SSN,Name\n202403151,536221874,Jane Q. Public\n';
    const r = await inspectFile(strToU8(csv), { name: 'report.pdf' });
    expect(r.file.type).toBe('csv');
    const ssn = r.findings.filter((f) => f.type === 'ssn');
    expect(ssn).toHaveLength(1);
    expect(ssn[0]!.where).toEqual({ line: 2, column: 'SSN' });
    expect(r.findings.some((f) => 'column' in f.where && f.where.column === 'Claim ID')).toBe(false);
  });

  it('masks a UTF-16 text file in UTF-16, keeping its BOM, and adds the statement', async () => {
    const text = 'Claimant SSN 536-22-1874, routing 021000021.\r\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const m = await maskFile(new Uint8Array(bytes));
    expect(m.file.encoding).toBe('utf-16le');
    const out = Buffer.from(m.bytes);
    expect([...out.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const back = out.subarray(2).toString('utf16le');
    expect(back).toContain('***-*2-1874');
    expect(back).toContain(CONFIDENTIALITY_STATEMENT);
    noFullIdentifier(back);
  });

  it('reads a Latin-1 export and writes the copy back in Latin-1', async () => {
    const text = 'Número de Seguro Social: 536-22-1874 — José\n';
    const m = await maskFile(new Uint8Array(Buffer.from(text.replace('—', '-'), 'latin1')));
    expect(m.file.encoding).toBe('latin1');
    const back = Buffer.from(m.bytes).toString('latin1');
    expect(back).toContain('Número de Seguro Social: ***-*2-1874 - José');
  });

  it('keeps a CSV a CSV: only the masked digits change, no statement row is added', async () => {
    const csv = 'Name,SSN,Wages\r\nJane Q. Public,536-22-1874,"52,000.00"\r\n';
    const m = await maskFile(strToU8(csv));
    expect(Buffer.from(m.bytes).toString('utf8')).toBe('Name,SSN,Wages\r\nJane Q. Public,***-*2-1874,"52,000.00"\r\n');
  });
});

describe('DOCX', () => {
  it('finds identifiers in the body, split runs, a table, the header, footnotes and comments', async () => {
    const r = await inspectFile(await claimPacketDocx());
    expect(r.file.type).toBe('docx');
    const at = r.findings.map((f) => `${f.type}@${'part' in f.where ? f.where.part : '?'}`);
    expect(at).toEqual(
      expect.arrayContaining(['ssn@body', 'ssn@header1', 'fein@footnotes', 'ssn@comments', 'routing_number@body', 'bank_account@body']),
    );
    expect(r.findings.filter((f) => f.type === 'ssn' && 'part' in f.where && f.where.part === 'body')).toHaveLength(2);
    // The document's title (File > Info) is part of the file too.
    expect(r.findings).toContainEqual(expect.objectContaining({ type: 'ssn', where: { part: 'docProps/core.xml', paragraph: 0 } }));
  });

  it('writes a masked copy that Word readers open: last five digits kept, statement first, nothing full left in any part', async () => {
    const m = await maskFile(await claimPacketDocx());
    const text = await docxText(m.bytes);
    expect(text.trimStart().startsWith(CONFIDENTIALITY_STATEMENT.slice(0, 40))).toBe(true);
    expect(text).toContain('SSN: ***-*8-3390');
    expect(text).toContain('****51121');
    expect(text).toContain('Claimant: Jane Q. Public');
    noFullIdentifier(allXmlText(m.bytes));
    expect(allXmlText(m.bytes)).toContain('***-*2-1874');
    // Masking masked output changes nothing.
    const again = await maskFile(m.bytes);
    expect(again.statementAdded).toBe(false);
    expect(await docxText(again.bytes)).toBe(text);
  });
});

describe('XLSX', () => {
  it('counts an SSN stored as a number, and one whose leading zero Excel dropped, with sheet and cell', async () => {
    const r = await inspectFile(await wageReportXlsx());
    const cells = r.findings.filter((f) => f.type === 'ssn' || f.type === 'fein').map((f) => f.where);
    expect(cells).toEqual(
      expect.arrayContaining([
        { sheet: 'Q3 wages', cell: 'B2' },
        { sheet: 'Q3 wages', cell: 'B3' },
        { sheet: 'Q3 wages', cell: 'B4' },
        { sheet: 'Notes', cell: 'B1' },
        { sheet: 'Notes', cell: 'A3' },
      ]),
    );
    expect(r.findings.some((f) => 'cell' in f.where && f.where.cell.startsWith('C'))).toBe(false);
    // A formula's own text is swept: the cell shows 11, the formula holds an SSN.
    expect(r.findings).toContainEqual(expect.objectContaining({ type: 'ssn', where: { part: 'xl/worksheets/sheet2.xml', paragraph: 0 } }));
  });

  it('writes a workbook Excel readers open, with the identifiers masked and every other cell as it was', async () => {
    const m = await maskFile(await wageReportXlsx());
    const cells = await xlsxCells(m.bytes);
    expect(cells['Q3 wages']).toMatchObject({ B2: '****83390', B3: '****83391', B4: '***-*2-1874', C2: '202403151', D2: '12345.67', A2: 'Jane Q. Public' });
    expect(cells['Notes']).toMatchObject({ B1: '**-**34567', A3: 'spouse SSN ***-*5-4321' });
    // The statement as a last sheet of its own; masking the copy again adds no second one.
    expect(Object.keys(cells)).toEqual(['Q3 wages', 'Notes', 'Confidentiality']);
    expect(cells['Confidentiality']!['A1']).toBe(CONFIDENTIALITY_STATEMENT);
    expect(m.statementAdded).toBe(true);
    const again = await maskFile(m.bytes);
    expect(again.statementAdded).toBe(false);
    expect(Object.keys(await xlsxCells(again.bytes))).toHaveLength(3);
    noFullIdentifier(allXmlText(m.bytes).replace(/202403151|202403152|202403153/g, ''));
    expect(allXmlText(m.bytes)).toContain('LEN("***-*5-1121")');
  });
});

describe('files that cannot be inspected are never clean', () => {
  it('a zip bomb is refused by its expansion ratio', async () => {
    const pkg = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': new Uint8Array(40 * 1024 * 1024) }, { level: 9 });
    const e = await refusal(inspectFile(pkg));
    expect(e.code).toBe('zip_bomb');
    expect(e.message).toMatch(/expands \d+ times/);
  });

  it('a package that declares a small size and inflates to more is stopped at the declared size', async () => {
    const types = '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
    const pkg = zipSync({ '[Content_Types].xml': strToU8(types), 'word/document.xml': new Uint8Array(200_000).fill(0x41) }, { level: 9 });
    // Rewrite the central directory's uncompressed size of word/document.xml to 1000 bytes.
    const view = new DataView(pkg.buffer, pkg.byteOffset, pkg.byteLength);
    for (let i = pkg.length - 22; i >= 0; i--) {
      if (view.getUint32(i, true) === 0x02014b50 && Buffer.from(pkg.subarray(i + 46, i + 46 + 17)).toString() === 'word/document.xml') {
        view.setUint32(i + 24, 1000, true);
        break;
      }
    }
    const e = await refusal(inspectFile(pkg));
    expect(e.code).toBe('zip_bomb');
    expect(e.message).toMatch(/past the size it declares/);
  });

  it('a package of thousands of entries is refused by its entry count', async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 2500; i++) files[`x/${i}.xml`] = strToU8('<a/>');
    const e = await refusal(inspectFile(zipSync(files)));
    expect(e.code).toBe('zip_bomb');
    expect(e.message).toContain('2500 entries');
  });

  it('a corrupt DOCX (cut short) and an unknown binary say why', async () => {
    const docx = await claimPacketDocx();
    expect((await refusal(inspectFile(docx.subarray(0, docx.length - 400)))).code).toBe('corrupt');
    const bin = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    const e = await refusal(inspectFile(bin));
    expect(e.code).toBe('unsupported');
    expect(e.message).toContain('starts with');
  });

  it('a file over the size limit is refused with both sizes', async () => {
    const e = await refusal(inspectFile(strToU8('x'.repeat(3 * 1024 * 1024)), { limits: { maxBytes: 2 * 1024 * 1024 } }));
    expect(e.code).toBe('too_large');
    expect(e.message).toBe('the file is 3 MB; at most 2 MB are inspected');
  });

  it('a PDF or image with no reader at hand is "cannot inspect", not clean', async () => {
    const e = await refusal(inspectFile(strToU8('%PDF-1.7\n%âãÏÓ\n')));
    expect(e.code).toBe('needs_engine');
  });
});
