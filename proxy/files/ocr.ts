/**
 * OCR with tesseract.js, English data from the @tesseract.js-data/eng package (nothing is
 * downloaded). One worker per process, started on first use.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Canvas } from '@napi-rs/canvas';
import type { PageText, Progress, TextBox } from '../../shared/files/engine';
import type { ReadBudget } from './budget';

const require = createRequire(import.meta.url);

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

/** Ends the OCR worker, if one was started. */
export async function closeOcr(): Promise<void> {
  const w = worker;
  worker = undefined;
  if (w) await (await w).terminate();
}

interface OcrWord {
  text: string;
  bbox: { x0: number; y0: number; x1: number; y1: number };
}

/** OCR of one PNG: words joined by spaces and lines by newlines, each word with its box / scale. */
export async function ocr(png: Buffer, width: number, height: number, scale: number): Promise<PageText> {
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

/** Every frame of an image read by OCR, one decoded at a time, each counted against the budget. */
export async function ocrFrames(frames: ReadonlyArray<() => Promise<Canvas>>, budget: ReadBudget, progress: Progress | undefined): Promise<PageText[]> {
  const pages: PageText[] = [];
  for (const [i, frame] of frames.entries()) {
    budget.overTime();
    budget.ocrPage();
    progress?.(i, frames.length, 'OCR');
    const canvas = await frame();
    pages.push(await ocr(canvas.toBuffer('image/png'), canvas.width, canvas.height, 1));
  }
  progress?.(frames.length, frames.length, 'OCR');
  return pages;
}
