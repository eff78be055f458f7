/** Drawing a flattened copy: masked text painted over the original, and the statement's lines. */
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { Patch } from '../../shared/files/engine';

/** Paints each patch white and draws its masked text in, fitted to the box. */
export function paint(ctx: SKRSContext2D, patches: readonly Patch[], scale: number): void {
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

/** `text` in lines no wider than `width`, each paragraph followed by an empty line. */
export function wrap(text: string, width: number, measure: (s: string) => number): string[] {
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
