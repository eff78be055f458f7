/**
 * Fixed-width wage-record files, the bulk format of state wage reporting: identifiers and wages
 * sit at fixed columns, touching names and record letters, so they are read by position.
 *  - SSA EFW2 (Specifications for Filing Forms W-2 Electronically, SSA Pub. 42-007), 512-byte
 *    records: RA 3–11 submitter EIN; RE 8–16 employer EIN; RW 3–11 SSN, 188–198 wages, tips and
 *    other compensation, 210–220 social security wages, 232–242 Medicare wages and tips, 254–264
 *    social security tips; RS 10–18 SSN, 203–213 state quarterly total gross wages, 214–224 state
 *    quarterly UI total wages.
 *  - ICESA (Interstate Conference of Employment Security Agencies format), 275-byte records:
 *    A 6–14 transmitter EIN; E 6–14 employer EIN; S 2–10 SSN, 64–77 state UI total wages.
 * Columns are 1-based in the specifications; the table below is 0-based, end exclusive.
 */
import { emit } from './state';
import type { RecordField, ScanState } from './state';
import type { FindingType } from './types';

export type { RecordField } from './state';

interface Layout {
  /** The record identifier at the start of the line. */
  id: string;
  /** Shortest line that can be this record (trailing blanks are often trimmed). */
  minLength: number;
  fields: Array<[FindingType, number, number]>;
}

const LAYOUTS: Layout[] = [
  { id: 'RA', minLength: 100, fields: [['fein', 2, 11]] },
  { id: 'RE', minLength: 100, fields: [['fein', 7, 16]] },
  { id: 'RW', minLength: 60, fields: [['ssn', 2, 11], ['wage', 187, 198], ['wage', 209, 220], ['wage', 231, 242], ['wage', 253, 264]] },
  { id: 'RS', minLength: 60, fields: [['ssn', 9, 18], ['wage', 202, 213], ['wage', 213, 224]] },
  { id: 'A', minLength: 60, fields: [['fein', 5, 14]] },
  { id: 'E', minLength: 60, fields: [['fein', 5, 14]] },
  { id: 'S', minLength: 40, fields: [['ssn', 1, 10], ['wage', 63, 77]] },
  // RT 3–9 the number of RW records (a count); 10–24 wages, tips and other compensation, 40–54
  // social security wages, 70–84 Medicare wages and tips (the employer's totals); the taxes between are not wages.
  { id: 'RT', minLength: 84, fields: [['wage', 9, 24], ['wage', 39, 54], ['wage', 69, 84]] },
];

/** Where an S record's money fields may start: states print the blank filler before them a few columns wider or narrower. */
const S_MONEY_FROM = 55;
const S_MONEY_TO = 70;
/** An S record's money fields, 14 digits each: gross, UI total, UI excess, UI taxable, SDI taxable and tip wages. */
const S_MONEY_FIELDS = 6;
const S_FIELD = 14;

/**
 * The fields of the wage record on the line [lineStart, lineEnd), or none. A line is a record
 * only when its identifier field holds nine digits and the line is long enough; ICESA's one-letter
 * records also need a payment year (A, E) or a name after the SSN (S).
 */
export function recordFields(text: string, lineStart: number, lineEnd: number): RecordField[] {
  const c0 = text.charCodeAt(lineStart);
  if (c0 !== 82 && c0 !== 65 && c0 !== 69 && c0 !== 83) return [];
  const len = lineEnd - lineStart;
  for (const l of LAYOUTS) {
    if (len < l.minLength || !text.startsWith(l.id, lineStart)) continue;
    const [type0, s, e] = l.fields[0]!;
    if (type0 !== 'wage' && !/^\d{9}$/.test(text.slice(lineStart + s, lineStart + e))) continue;
    // A totals record's count of employee records comes first.
    if (l.id === 'RT' && !/^\d{7}$/.test(text.slice(lineStart + 2, lineStart + 9))) continue;
    if ((l.id === 'A' || l.id === 'E') && !/^(19|20)\d\d$/.test(text.slice(lineStart + 1, lineStart + 5))) continue;
    if (l.id === 'S' && !/^[A-Za-z]/.test(text.slice(lineStart + 10, lineStart + 11))) continue;
    const out: RecordField[] = [];
    const fields = l.id === 'S' ? icesaMoney(text, lineStart, lineEnd, l.fields) : l.fields;
    for (const [type, fs, fe] of fields) {
      if (lineStart + fe > lineEnd) continue;
      const v = text.slice(lineStart + fs, lineStart + fe);
      if (type === 'wage') {
        // Money fields are right-justified and zero-filled, in cents; all zeros is no wage.
        if (!/^\d+$/.test(v) || /^0+$/.test(v)) continue;
      } else if (!/^\d{9}$/.test(v) || /^0{9}$/.test(v)) continue;
      out.push({ type, start: lineStart + fs, end: lineStart + fe });
    }
    return out;
  }
  return [];
}

/**
 * An S record's SSN, then its money fields read from where their run of digits starts (a state's
 * layout may shift them a column or two: 62–75 or 64–77 for the gross wages), 14 digits each.
 */
function icesaMoney(text: string, lineStart: number, lineEnd: number, fixed: Layout['fields']): Layout['fields'] {
  const head = text.slice(lineStart + S_MONEY_FROM, Math.min(lineEnd, lineStart + S_MONEY_TO + 2 * S_FIELD));
  const run = /\d{28,}/.exec(head);
  if (!run || run.index > S_MONEY_TO - S_MONEY_FROM) return fixed;
  const from = S_MONEY_FROM + run.index;
  const out: Layout['fields'] = [fixed[0]!];
  for (let i = 0; i < S_MONEY_FIELDS; i++) out.push(['wage', from + i * S_FIELD, from + (i + 1) * S_FIELD]);
  return out;
}

/** The scan enters the line holding `pos`: its record fields, if it is a wage record, wait to come out in order. */
export function enterLine(s: ScanState, pos: number): void {
  const t = s.text;
  let start = t.lastIndexOf('\n', pos - 1) + 1;
  // A record forwarded in a quoted reply ("> RW283117640…") starts after the quote marks.
  while (t.charCodeAt(start) === 62 && start < pos) start += t.charCodeAt(start + 1) === 32 ? 2 : 1;
  let end = t.indexOf('\n', pos);
  if (end < 0) end = t.length;
  s.lineEnd = end;
  const fields = recordFields(t, start, end > start && t.charCodeAt(end - 1) === 13 ? end - 1 : end);
  if (fields.length) s.pending = fields;
}

/** Reports the waiting record fields that start at or before `upTo`, unless a reported value covers them. */
export function flushRecords(s: ScanState, upTo: number): void {
  while (s.pending.length && s.pending[0]!.start <= upTo) {
    const f = s.pending.shift()!;
    if (f.start < s.consumedTo) continue;
    s.consumedTo = f.end;
    emit(s, f.type, f.start, f.end, 'high', `${f.type}.wage_record`);
  }
}
