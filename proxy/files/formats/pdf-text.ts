/** A PDF page's text layer as text with a box per run, in the page's own units (top-left origin). */
import type { PageText, TextBox } from '../../../shared/files/engine';
import type { PDFPageProxy as PdfPage } from 'pdfjs-dist/legacy/build/pdf.mjs';

interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL?: boolean;
}

/** Runs on one line are joined (with a space where there is a gap); a run lower or higher starts a line. */
export async function pdfPageText(page: PdfPage): Promise<PageText> {
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  let text = '';
  const boxes: TextBox[] = [];
  let last: { x2: number; y: number; h: number } | undefined;
  for (const raw of content.items) {
    if (!('str' in raw)) continue;
    const item = raw as TextItem;
    const [, , c = 0, d = 0, e = 0, f = 0] = item.transform;
    const h = item.height || Math.hypot(c, d) || 10;
    const rect = viewport.convertToViewportRectangle([e, f - 0.25 * h, e + item.width, f + 0.95 * h]);
    const x = Math.min(rect[0]!, rect[2]!);
    const y = Math.min(rect[1]!, rect[3]!);
    const w = Math.abs(rect[2]! - rect[0]!);
    const bh = Math.abs(rect[3]! - rect[1]!);
    if (item.str.length > 0) {
      if (last && !text.endsWith('\n')) {
        if (Math.abs(y - last.y) > last.h * 0.5) text += '\n';
        else if (x - last.x2 > h * 0.15 && !text.endsWith(' ') && !item.str.startsWith(' ')) text += ' ';
      }
      const start = text.length;
      text += item.str;
      boxes.push({ start, end: text.length, x, y, w, h: bh });
      last = { x2: x + w, y, h: bh };
    }
    if (item.hasEOL) text += '\n';
  }
  return { text, boxes, width: viewport.width, height: viewport.height, ocr: false };
}
