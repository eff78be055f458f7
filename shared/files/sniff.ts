/**
 * The type of a file from its first bytes, never from its name: a CSV renamed to .pdf is a CSV,
 * and a spreadsheet renamed to .txt is a spreadsheet.
 */
import { cannot } from './errors';
import { looksLikeText } from './text';

export type Sniffed = 'zip' | 'pdf' | 'png' | 'jpeg' | 'tiff' | 'text' | 'ole' | 'unknown';

function starts(b: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (b.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[at + i] !== sig[i]) return false;
  return true;
}

export function sniff(bytes: Uint8Array): Sniffed {
  if (starts(bytes, [0x50, 0x4b, 0x03, 0x04]) || starts(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  // %PDF may follow a little junk (the format allows up to 1024 bytes before it).
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (head.includes('%PDF-')) return 'pdf';
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts(bytes, [0x49, 0x49, 0x2a, 0x00]) || starts(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (starts(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (looksLikeText(bytes)) return 'text';
  return 'unknown';
}

export function describeUnknown(kind: Sniffed, bytes: Uint8Array): never {
  if (kind === 'ole') {
    cannot('unsupported', 'the file is a legacy Office document or an encrypted Office file (save it as DOCX or XLSX)');
  }
  const hex = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  cannot('unsupported', `the file's type is not one that can be inspected (it starts with ${hex || 'nothing'})`);
}
