/**
 * TIFF (what fax systems send and take): frames decoded with utif2 one at a time and read by OCR;
 * a flattened copy is a multi-page bilevel TIFF, the statement as its first page.
 */
import { createCanvas, ImageData } from '@napi-rs/canvas';
import type { Canvas } from '@napi-rs/canvas';
import UTIF from 'utif2';
import type { Patch } from '../../../shared/files/engine';
import { checkPixels } from '../../../shared/files/dimensions';
import { cannot } from '../../../shared/files/errors';
import type { FileLimits } from '../../../shared/files/limits';
import { limitsOf } from '../../../shared/files/limits';
import { paint, wrap } from '../paint';
import { bilevel, bilevelTiff } from './bilevel';

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

/** Each frame as a canvas, decoded only when asked for (the frames are counted and measured first). */
export function tiffCanvases(bytes: Uint8Array, limits: FileLimits): Array<() => Promise<Canvas>> {
  return tiffFrames(bytes, limits).map((f) => async () => frameCanvas(f));
}

/** A page the size of the first frame with the statement under a CONFIDENTIAL heading. */
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

export function flattenTiff(bytes: Uint8Array, patches: readonly Patch[][], statement: string | undefined): { bytes: Uint8Array; mime: string } {
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
