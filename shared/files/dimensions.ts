/**
 * The pixel size of every frame of an image, read from its headers before anything decodes it: a
 * 74-byte PNG may declare 100,000 × 100,000 pixels, and a decoder asked for that allocates (or
 * aborts the process). Sizes above the budget are refused here, so no decoder ever sees them.
 */
import { cannot } from './errors';
import type { FileLimits } from './limits';

export interface Frame {
  width: number;
  height: number;
}

const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;

function need(b: Uint8Array, end: number, what: string): void {
  if (end > b.length) cannot('corrupt', `the ${what} ends before its header does`);
}

/** PNG: the IHDR chunk comes first (PNG spec, 11.2.2): width and height, 4 bytes each, big-endian. */
export function pngFrames(b: Uint8Array): Frame[] {
  need(b, 24, 'PNG');
  const type = String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!);
  if (type !== 'IHDR') cannot('corrupt', 'the PNG does not start with its IHDR header');
  return [{ width: u32be(b, 16), height: u32be(b, 20) }];
}

/**
 * JPEG: the frame header (SOF0–SOF15 but DHT, JPG and DAC; ITU T.81 B.2.2) holds height then width,
 * 2 bytes each. Segments before it are skipped by their lengths.
 */
export function jpegFrames(b: Uint8Array): Frame[] {
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) cannot('corrupt', 'the JPEG has a broken segment before its frame header');
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    // Markers without a length: TEM, RST0–7, SOI, EOI.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
      at += 2;
      continue;
    }
    const length = u16be(b, at + 2);
    if (length < 2) cannot('corrupt', 'the JPEG has a segment of impossible length');
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      need(b, at + 9, 'JPEG');
      const height = u16be(b, at + 5);
      const width = u16be(b, at + 7);
      // A height of 0 is given later by a DNL marker, after the data: refuse rather than guess.
      if (height === 0 || width === 0) cannot('corrupt', 'the JPEG does not state its size in its frame header');
      return [{ width, height }];
    }
    if (marker === 0xda) break; // scan data before any frame header
    at += 2 + length;
  }
  cannot('corrupt', 'the JPEG has no frame header');
}

/** TIFF (TIFF 6.0, section 2): a chain of IFDs, each with ImageWidth (256) and ImageLength (257). */
export function tiffFrames(b: Uint8Array, maxFrames: number): Frame[] {
  need(b, 8, 'TIFF');
  const little = b[0] === 0x49;
  const u16 = (at: number) => (little ? b[at]! | (b[at + 1]! << 8) : u16be(b, at));
  const u32 = (at: number) => (little ? (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + ((b[at + 3]! << 24) >>> 0) : u32be(b, at));
  const frames: Frame[] = [];
  const seen = new Set<number>();
  let ifd = u32(4);
  while (ifd !== 0) {
    if (seen.has(ifd)) cannot('corrupt', 'the TIFF’s pages point back at each other');
    seen.add(ifd);
    need(b, ifd + 2, 'TIFF');
    const count = u16(ifd);
    need(b, ifd + 2 + count * 12 + 4, 'TIFF');
    let width = 0;
    let height = 0;
    for (let i = 0; i < count; i++) {
      const e = ifd + 2 + i * 12;
      const tag = u16(e);
      if (tag !== 256 && tag !== 257) continue;
      const type = u16(e + 2);
      const value = type === 3 ? u16(e + 8) : type === 4 ? u32(e + 8) : 0;
      if (tag === 256) width = value;
      else height = value;
    }
    if (width === 0 || height === 0) cannot('corrupt', 'a TIFF page does not state its size');
    frames.push({ width, height });
    if (frames.length > maxFrames) cannot('too_many_pages', `the TIFF has more than ${maxFrames} pages; at most ${maxFrames} are inspected`);
    ifd = u32(ifd + 2 + count * 12);
  }
  if (frames.length === 0) cannot('corrupt', 'the TIFF has no pages');
  return frames;
}

export function imageFrames(bytes: Uint8Array, type: 'png' | 'jpeg' | 'tiff', limits: FileLimits): Frame[] {
  if (type === 'png') return pngFrames(bytes);
  if (type === 'jpeg') return jpegFrames(bytes);
  return tiffFrames(bytes, limits.maxPages);
}

const megapixels = (n: number) => `${Math.round(n / 1e5) / 10} megapixels`;

/** Refuses a page above the per-page budget, or frames that together exceed the file's budget. */
export function checkPixels(frames: readonly Frame[], limits: FileLimits): void {
  let total = 0;
  for (const [i, f] of frames.entries()) {
    const pixels = f.width * f.height;
    if (pixels > limits.maxPixels) {
      const which = frames.length > 1 ? `page ${i + 1} of the image` : 'the image';
      cannot('too_large', `${which} is ${f.width} × ${f.height} pixels (${megapixels(pixels)}); at most ${megapixels(limits.maxPixels)} a page are inspected`);
    }
    total += pixels;
  }
  if (total > limits.maxTotalPixels) {
    cannot('too_large', `the image's pages hold ${megapixels(total)} in all; at most ${megapixels(limits.maxTotalPixels)} are inspected`);
  }
}
