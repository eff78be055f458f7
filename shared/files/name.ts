/**
 * A file's name as it may be shown or sent on: no folders, at most 120 characters, and no
 * identifier in it — staff name files after claimants ("536-22-1874 packet.pdf"), so every run of
 * seven or more digits, with or without separators, keeps only its last four.
 */
import { maskText } from '../mask';

export function safeFileName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const base = name.replace(/^.*[\\/]/, '').normalize('NFKC').replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 120);
  const masked = maskText(base).text;
  // A run masked to its last five (an SSN) keeps only four here too.
  return masked.replace(/[\d*](?:[\s._-]?[\d*]){6,}/g, (run) => {
    let keep = 4;
    let out = '';
    for (let i = run.length - 1; i >= 0; i--) {
      const ch = run[i]!;
      if (ch >= '0' && ch <= '9') out = (keep-- > 0 ? ch : '*') + out;
      else out = ch + out;
    }
    return out;
  });
}

/** The name of a masked copy: `masked-` before the safe name. */
export function maskedFileName(name: string | undefined, ext: string): string {
  const safe = safeFileName(name) ?? `file.${ext}`;
  return `masked-${safe}`;
}
