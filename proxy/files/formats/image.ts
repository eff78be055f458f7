/** PNG and JPEG: decoded with @napi-rs/canvas and read by OCR; a flattened copy keeps the format. */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { Canvas } from '@napi-rs/canvas';
import type { Patch } from '../../../shared/files/engine';
import { cannot } from '../../../shared/files/errors';
import { paint } from '../paint';

export async function imageCanvas(bytes: Uint8Array): Promise<Canvas> {
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

/** The image with its patches painted over, as a JPEG (quality 92) or a PNG. */
export async function flattenImage(bytes: Uint8Array, type: 'png' | 'jpeg', patches: readonly Patch[][]): Promise<{ bytes: Uint8Array; mime: string }> {
  const canvas = await imageCanvas(bytes);
  paint(canvas.getContext('2d'), patches[0] ?? [], 1);
  if (type === 'jpeg') return { bytes: new Uint8Array(canvas.toBuffer('image/jpeg', 92)), mime: 'image/jpeg' };
  return { bytes: new Uint8Array(canvas.toBuffer('image/png')), mime: 'image/png' };
}
