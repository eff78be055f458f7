/**
 * Office fixtures written by independent, maintained writers (docx, exceljs) and read back by
 * independent readers (mammoth, exceljs), so that the inspector is measured against files as
 * Word and Excel tools produce them, not against its own idea of the format.
 */
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  FootnoteReferenceRun,
  CommentRangeStart,
  CommentRangeEnd,
  CommentReference,
} from 'docx';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';

export async function claimPacketDocx(): Promise<Uint8Array> {
  const doc = new Document({
    // Properties Word shows only in File > Info, but the file carries.
    title: 'Claim packet for SSN 536-22-1874',
    creator: 'Intake desk',
    comments: {
      children: [{ id: 0, author: 'Reviewer', date: new Date('2026-11-02T10:00:00Z'), children: [new Paragraph('Spouse SSN 287-65-4321 to verify')] }],
    },
    footnotes: { 1: { children: [new Paragraph('Employer EIN 46-1234567 on file.')] } },
    sections: [
      {
        headers: { default: new Header({ children: [new Paragraph('Claim packet — claimant SSN 536-22-1874')] }) },
        footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun('Page footer')] })] }) },
        children: [
          new Paragraph({ children: [new TextRun('Claimant: Jane Q. Public')] }),
          // The SSN split across three runs, as Word does after an edit or a spell check.
          new Paragraph({
            children: [new TextRun('SSN: 412-'), new TextRun({ text: '68-', bold: true }), new TextRun('3390'), new FootnoteReferenceRun(1)],
          }),
          new Paragraph({ children: [new CommentRangeStart(0), new TextRun('See the note.'), new CommentRangeEnd(0), new CommentReference(0)] }),
          new Table({
            rows: [
              new TableRow({ children: [new TableCell({ children: [new Paragraph('Name')] }), new TableCell({ children: [new Paragraph('SSN')] })] }),
              new TableRow({ children: [new TableCell({ children: [new Paragraph('John R. Doe')] }), new TableCell({ children: [new Paragraph('078051121')] })] }),
            ],
          }),
          new Paragraph('Routing 021000021, account 123456789012.'),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

export async function docxText(bytes: Uint8Array): Promise<string> {
  return (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
}

export async function wageReportXlsx(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet('Q3 wages');
  s.addRow(['Employee', 'SSN', 'Claim ID', 'Wages']);
  s.addRow(['Jane Q. Public', 412683390, 202403151, 12345.67]); // the SSN stored as a number
  s.addRow(['John R. Doe', 12683391, 202403152, 8000]); // a leading zero Excel dropped
  s.addRow(['Ann B. Lee', '536-22-1874', 202403153, 9100]);
  const t = wb.addWorksheet('Notes');
  t.getCell('A1').value = 'Employer EIN';
  t.getCell('B1').value = { formula: '"46-"&"1234567"', result: '46-1234567' };
  t.getCell('A3').value = { richText: [{ text: 'spouse SSN 287-' }, { font: { bold: true }, text: '65-4321' }] };
  // A formula whose own text holds an SSN, though what the cell shows does not.
  t.getCell('A5').value = { formula: 'LEN("078-05-1121")', result: 11 };
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Every cell of every sheet as text, read by exceljs. */
export async function xlsxCells(bytes: Uint8Array): Promise<Record<string, Record<string, string>>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const out: Record<string, Record<string, string>> = {};
  wb.eachSheet((sheet) => {
    const cells: Record<string, string> = {};
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value as unknown;
        const text =
          v && typeof v === 'object' && 'richText' in (v as object)
            ? (v as { richText: { text: string }[] }).richText.map((r) => r.text).join('')
            : v && typeof v === 'object' && 'result' in (v as object)
              ? String((v as { result: unknown }).result)
              : String(v);
        cells[cell.address] = text;
      }),
    );
    out[sheet.name] = cells;
  });
  return out;
}
