/** A flattened PDF assembled with pdf-lib: page images only, after a cover page with the statement. */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { wrap } from '../paint';

export async function pdfOfPages(pages: { png: Buffer; width: number; height: number }[], statement: string | undefined): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setProducer('Disclosure Guard');
  doc.setCreator('Disclosure Guard');
  if (statement) {
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const bold = await doc.embedFont(StandardFonts.HelveticaBold);
    const first = pages[0] ?? { width: 612, height: 792 };
    const cover = doc.addPage([first.width, first.height]);
    const margin = 54;
    let y = first.height - margin - 14;
    cover.drawText('CONFIDENTIAL', { x: margin, y, size: 14, font: bold });
    y -= 28;
    for (const line of wrap(statement, first.width - 2 * margin, (s) => font.widthOfTextAtSize(s, 11))) {
      if (line) cover.drawText(line, { x: margin, y, size: 11, font });
      y -= 15;
    }
  }
  for (const p of pages) {
    const img = await doc.embedPng(p.png);
    const page = doc.addPage([p.width, p.height]);
    page.drawImage(img, { x: 0, y: 0, width: p.width, height: p.height });
  }
  return doc.save({ useObjectStreams: true });
}
