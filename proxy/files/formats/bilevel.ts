/** Pages as 1 bit a pixel and a multi-page bilevel TIFF of them (uncompressed, 200 dpi: a fax). */
import type { Canvas } from '@napi-rs/canvas';
import UTIF from 'utif2';

export interface Bilevel {
  width: number;
  height: number;
  bits: Uint8Array;
}

/** One page as 1 bit a pixel (an eighth of its RGBA size), so a many-page fax is never held in colour. */
export function bilevel(c: Canvas): Bilevel {
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
export function bilevelTiff(frames: readonly Bilevel[]): Uint8Array {
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
