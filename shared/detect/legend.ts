/**
 * Fixed-width records whose layout the text itself gives: a payroll vendor's note ("positions 1-9
 * SSN, 10-29 name, 30-40 gross wages (cents)"), a legend under an extract ("FIELDS: SSN(1-9)
 * LAST(10-23) GROSS(30-38, cents)"), a record description pasted above a sample ("pos 1 ID | 2-10
 * SSN | …"). A field's position is its label: each record line near the legend is read by it, so an
 * SSN glued to a name and wages in cents without a point are found where the legend says they are.
 *
 * Work: one pass of a small pattern over the text; records are read only near a legend.
 */
import { C, categoriesIn } from './context';
import { isValidEinDigits } from './fein';
import { isValidItinDigits } from './itin';
import { isValidSsnDigits } from './ssn';
import type { Finding, FindingType } from './types';

/** "SSN(1-9)", "GROSS(30-38, cents)": a name, then its positions in brackets. */
const NAME_THEN_RANGE = /([A-Za-z][A-Za-z /_.-]{0,30}?)\s*\(\s*(\d{1,3})\s*[-–]\s*(\d{1,3})\s*(?:,[^)\n]{0,20})?\)/g;
/** "1-9 SSN", "positions 10-29 name", "30-40 gross wages (cents": positions, then a name. */
const RANGE_THEN_NAME = /(?<![\d.,/:-])(\d{1,3})\s*[-–]\s*(\d{1,3})\s*[:=]?\s+([A-Za-z][A-Za-z /_.]{1,40}?)(?=\s*(?:[,|;(\n]|$))/gm;
/** A legend lists at least this many fields. */
const MIN_FIELDS = 3;
/** How far from a legend its records may be. */
const NEAR_LINES = 30;
const MAX_RECORD = 1024;
/** Money words of a field name in a wage file's layout ("GROSS", "taxable", "UI excess"). */
const MONEY_FIELD = /\b(?:gross|taxable|excess|wages?|earnings|pay|net|salary|tips?)\b/i;

interface Field {
  type: FindingType;
  /** 0-based, end exclusive, from the record's first character. */
  start: number;
  end: number;
}

/** Identifiers and wages in fixed-width records read by the layout a legend in the text gives. */
export function legendIdentifiers(t: string): Finding[] {
  const legends = findLegends(t);
  if (legends.length === 0) return [];
  const out: Finding[] = [];
  for (const { at, fields } of legends) readRecords(t, at, fields, out);
  out.sort((a, b) => a.start - b.start);
  return out.filter((f, i) => i === 0 || f.start >= out[i - 1]!.end);
}

/** Each line that lists a layout, with the fields a finding can be of. */
function findLegends(t: string): Array<{ at: number; fields: Field[] }> {
  const byLine = new Map<number, Array<{ name: string; from: number; to: number }>>();
  const add = (index: number, name: string, from: string, to: string) => {
    // Bounded: a legend's line is read from at most MAX_RECORD characters back.
    const head = t.slice(Math.max(0, index - MAX_RECORD), index);
    const ls = index - head.length + head.lastIndexOf('\n') + 1;
    const list = byLine.get(ls) ?? [];
    list.push({ name, from: +from, to: +to });
    byLine.set(ls, list);
  };
  // Only the lines that can hold a legend are read with the field patterns: one with a field's
  // bracketed positions ("SSN(1-9)"), or one that speaks of positions or columns.
  for (const [ls, le] of legendLines(t)) {
    const line = t.slice(ls, le);
    NAME_THEN_RANGE.lastIndex = 0;
    for (let m = NAME_THEN_RANGE.exec(line); m; m = NAME_THEN_RANGE.exec(line)) add(ls + m.index, m[1]!, m[2]!, m[3]!);
    RANGE_THEN_NAME.lastIndex = 0;
    if (POSITION_WORD.test(line)) for (let m = RANGE_THEN_NAME.exec(line); m; m = RANGE_THEN_NAME.exec(line)) add(ls + m.index, m[3]!, m[1]!, m[2]!);
  }
  const out: Array<{ at: number; fields: Field[] }> = [];
  for (const [at, list] of byLine) {
    if (list.length < MIN_FIELDS) continue;
    const fields: Field[] = [];
    for (const { name, from, to } of list) {
      if (from < 1 || to < from || to > MAX_RECORD) continue;
      const type = fieldType(name, to - from + 1);
      if (type) fields.push({ type, start: from - 1, end: to });
    }
    if (fields.length) out.push({ at, fields });
  }
  return out;
}

/** A line that may list a layout. */
const LEGEND_CUE = /\(\s*\d{1,3}\s*[-–]\s*\d{1,3}\s*[,)]|(?<![A-Za-z])(?:positions?|pos\.|columns?|cols\.?)\s*\d|(?<![A-Za-z])pos\s+\d/gi;
const POSITION_WORD = /\b(?:positions?|pos\.?|columns?|cols\.?)\s*\d|\|\s*\d{1,3}\s*[-–]\s*\d{1,3}\s/i;

/** The lines [start, end) holding a legend cue, each once, bounded to MAX_RECORD characters. */
function legendLines(t: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  LEGEND_CUE.lastIndex = 0;
  for (let m = LEGEND_CUE.exec(t); m; m = LEGEND_CUE.exec(t)) {
    const head = t.slice(Math.max(0, m.index - MAX_RECORD), m.index);
    const ls = m.index - head.length + head.lastIndexOf('\n') + 1;
    const le = Math.min(lineEnd(t, m.index), ls + 2 * MAX_RECORD);
    if (out.length && out[out.length - 1]![0] === ls) continue;
    out.push([ls, le]);
    LEGEND_CUE.lastIndex = le;
  }
  return out;
}

function fieldType(name: string, width: number): FindingType | null {
  const c = categoriesIn(name);
  if (c & (C.SSN | C.ITIN | C.TAXID) && width === 9) return 'ssn';
  if (c & C.FEIN && width === 9) return 'fein';
  if (c & (C.MONEY_OTHER | C.DOB | C.DATE_OTHER | C.ID_OTHER) || /\b(?:tax|hours?|hrs|weeks?|wks)\b/i.test(name) && !/taxable/i.test(name)) return null;
  if (c & C.BENEFIT) return 'ui_benefit';
  if (c & C.WAGE || MONEY_FIELD.test(name)) return width >= 3 ? 'wage' : null;
  return null;
}

/** Reads the lines within NEAR_LINES of the legend at `at` as records of its fields. */
function readRecords(t: string, at: number, fields: Field[], out: Finding[]): void {
  const legendEnd = lineEnd(t, at);
  let from = at;
  for (let k = 0; k < NEAR_LINES && from > 0; k++) from = t.lastIndexOf('\n', from - 2) + 1;
  let to = legendEnd;
  for (let k = 0; k < NEAR_LINES && to < t.length; k++) to = lineEnd(t, to + 1);
  const anchor = fields.find((f) => f.type === 'ssn' || f.type === 'fein');
  for (let ls = from; ls < to; ls = lineEnd(t, ls) + 1) {
    if (ls === at) continue;
    const le = lineEnd(t, ls);
    if (le - ls > MAX_RECORD) continue;
    // A record carries its identifier where the legend says, or it is no record of this layout.
    if (anchor && !identifierAt(t, ls, le, anchor)) continue;
    for (const f of fields) {
      if (ls + f.end > le) continue;
      const v = t.slice(ls + f.start, ls + f.end);
      if (!/^\d+$/.test(v)) continue;
      if (f.type === 'ssn' || f.type === 'fein') {
        const type = identifierType(v, f.type);
        if (type) out.push({ type, start: ls + f.start, end: ls + f.end, confidence: 'high', rule: `${type}.layout` });
      } else if (/[1-9]/.test(v)) out.push({ type: f.type, start: ls + f.start, end: ls + f.end, confidence: 'high', rule: `${f.type}.layout` });
    }
  }
}

function identifierAt(t: string, ls: number, le: number, f: Field): boolean {
  if (ls + f.end > le) return false;
  const v = t.slice(ls + f.start, ls + f.end);
  return /^\d{9}$/.test(v) && identifierType(v, f.type) !== null && !/\d/.test(t[ls + f.start - 1] ?? '');
}

function identifierType(v: string, type: FindingType): FindingType | null {
  if (type === 'fein') return isValidEinDigits(v) ? 'fein' : null;
  return isValidItinDigits(v) ? 'itin' : isValidSsnDigits(v) ? 'ssn' : null;
}

function lineEnd(t: string, pos: number): number {
  const e = t.indexOf('\n', pos);
  return e < 0 ? t.length : e;
}
