/**
 * PDF and image fixtures made the way real ones are: text PDFs written by pdf-lib with the
 * standard fonts, scanned pages as pictures of text (no text layer), fax TIFFs as several frames,
 * and a password-protected PDF with the Standard security handler's encryption dictionary.
 */
import { createCanvas } from '@napi-rs/canvas';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import UTIF from 'utif2';

export async function textPdf(pages: string[][]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = doc.addPage([612, 792]);
    lines.forEach((line, i) => page.drawText(line, { x: 72, y: 720 - i * 18, size: 12, font }));
  }
  return doc.save();
}

/** A page of a scan: black text on white at about 200 dpi (a fax's fine mode). */
export function scannedPage(lines: string[], width = 1700, height = 2200) {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#000000';
  ctx.font = '42px sans-serif';
  lines.forEach((line, i) => ctx.fillText(line, 150, 260 + i * 80));
  return canvas;
}

export function scannedPng(lines: string[]): Uint8Array {
  return new Uint8Array(scannedPage(lines, 1700, 600).toBuffer('image/png'));
}

export async function scannedPdf(pages: string[][]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (const lines of pages) {
    const png = await doc.embedPng(scannedPage(lines).toBuffer('image/png'));
    const page = doc.addPage([612, 792]);
    page.drawImage(png, { x: 0, y: 0, width: 612, height: 792 });
  }
  return doc.save();
}

/** A multi-page RGB TIFF, one frame per page. */
export function faxTiff(pages: string[][]): Uint8Array {
  const frames = pages.map((lines) => {
    const c = scannedPage(lines, 1700, 1100);
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    const rgb = new Uint8Array(c.width * c.height * 3);
    for (let i = 0, j = 0; i < data.length; i += 4, j += 3) {
      rgb[j] = data[i]!;
      rgb[j + 1] = data[i + 1]!;
      rgb[j + 2] = data[i + 2]!;
    }
    return { w: c.width, h: c.height, rgb };
  });
  const ifds = (offsets: number[]) =>
    frames.map((f, i) => ({ t256: [f.w], t257: [f.h], t258: [8, 8, 8], t259: [1], t262: [2], t273: [offsets[i] ?? 0], t277: [3], t278: [f.h], t279: [f.rgb.length], t284: [1], t297: [i, frames.length] }));
  const head = new Uint8Array(UTIF.encode(ifds(frames.map(() => 0)) as never)).length;
  const offsets: number[] = [];
  let at = (head + 3) & ~3;
  for (const f of frames) {
    offsets.push(at);
    at += f.rgb.length;
  }
  const out = new Uint8Array(at);
  out.set(new Uint8Array(UTIF.encode(ifds(offsets) as never)));
  frames.forEach((f, i) => out.set(f.rgb, offsets[i]!));
  return out;
}

/**
 * A PDF that needs a user password: a Standard security handler dictionary (V 1, R 2, RC4) whose
 * /U entry is not the one the empty password gives, so no reader opens it without the password.
 */
export function encryptedPdf(): Uint8Array {
  const hex = (n: number) => Array.from({ length: n }, (_, i) => ((i * 37 + 11) % 256).toString(16).padStart(2, '0')).join('');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
    '<< /Length 8 >>\nstream\n\x8a\x11\x93\x04\x51\xe2\x7f\x30\nendstream',
    `<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <${hex(32)}> /U <${hex(32).split('').reverse().join('')}> >>`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 5 0 R /ID [<${hex(16)}> <${hex(16)}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, 'latin1'));
}
