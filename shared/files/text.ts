/**
 * Plain text and CSV/TSV: decoded by their BOM (UTF-8, UTF-16 LE/BE), else as UTF-8 when the bytes
 * are valid UTF-8, else as Latin-1 (Windows exports). The masked copy is written back in the same
 * encoding with the same BOM, so only the masked digits differ.
 */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  bom: boolean;
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8', bom: true };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', bom: true };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', bom: true };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', bom: false };
  } catch {
    return { text: new TextDecoder('latin1').decode(bytes), encoding: 'latin1', bom: false };
  }
}

export function encodeText(text: string, encoding: TextEncoding, bom: boolean): Uint8Array {
  if (encoding === 'utf-8') {
    const body = new TextEncoder().encode(text);
    if (!bom) return body;
    const out = new Uint8Array(body.length + 3);
    out.set([0xef, 0xbb, 0xbf]);
    out.set(body, 3);
    return out;
  }
  if (encoding === 'latin1') {
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      out[i] = c <= 0xff ? c : 0x3f;
    }
    return out;
  }
  const head = bom ? 2 : 0;
  const out = new Uint8Array(head + text.length * 2);
  const le = encoding === 'utf-16le';
  if (bom) out.set(le ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[head + 2 * i] = le ? c & 0xff : c >> 8;
    out[head + 2 * i + 1] = le ? c >> 8 : c & 0xff;
  }
  return out;
}

/** True when the text reads as text: no NULs and almost no control characters. */
export function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return true;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  const n = Math.min(bytes.length, 64 * 1024);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return false;
    if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  return control / n < 0.01;
}

/** A delimited table: several lines whose count of commas, semicolons or tabs agrees. */
export function delimiterOf(text: string): ',' | '\t' | ';' | undefined {
  const lines = text.split(/\r?\n/, 21).filter((l) => l.trim() !== '').slice(0, 20);
  if (lines.length < 2) return undefined;
  for (const d of ['\t', ',', ';'] as const) {
    const counts = lines.map((l) => fieldsOf(l, d).length - 1);
    const first = counts[0]!;
    if (first >= 1 && counts.filter((c) => c === first).length >= Math.ceil(lines.length * 0.8)) return d;
  }
  return undefined;
}

/** The fields of one CSV line (quotes honoured within the line), with their start offsets. */
export function fieldsOf(line: string, delimiter: string): { start: number; value: string }[] {
  const out: { start: number; value: string }[] = [];
  let i = 0;
  while (i <= line.length) {
    const start = i;
    let value = '';
    if (line[i] === '"') {
      i++;
      while (i < line.length) {
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line[i++];
      }
      while (i < line.length && line[i] !== delimiter) value += line[i++];
    } else {
      while (i < line.length && line[i] !== delimiter) value += line[i++];
    }
    out.push({ start, value });
    i++;
  }
  return out;
}
