/**
 * What PDFs and images need beyond pure code: a PDF reader and renderer, OCR, and image codecs.
 * The proxy and the CLI supply a Node engine (pdfjs-dist, tesseract.js, @napi-rs/canvas,
 * pdf-lib); without one, such a file is "cannot inspect", never clean.
 */
import type { FileLimits } from './limits';

/** A box on a page, in the page's own units (PDF points, image pixels), top-left origin. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A run of page text and the box it is drawn in. `start`/`end` are offsets in the page's text. */
export interface TextBox extends Box {
  start: number;
  end: number;
  /** The box is the ink of the glyphs (OCR), not the font's line box (a text layer). */
  ink?: boolean;
}

export interface PageText {
  text: string;
  boxes: TextBox[];
  width: number;
  height: number;
  /** The text came from OCR (a scanned page or an image). */
  ocr: boolean;
}

/** One box to paint over and the text to draw in its place (the masked run). */
export interface Patch extends Box {
  text: string;
  ink?: boolean;
}

export interface Progress {
  (done: number, total: number, what: string): void;
}

export interface DocumentEngine {
  /** Every page's text: a PDF's text layer (OCR where a page has none), an image's frames by OCR. */
  readPages(bytes: Uint8Array, type: 'pdf' | 'png' | 'jpeg' | 'tiff', limits: FileLimits, progress?: Progress): Promise<PageText[]>;
  /**
   * A flattened copy: each page rendered to pixels, the patches painted over and their masked text
   * drawn in, so that no layer of the copy holds the original digits. `statement`, when given, is
   * a cover page (PDF and TIFF).
   */
  flatten(
    bytes: Uint8Array,
    type: 'pdf' | 'png' | 'jpeg' | 'tiff',
    patches: readonly Patch[][],
    statement: string | undefined,
  ): Promise<{ bytes: Uint8Array; mime: string }>;
}
