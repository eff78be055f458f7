/**
 * The Node document engine: PDF text layers with pdfjs-dist, OCR of scanned pages and images with
 * tesseract.js (English data from the @tesseract.js-data/eng package, nothing downloaded), pages
 * rendered with @napi-rs/canvas, TIFF frames with utif2, and flattened copies assembled with
 * pdf-lib. One OCR worker per process, started on first use.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { createCanvas, ImageData, loadImage } from '@napi-rs/canvas';
import type { Canvas, SKRSContext2D } from '@napi-rs/canvas';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import UTIF from 'utif2';
import type { DocumentEngine, PageText, Patch, Progress, TextBox } from '../../shared/files/engine';
import { cannot, CannotInspect } from '../../shared/files/errors';
import type { FileLimits } from '../../shared/files/limits';
import { DEFAULT_FILE_LIMITS, limitsOf } from '../../shared/files/limits';
import { checkPixels } from '../../shared/files/dimensions';

const require = createRequire(import.meta.url);

/** Pages are rendered at 144 dpi for flattened copies and at 216 dpi for OCR. */
const FLATTEN_SCALE = 2;
const OCR_SCALE = 3;
/**
 * A rendered page is at most this many pixels (a US Legal page at 300 dpi is 12.6 million): a page
 * that declares a larger size is rendered at a lower resolution rather than refused.
 */
const RENDER_PIXELS = 16_000_000;
/** A page with less text than this is treated as scanned and read by OCR. */
const MIN_TEXT_CHARS = 8;

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsPromise: Promise<Pdfjs> | undefined;
function pdfjs(): Promise<Pdfjs> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsPromise;
}

const pdfjsRoot = path.dirname(require.resolve('pdfjs-dist/package.json'));

async function openPdf(bytes: Uint8Array, maxPixels: number) {
  const lib = await pdfjs();
  const task = lib.getDocument({
    data: new Uint8Array(bytes),
    // An embedded image larger than a page may be is not decoded (it renders blank).
    maxImageSize: maxPixels,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
    standardFontDataUrl: path.join(pdfjsRoot, 'standard_fonts') + path.sep,
    cMapUrl: path.join(pdfjsRoot, 'cmaps') + path.sep,
    cMapPacked: true,
  });
  try {
    return await task.promise;
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'PasswordException') cannot('encrypted', 'the PDF is encrypted (it needs a password to open)');
    cannot('corrupt', `the PDF cannot be read (${(e as Error).message})`);
  }
}

// ---- OCR -------------------------------------------------------------------------------------

type OcrWorker = Awaited<ReturnType<typeof import('tesseract.js').createWorker>>;
let worker: Promise<OcrWorker> | undefined;

function ocrWorker(): Promise<OcrWorker> {
  worker ??= (async () => {
    const { createWorker } = await import('tesseract.js');
    const langPath = path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0');
    return createWorker('eng', 1, { langPath, gzip: true, cacheMethod: 'none' });
  })();
  return worker;
}

/** Ends the OCR worker (the CLI calls this so the process can exit). */
export async function closeEngine(): Promise<void> {
  const w = worker;
  worker = undefined;
  if (w) await (await w).terminate();
}

interface OcrWord {
  text: string;
  bbox: { x0: number; y0: number; x1: number; y1: number };
}

/** OCR of one PNG: words joined by spaces and lines by newlines, each word with its box / scale. */
async function ocr(png: Buffer, width: number, height: number, scale: number): Promise<PageText> {
  const w = await ocrWorker();
  const r = await w.recognize(png, {}, { blocks: true, text: false });
  let text = '';
  const boxes: TextBox[] = [];
  for (const block of r.data.blocks ?? []) {
    for (const para of block.paragraphs) {
      for (const line of para.lines) {
        const words = line.words as OcrWord[];
        words.forEach((word, i) => {
          if (i > 0) text += ' ';
          const start = text.length;
          text += word.text;
          const b = word.bbox;
          boxes.push({ start, end: text.length, x: b.x0 / scale, y: b.y0 / scale, w: (b.x1 - b.x0) / scale, h: (b.y1 - b.y0) / scale, ink: true });
        });
        text += '\n';
      }
      text += '\n';
    }
  }
  return { text, boxes, width, height, ocr: true };
}

// ---- pages -----------------------------------------------------------------------------------

type PdfPage = Awaited<ReturnType<Awaited<ReturnType<typeof openPdf>>['getPage']>>;

/**
 * Renders a page at `scale`, or smaller when the page is so large that the budget would be passed
 * (a PDF page may declare 200 × 200 inches): the text is still read, at a lower resolution.
 */
async function renderPdfPage(page: PdfPage, wanted: number, maxPixels: number): Promise<Canvas> {
  const unit = page.getViewport({ scale: 1 });
  const budget = Math.min(maxPixels, RENDER_PIXELS);
  const scale = Math.min(wanted, Math.sqrt(budget / Math.max(1, unit.width * unit.height)));
  const viewport = page.getViewport({ scale });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvasContext: ctx as unknown as CanvasRenderingContext2D, viewport, canvas: canvas as unknown as HTMLCanvasElement }).promise;
  return canvas;
}

interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL?: boolean;
}

async function pdfPageText(page: PdfPage): Promise<PageText> {
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

interface TiffFrame {
  width: number;
  height: number;
  /** Decodes this frame only: one frame's pixels are held at a time. */
  rgba(): Uint8Array;
}

/** A TIFF's frames, measured against the pixel budget from their IFDs before any is decoded. */
function tiffFrames(bytes: Uint8Array, limits: FileLimits): TiffFrame[] {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let ifds: ReturnType<typeof UTIF.decode>;
  try {
    ifds = UTIF.decode(buffer);
  } catch (e) {
    cannot('corrupt', `the TIFF cannot be read (${(e as Error).message})`);
  }
  const pages = ifds.filter((ifd) => ifd['t256'] !== undefined);
  if (pages.length > limits.maxPages) cannot('too_many_pages', `the TIFF has ${pages.length} pages; at most ${limits.maxPages} are inspected`);
  const sizes = pages.map((ifd) => ({ width: Number((ifd['t256'] as number[])[0]), height: Number((ifd['t257'] as number[] | undefined)?.[0] ?? 0) }));
  checkPixels(sizes, limits);
  return pages.map((ifd, i) => ({
    ...sizes[i]!,
    rgba() {
      try {
        UTIF.decodeImage(buffer, ifd);
      } catch (e) {
        cannot('corrupt', `a TIFF page cannot be decoded (${(e as Error).message})`);
      }
      const rgba = UTIF.toRGBA8(ifd);
      // The decoded pixels stay on the IFD otherwise.
      delete (ifd as { data?: unknown }).data;
      return rgba;
    },
  }));
}

function frameCanvas(frame: TiffFrame): Canvas {
  const rgba = frame.rgba();
  const canvas = createCanvas(frame.width, frame.height);
  const ctx = canvas.getContext('2d');
  ctx.putImageData(new ImageData(new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.byteLength), frame.width, frame.height), 0, 0);
  return canvas;
}

async function imageCanvas(bytes: Uint8Array): Promise<Canvas> {
  let img: Awaited<ReturnType<typeof loadImage>>;
  try {
    img = await loadImage(Buffer.from(bytes));
  } catch (e) {
    cannot('corrupt', `the image cannot be decoded (${(e as Error).message})`);
  }
  const canvas = createCanvas(img.width, img.height);
  canvas.getContext('2d').drawImage(img, 0, 0);
  return canvas;
}

// ---- flattening ------------------------------------------------------------------------------

/** Paints each patch white and draws its masked text in, fitted to the box. */
function paint(ctx: SKRSContext2D, patches: readonly Patch[], scale: number): void {
  for (const p of patches) {
    const x = p.x * scale;
    const y = p.y * scale;
    const w = Math.max(1, p.w * scale);
    const h = Math.max(1, p.h * scale);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(x - 1, y - 1, w + 2, h + 2);
    ctx.fillStyle = '#000000';
    // An OCR box is the ink of the glyphs (digits are about 0.72 em tall, sitting on the baseline);
    // a text-layer box is the line box (1.2 em, baseline at 0.8 of it).
    const size = Math.max(6, p.ink ? h / 0.72 : h * 0.78);
    ctx.font = `${size}px sans-serif`;
    ctx.textBaseline = 'alphabetic';
    const measured = ctx.measureText(p.text).width || 1;
    ctx.save();
    ctx.translate(x, p.ink ? y + h : y + h * 0.8);
    if (measured > w) ctx.scale(w / measured, 1);
    ctx.fillText(p.text, 0, 0);
    ctx.restore();
  }
}

function wrap(text: string, width: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  for (const para of text.split(/\n+/)) {
    let line = '';
    for (const word of para.split(/\s+/)) {
      const next = line ? `${line} ${word}` : word;
      if (measure(next) > width && line) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    if (line) lines.push(line);
    lines.push('');
  }
  return lines;
}

async function pdfOfPages(pages: { png: Buffer; width: number; height: number }[], statement: string | undefined): Promise<Uint8Array> {
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

function statementCanvas(width: number, height: number, statement: string): Canvas {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#000000';
  const size = Math.max(12, Math.round(width / 60));
  const margin = width / 12;
  ctx.font = `bold ${Math.round(size * 1.3)}px sans-serif`;
  let y = margin + size * 1.3;
  ctx.fillText('CONFIDENTIAL', margin, y);
  y += size * 2.2;
  ctx.font = `${size}px sans-serif`;
  for (const line of wrap(statement, width - 2 * margin, (s) => ctx.measureText(s).width)) {
    if (line) ctx.fillText(line, margin, y);
    y += size * 1.4;
  }
  return canvas;
}

interface Bilevel {
  width: number;
  height: number;
  bits: Uint8Array;
}

/** One page as 1 bit a pixel (an eighth of its RGBA size), so a many-page fax is never held in colour. */
function bilevel(c: Canvas): Bilevel {
    const { data, width, height } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    const rowBytes = Math.ceil(width / 8);
    const bits = new Uint8Array(rowBytes * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        const lum = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
        // WhiteIsZero: a set bit is black.
        if (lum < 128) bits[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
      }
    }
    return { width, height, bits };
}

/** A multi-page bilevel TIFF (what fax systems send and take), uncompressed. */
function bilevelTiff(frames: readonly Bilevel[]): Uint8Array {
  const ifdsAt = (offsets: number[]) =>
    frames.map((f, i) => ({
      t254: [2],
      t256: [f.width],
      t257: [f.height],
      t258: [1],
      t259: [1],
      t262: [0],
      t273: [offsets[i] ?? 0],
      t277: [1],
      t278: [f.height],
      t279: [f.bits.length],
      t282: [[200, 1]],
      t283: [[200, 1]],
      t296: [2],
      t297: [i, frames.length],
    }));
  const headerLength = new Uint8Array(UTIF.encode(ifdsAt(frames.map(() => 0)) as never)).length;
  const offsets: number[] = [];
  let at = (headerLength + 3) & ~3;
  for (const f of frames) {
    offsets.push(at);
    at += f.bits.length;
  }
  const header = new Uint8Array(UTIF.encode(ifdsAt(offsets) as never));
  const out = new Uint8Array(at);
  out.set(header);
  frames.forEach((f, i) => out.set(f.bits, offsets[i]!));
  return out;
}

export function nodeEngine(): DocumentEngine {
  return {
    async readPages(bytes, type, limits, progress?: Progress) {
      const deadline = Date.now() + limits.maxMillis;
      const pages: PageText[] = [];
      let ocrPages = 0;
      const overTime = () => {
        if (Date.now() > deadline) cannot('too_slow', `reading the file took longer than ${Math.round(limits.maxMillis / 1000)} s`);
      };
      const ocrBudget = () => {
        if (++ocrPages > limits.maxOcrPages) cannot('too_many_pages', `more than ${limits.maxOcrPages} pages need OCR; at most ${limits.maxOcrPages} are read`);
      };
      try {
        if (type === 'pdf') {
          const pdf = await openPdf(bytes, limits.maxPixels);
          if (pdf.numPages > limits.maxPages) cannot('too_many_pages', `the PDF has ${pdf.numPages} pages; at most ${limits.maxPages} are inspected`);
          for (let n = 1; n <= pdf.numPages; n++) {
            overTime();
            const page = await pdf.getPage(n);
            let text = await pdfPageText(page);
            if (text.text.replace(/\s/g, '').length < MIN_TEXT_CHARS) {
              ocrBudget();
              progress?.(n - 1, pdf.numPages, 'OCR');
              const canvas = await renderPdfPage(page, OCR_SCALE, limits.maxPixels);
              const read = await ocr(canvas.toBuffer('image/png'), text.width, text.height, canvas.width / text.width);
              // Keep whatever text layer there was as well (a stamp, a page number).
              text = read.text.trim().length > 0 ? read : { ...read, text: text.text + read.text };
            }
            pages.push(text);
            progress?.(n, pdf.numPages, 'page');
            page.cleanup();
          }
          await pdf.destroy();
          return pages;
        }
        const frames: Array<() => Promise<Canvas>> =
          type === 'tiff' ? tiffFrames(bytes, limits).map((f) => async () => frameCanvas(f)) : [() => imageCanvas(bytes)];
        for (const [i, frame] of frames.entries()) {
          overTime();
          ocrBudget();
          progress?.(i, frames.length, 'OCR');
          const canvas = await frame();
          pages.push(await ocr(canvas.toBuffer('image/png'), canvas.width, canvas.height, 1));
        }
        progress?.(frames.length, frames.length, 'OCR');
        return pages;
      } catch (e) {
        if (e instanceof CannotInspect) throw e;
        cannot('corrupt', `the ${type.toUpperCase()} cannot be read (${(e as Error).message})`);
      }
    },

    async flatten(bytes, type, patches, statement) {
      if (type === 'pdf') {
        const pdf = await openPdf(bytes, DEFAULT_FILE_LIMITS.maxPixels);
        const pages: { png: Buffer; width: number; height: number }[] = [];
        for (let n = 1; n <= pdf.numPages; n++) {
          const page = await pdf.getPage(n);
          const canvas = await renderPdfPage(page, FLATTEN_SCALE, DEFAULT_FILE_LIMITS.maxPixels);
          const vp = page.getViewport({ scale: 1 });
          paint(canvas.getContext('2d'), patches[n - 1] ?? [], canvas.width / vp.width);
          pages.push({ png: canvas.toBuffer('image/png'), width: vp.width, height: vp.height });
          page.cleanup();
        }
        await pdf.destroy();
        return { bytes: await pdfOfPages(pages, statement), mime: 'application/pdf' };
      }
      if (type === 'tiff') {
        // The pages were counted against the limits when the file was read; one is painted at a time.
        const frames = tiffFrames(bytes, limitsOf({ maxPages: Number.MAX_SAFE_INTEGER, maxTotalPixels: Number.MAX_SAFE_INTEGER }));
        const out = frames.map((f, i) => {
          const c = frameCanvas(f);
          paint(c.getContext('2d'), patches[i] ?? [], 1);
          return bilevel(c);
        });
        const first = frames[0]!;
        const all = statement ? [bilevel(statementCanvas(first.width, first.height, statement)), ...out] : out;
        return { bytes: bilevelTiff(all), mime: 'image/tiff' };
      }
      const canvas = await imageCanvas(bytes);
      paint(canvas.getContext('2d'), patches[0] ?? [], 1);
      if (type === 'jpeg') return { bytes: new Uint8Array(canvas.toBuffer('image/jpeg', 92)), mime: 'image/jpeg' };
      return { bytes: new Uint8Array(canvas.toBuffer('image/png')), mime: 'image/png' };
    },
  };
}
