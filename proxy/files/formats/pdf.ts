/**
 * PDF: each page's text layer read with pdfjs-dist, a page without one (a scan) rendered with
 * @napi-rs/canvas and read by OCR; a flattened copy is every page rendered, painted over and
 * assembled into a new PDF with pdf-lib.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import type { Canvas } from '@napi-rs/canvas';
import type { PageText, Patch, Progress } from '../../../shared/files/engine';
import { cannot } from '../../../shared/files/errors';
import type { FileLimits } from '../../../shared/files/limits';
import { DEFAULT_FILE_LIMITS } from '../../../shared/files/limits';
import type { ReadBudget } from '../budget';
import { ocr } from '../ocr';
import { paint } from '../paint';
import { pdfOfPages } from './pdf-copy';
import { pdfPageText } from './pdf-text';

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

/** Every page's text: its text layer, or OCR of the rendered page where it has (almost) none. */
export async function readPdf(bytes: Uint8Array, limits: FileLimits, budget: ReadBudget, progress: Progress | undefined): Promise<PageText[]> {
  const pages: PageText[] = [];
  const pdf = await openPdf(bytes, limits.maxPixels);
  if (pdf.numPages > limits.maxPages) cannot('too_many_pages', `the PDF has ${pdf.numPages} pages; at most ${limits.maxPages} are inspected`);
  for (let n = 1; n <= pdf.numPages; n++) {
    budget.overTime();
    const page = await pdf.getPage(n);
    let text = await pdfPageText(page);
    if (text.text.replace(/\s/g, '').length < MIN_TEXT_CHARS) {
      budget.ocrPage();
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

/** A flattened copy: every page rendered with its patches painted over, behind the statement's cover page. */
export async function flattenPdf(bytes: Uint8Array, patches: readonly Patch[][], statement: string | undefined): Promise<{ bytes: Uint8Array; mime: string }> {
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
