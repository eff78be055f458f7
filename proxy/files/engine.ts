/**
 * The Node document engine: each format read and flattened by its own module (formats/pdf.ts,
 * formats/tiff.ts, formats/image.ts), scanned pages and images read by OCR (ocr.ts, one worker per
 * process, started on first use). Any failure that is not already a reason is "corrupt".
 */
import type { DocumentEngine, Progress } from '../../shared/files/engine';
import { cannot, CannotInspect } from '../../shared/files/errors';
import { readBudget } from './budget';
import { flattenImage, imageCanvas } from './formats/image';
import { flattenPdf, readPdf } from './formats/pdf';
import { flattenTiff, tiffCanvases } from './formats/tiff';
import { closeOcr, ocrFrames } from './ocr';

/** Ends the OCR worker (the CLI calls this so the process can exit). */
export async function closeEngine(): Promise<void> {
  await closeOcr();
}

export function nodeEngine(): DocumentEngine {
  return {
    async readPages(bytes, type, limits, progress?: Progress) {
      const budget = readBudget(limits);
      try {
        if (type === 'pdf') return await readPdf(bytes, limits, budget, progress);
        const frames = type === 'tiff' ? tiffCanvases(bytes, limits) : [() => imageCanvas(bytes)];
        return await ocrFrames(frames, budget, progress);
      } catch (e) {
        if (e instanceof CannotInspect) throw e;
        cannot('corrupt', `the ${type.toUpperCase()} cannot be read (${(e as Error).message})`);
      }
    },

    async flatten(bytes, type, patches, statement) {
      if (type === 'pdf') return flattenPdf(bytes, patches, statement);
      if (type === 'tiff') return flattenTiff(bytes, patches, statement);
      return flattenImage(bytes, type, patches);
    },
  };
}
