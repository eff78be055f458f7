/**
 * Identifiers split over consecutive fields: a web form's three SSN boxes (`ssn1`/`ssn2`/`ssn3`,
 * `ssnArea`/`ssnGroup`/`ssnSerial`, `ssn-part1`…, one box a digit), the same parts as keys of a JSON
 * object (`{"ssn": {"area": "536", "group": "22", "serial": "1874"}}`), or an EIN's two boxes. Each
 * box alone is no identifier; together they are the full number. A run of consecutive fields, each
 * holding one to seven digits and nothing else, whose names differ only by a part word or number,
 * that makes nine digits and names an identifier (its names or its parent object say SSN, social,
 * ITIN, TIN or EIN, or its parts are area, group and serial) is that number: each box is a finding
 * of its own, which masking shows only its share of the last digits of (see Finding.followingDigits).
 *
 * `splitFieldIdentifiers` reads fields as a form gives them; `fieldIdentifiersIn` finds the fields
 * in a request body or a pasted text (JSON, `name=value&…`, `name: value` lines) and reads them the same way.
 */
import { isValidEinDigits } from './fein';
import { isValidItinDigits } from './itin';
import { isValidSsnDigits } from './ssn';
import type { Finding } from './types';

export interface Field {
  name: string;
  value: string;
}

/** A box of a split identifier: which field, where its digits are in the field's value. */
export interface FieldBox {
  index: number;
  finding: Finding;
}

/** Words that name a part of a number rather than the number. */
const PART_WORDS = new Set(['area', 'group', 'grp', 'serial', 'part', 'pt', 'box', 'seg', 'segment', 'piece', 'digit', 'digits', 'd', 'p', 'first', 'second', 'third', 'middle', 'last', 'prefix', 'suffix', 'no', 'num', 'number', 'nbr']);
const PERSON = /^(?:ssn|social|security|soc|sec|ss|itin|tin|taxpayer|seguro)$/;
const EMPLOYER = /^(?:ein|fein|employer|fedid|fed)$/;

/** A name's words: split at punctuation, digits and camelCase, lower case. */
function words(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
}

/** What a name says of the whole number, its part words taken away ("ssnArea" → "ssn"). */
function stem(name: string): Set<string> {
  return new Set(words(name).filter((w) => !PART_WORDS.has(w)));
}

/**
 * Whether two fields name the same number: their stems share a word ("ssn1 Social Security Number"
 * and "ssn2"), or neither has one beyond its part words ("area", "group").
 */
function sameNumber(a: Set<string>, b: Set<string>): boolean {
  if (a.size === 0 || b.size === 0) return a.size === b.size;
  for (const w of a) if (b.has(w)) return true;
  return false;
}

function says(name: string): 'person' | 'employer' | undefined {
  const ws = words(name);
  if (ws.some((w) => PERSON.test(w))) return 'person';
  if (ws.some((w) => EMPLOYER.test(w))) return 'employer';
  return undefined;
}

const BOX = /^\s*(\d{1,7})\s*$/;

/** Split identifiers among `fields`, in order; a field holds at most one box. */
export function splitFieldIdentifiers(fields: readonly Field[]): FieldBox[] {
  const out: FieldBox[] = [];
  const digitsOf = fields.map((f) => BOX.exec(f.value)?.[1]);
  for (let i = 0; i < fields.length; i++) {
    if (digitsOf[i] === undefined) continue;
    const s = stem(fields[i]!.name);
    let digits = '';
    let j = i;
    for (; j < fields.length && j - i < 9; j++) {
      const d = digitsOf[j];
      if (d === undefined || !sameNumber(s, stem(fields[j]!.name))) break;
      digits += d;
      if (digits.length >= 9) break;
    }
    if (digits.length !== 9 || j === i) continue;
    const group = fields.slice(i, j + 1);
    const partsNamed = group.map((f) => words(f.name).filter((w) => PART_WORDS.has(w)).join(' '));
    const areaGroupSerial = partsNamed.join('|') === 'area|group|serial';
    const kind = says(fields[i]!.name) ?? (areaGroupSerial ? 'person' : undefined);
    const type = kind === 'person' ? (isValidItinDigits(digits) ? 'itin' : isValidSsnDigits(digits) ? 'ssn' : undefined) : kind === 'employer' && isValidEinDigits(digits) ? 'fein' : undefined;
    if (!type) continue;
    let following = 9;
    for (let k = i; k <= j; k++) {
      const v = fields[k]!.value;
      const d = digitsOf[k]!;
      const start = v.indexOf(d);
      following -= d.length;
      out.push({ index: k, finding: { type, start, end: start + d.length, confidence: 'high', rule: `${type}.split_fields`, followingDigits: following } });
    }
    i = j;
  }
  return out;
}

/**
 * Each field's findings with the boxes of a split identifier added: a box where the field's own
 * reading already found something (at medium confidence or more) leaves that finding; otherwise the
 * box replaces what overlapped it. `findings[i]` are field i's.
 */
export function withFieldBoxes(fields: readonly Field[], findings: readonly Finding[][]): Finding[][] {
  const out = findings.map((f) => [...f]);
  for (const { index, finding } of splitFieldIdentifiers(fields)) {
    const own = out[index]!;
    const overlaps = (f: Finding) => f.start < finding.end && finding.start < f.end;
    if (own.some((f) => overlaps(f) && f.confidence !== 'low')) continue;
    out[index] = [...own.filter((f) => !overlaps(f)), finding].sort((a, b) => a.start - b.start);
  }
  return out;
}

/** A field found in a text: its name (a nested JSON key with its parents'), its value, where the value is. */
interface Located extends Field {
  at: number;
}

// "key": "123" or "key": 123 or "key": {  — and the braces that close nested objects.
const JSON_PAIR = /"([^"\\\n]{1,60})"\s*:\s*(?:(\{)|"(\s*\d{1,7}\s*)"|(\d{1,7})(?=\s*[,}\n]))|(\})|"(?:[^"\\\n]|\\.){0,200}"\s*:\s*(?:"(?:[^"\\\n]|\\.){0,200}"|[^,{}\s]{1,40})/g;
// name=value pairs of a form body or query (value digits only; anything else ends a run).
const FORM_PAIR = /(?:^|[&?\n])([A-Za-z_][\w.[\]%-]{0,60})=([^&\n]{0,40})/g;
// "name: value" lines, as a form is printed or dumped.
const LINE_PAIR = /^[ \t]*(?:>[ \t]*)*([A-Za-z][\w .()#/-]{0,40}?)[ \t]*:[ \t]*([^\n]{0,40})$/gm;

/** Fields as JSON keys, `name=value` pairs or `name: value` lines, in order of position. */
function fieldsOf(text: string): Located[][] {
  const runs: Located[][] = [];
  if (text.includes('"')) {
    const json: Located[] = [];
    const parents: string[] = [];
    JSON_PAIR.lastIndex = 0;
    for (let m = JSON_PAIR.exec(text); m; m = JSON_PAIR.exec(text)) {
      if (m[5]) {
        parents.pop();
        continue;
      }
      if (m[1] === undefined) {
        // Another key and value: it ends a run of boxes.
        json.push({ name: '', value: '', at: m.index });
        continue;
      }
      if (m[2]) {
        parents.push(m[1]);
        continue;
      }
      const value = m[3] ?? m[4]!;
      json.push({ name: [...parents, m[1]].join(' '), value, at: m.index + m[0].length - value.length - (m[3] !== undefined ? 1 : 0) });
    }
    if (json.length > 1) runs.push(json);
  }
  if (text.includes('=')) {
    const form: Located[] = [];
    FORM_PAIR.lastIndex = 0;
    for (let m = FORM_PAIR.exec(text); m; m = FORM_PAIR.exec(text)) {
      let name = m[1]!;
      try {
        name = decodeURIComponent(name);
      } catch {
        // as it is
      }
      form.push({ name, value: m[2]!, at: m.index + m[0].length - m[2]!.length });
    }
    if (form.length > 1) runs.push(form);
  }
  if (text.includes('/T')) {
    // A PDF form's fields as FDF writes them (ISO 32000-1 §12.7.8): "/T (ClaimantSSN1) /V (508)".
    const fdf: Located[] = [];
    FDF_PAIR.lastIndex = 0;
    for (let m = FDF_PAIR.exec(text); m; m = FDF_PAIR.exec(text)) fdf.push({ name: m[1]!, value: m[2]!, at: m.index + m[0].length - m[2]!.length - 1 });
    if (fdf.length > 1) runs.push(fdf);
  }
  if (text.includes(':')) {
    const lines: Located[] = [];
    let lastEnd = -1;
    LINE_PAIR.lastIndex = 0;
    for (let m = LINE_PAIR.exec(text); m; m = LINE_PAIR.exec(text)) {
      // Lines that are not next to each other are not one form.
      if (lastEnd >= 0 && text.slice(lastEnd, m.index).trim() !== '') lines.push({ name: '', value: '', at: m.index });
      lines.push({ name: m[1]!, value: m[2]!, at: m.index + m[0].length - m[2]!.length });
      lastEnd = m.index + m[0].length;
    }
    if (lines.length > 1) runs.push(lines);
  }
  return runs;
}

const FDF_PAIR = /\/T\s*\(([^()\n]{1,60})\)\s*\/V\s*\(([^()\n]{0,60})\)/g;

/** A short run of digits as a field's value: where a box may be (also an FDF value, "/V (508)"). */
const SHORT_VALUE = /(?:[=:]\s*"?|\/V\s*\()\s*\d{1,7}\s*(?:"?\s*(?:[,&}\n]|$)|\))/g;
/** Words a box's name says (the number it is part of, or a part of a number). */
const CUE_WORDS = new Set(['ssn', 'social', 'itin', 'tin', 'taxpayer', 'seguro', 'ein', 'fein', 'area']);

/**
 * A cheap test that a text may hold boxes as fields: a short run of digits as a value, after a name
 * that says what it is part of. Only such a text is read field by field.
 */
function mayHoldBoxes(text: string): boolean {
  SHORT_VALUE.lastIndex = 0;
  for (let m = SHORT_VALUE.exec(text); m; m = SHORT_VALUE.exec(text)) {
    if (words(text.slice(Math.max(0, m.index - 40), m.index)).some((w) => CUE_WORDS.has(w))) return true;
  }
  return false;
}

/** Split identifiers among the fields of a text (JSON, a form body, `name: value` lines), as findings of the text. */
export function fieldIdentifiersIn(text: string): Finding[] {
  if (!mayHoldBoxes(text)) return [];
  const out: Finding[] = [];
  for (const run of fieldsOf(text)) {
    for (const box of splitFieldIdentifiers(run)) {
      const at = run[box.index]!.at;
      out.push({ ...box.finding, start: at + box.finding.start, end: at + box.finding.end });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
