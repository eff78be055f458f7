// Validates a hand-written evaluation set's case files: format, substrings, occurrences, identifier validity.
// Usage: node test/corpus/tools/check-set.mjs DIR   (each set's check.mjs runs it on its own folder; exit 1 on any error)
// Identifiers are judged on what they stand for: percent-encoding is decoded first (%2D, %20, +), a value
// written in words ("five one two dash oh seven...", "cinco uno dos") is read word by word, and anything
// else is read with the OCR letter table. A value split into separate fields (ssn1=512&ssn2=07&ssn3=3394)
// is written in src as ⟦ssn#g:512⟧ ⟦ssn#g:07⟧ ⟦ssn#g:3394⟧; the jsonl keeps one plain expectation per box,
// and this script reads the group tags back from src/*.txt and validates the boxes of a group together.
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = process.argv[2] ?? dirname(fileURLToPath(import.meta.url));
const TYPES = new Set(['ssn', 'itin', 'fein', 'routing_number', 'bank_account', 'dob', 'wage', 'ui_benefit']);
const KEYS = new Set(['id', 'source', 'reason', 'text', 'expect']);
const FEIN_PREFIXES = new Set(('01 02 03 04 05 06 10 11 12 13 14 15 16 20 21 22 23 24 25 26 27 30 31 32 33 34 35 36 37 38 39 ' +
  '40 41 42 43 44 45 46 47 48 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65 66 67 68 71 72 73 74 75 76 77 ' +
  '80 81 82 83 84 85 86 87 88 90 91 92 93 94 95 98 99').split(' '));
// OCR'd values keep the letters the scanner produced; validity is judged on what they stand for.
const OCR = { O: '0', o: '0', D: '0', Q: '0', l: '1', I: '1', i: '1', S: '5', s: '5', B: '8', Z: '2', z: '2', G: '6', b: '6', g: '9', T: '7' };
const ocrDigits = (v) => [...v].map((c) => (/\d/.test(c) ? c : OCR[c] ?? '')).join('');
const DIGIT_WORDS = {
  zero: '0', oh: '0', o: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7',
  eight: '8', nine: '9', cero: '0', uno: '1', un: '1', dos: '2', tres: '3', cuatro: '4', cinco: '5',
  seis: '6', siete: '7', ocho: '8', nueve: '9',
};
// separators and a speaker's fillers are skipped when reading a dictated value
const SEPARATOR_WORDS = new Set(['dash', 'hyphen', 'guion', 'guión', 'raya', 'space', 'and', 'then', 'y', 'um', 'uh', 'er', 'eh', 'este']);
const REPEAT_WORDS = { double: 2, triple: 3, doble: 2 };
const isWordForm = (v) => v.toLowerCase().split(/[\s,.;:-]+/).some((t) => (t in DIGIT_WORDS && t !== 'o') || t in REPEAT_WORDS || (SEPARATOR_WORDS.has(t) && t.length > 2));
// Reads a dictated or spelled-out identifier; returns null when a token is neither a digit word, a digit
// string, a repeat word nor a separator word.
function wordDigits(v) {
  let out = '', repeat = 1;
  for (const t of v.toLowerCase().split(/[\s,.;:-]+/).filter(Boolean)) {
    if (t in REPEAT_WORDS) { repeat = REPEAT_WORDS[t]; continue; }
    let d;
    if (/^\d+$/.test(t)) d = t;
    else if (t in DIGIT_WORDS) d = DIGIT_WORDS[t];
    else if (SEPARATOR_WORDS.has(t)) continue;
    else return null;
    out += d[0].repeat(repeat) + d.slice(1);
    repeat = 1;
  }
  return out;
}
function decodePercent(v) {
  if (!/%[0-9A-Fa-f]{2}/.test(v)) return v;
  try { return decodeURIComponent(v.replace(/\+/g, ' ')); } catch { return v; }
}
// The digits an identifier value stands for, or null when it cannot be read.
function digitsOf(v) {
  const plain = decodePercent(v);
  if (isWordForm(plain)) return wordDigits(plain);
  return ocrDigits(plain);
}
// Amounts and dates may be spelled out in a transcript ("four hundred and twelve", "May third, nineteen ninety").
const NUMBER_WORD = /\b(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|cien|ciento|doscientos|trescientos|cuatrocientos|quinientos|seiscientos|setecientos|ochocientos|novecientos|mil|veinte|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa)\b/i;
const MONTH = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)/i;
// Group tags (⟦type#group:value⟧) per case id, in marker order, read back from src/*.txt.
function srcMarks() {
  const dir = join(here, 'src');
  const byId = new Map();
  let names = [];
  try { names = readdirSync(dir).filter((f) => f.endsWith('.txt')); } catch { return byId; }
  const MARK = /⟦([a-z_]+)(?:#([a-z0-9]+))?:([^⟧]*)⟧/g;
  for (const f of names) {
    for (const b of readFileSync(join(dir, f), 'utf8').split(/^=== /m).slice(1)) {
      const id = b.slice(0, b.indexOf('\n')).trim();
      byId.set(id, [...b.matchAll(MARK)].map((m) => ({ type: m[1], group: m[2] ?? null, value: m[3] })));
    }
  }
  return byId;
}
const marksById = srcMarks();

function positions(text, value) {
  const p = [];
  let i = text.indexOf(value);
  while (i !== -1) { p.push(i); i = text.indexOf(value, i + 1); }
  return p;
}
function ssnProblem(d) {
  if (d.length !== 9) return `SSN has ${d.length} digits`;
  const a = +d.slice(0, 3), g = d.slice(3, 5), s = d.slice(5);
  if (a === 0 || a === 666 || a >= 900) return 'SSN area invalid';
  if (g === '00') return 'SSN group 00';
  if (s === '0000') return 'SSN serial 0000';
  if (d === '123456789' || d === '078051120') return 'SSN is a known example number';
  return null;
}
function itinProblem(d) {
  if (d.length !== 9) return `ITIN has ${d.length} digits`;
  if (d[0] !== '9') return 'ITIN does not start with 9';
  const g = +d.slice(3, 5);
  const ok = (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || (g >= 94 && g <= 99);
  return ok ? null : `ITIN group ${d.slice(3, 5)} invalid`;
}
function feinProblem(d) {
  if (d.length !== 9) return `FEIN has ${d.length} digits`;
  return FEIN_PREFIXES.has(d.slice(0, 2)) ? null : `FEIN prefix ${d.slice(0, 2)} not a campus prefix`;
}
function abaProblem(d) {
  if (d.length !== 9) return `routing number has ${d.length} digits`;
  const w = [3, 7, 1];
  let s = 0;
  for (let i = 0; i < 9; i++) s += +d[i] * w[i % 3];
  return s % 10 === 0 ? null : 'routing number fails ABA checksum';
}
function accountProblem(d) {
  return d.length >= 4 && d.length <= 17 ? null : `account has ${d.length} digits`;
}
const idCheck = { ssn: ssnProblem, itin: itinProblem, fein: feinProblem, routing_number: abaProblem, bank_account: accountProblem };

const errors = [];
const ids = new Set();
const perFile = {}, perType = {};
let total = 0, negatives = 0;
const files = readdirSync(here).filter((f) => f.endsWith('.jsonl')).sort();
if (!files.length) errors.push('no .jsonl files');
for (const f of files) {
  const lines = readFileSync(join(here, f), 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  perFile[f] = { cases: 0, negatives: 0 };
  lines.forEach((line, n) => {
    const where = `${f}:${n + 1}`;
    let c;
    try { c = JSON.parse(line); } catch (e) { errors.push(`${where}: invalid JSON (${e.message})`); return; }
    const err = (m) => errors.push(`${where} ${c.id ?? ''}: ${m}`);
    for (const k of Object.keys(c)) if (!KEYS.has(k)) err(`unknown key ${k}`);
    for (const k of ['id', 'source', 'reason', 'text']) if (typeof c[k] !== 'string' || !c[k].trim()) err(`${k} missing or empty`);
    if (!Array.isArray(c.expect)) { err('expect is not an array'); return; }
    if (ids.has(c.id)) err('duplicate id');
    ids.add(c.id);
    total++; perFile[f].cases++;
    if (c.expect.length === 0) { negatives++; perFile[f].negatives++; }
    const spans = [];
    const marks = marksById.get(c.id);
    if (!marks) err('case not found in src/*.txt (rebuild)');
    else if (marks.length !== c.expect.length || marks.some((m, i) => m.type !== c.expect[i]?.type || m.value !== c.expect[i]?.value)) err('src markers and expect differ (rebuild)');
    const groups = new Map();
    c.expect.forEach((e, i) => {
      const g = marks?.[i]?.group;
      if (!g) return;
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g).push(e);
    });
    for (const [g, boxes] of groups) {
      if (boxes.length < 2) { err(`split group ${g} has one box`); continue; }
      if (new Set(boxes.map((b) => b.type)).size > 1) { err(`split group ${g} mixes types`); continue; }
      if (!idCheck[boxes[0].type]) { err(`split group ${g} is not an identifier type`); continue; }
      const parts = boxes.map((b) => digitsOf(b.value));
      if (parts.some((d, i) => d === null || !d.length || d.length !== boxes[i].value.replace(/[\s-]/g, '').length && !isWordForm(boxes[i].value)))
        err(`split group ${g} has a box that is not all digits: ${JSON.stringify(boxes.map((b) => b.value))}`);
      const p = idCheck[boxes[0].type](parts.join(''));
      if (p) err(`split group ${g}: ${p}: ${JSON.stringify(boxes.map((b) => b.value))}`);
    }
    const grouped = new Set([...groups.values()].flat());
    for (const e of c.expect) {
      for (const k of Object.keys(e)) if (!['type', 'value', 'occurrence'].includes(k)) err(`unknown expect key ${k}`);
      if (!TYPES.has(e.type)) { err(`unknown type ${e.type}`); continue; }
      if (typeof e.value !== 'string' || !e.value) { err('empty value'); continue; }
      perType[e.type] = (perType[e.type] ?? 0) + 1;
      const pos = positions(c.text, e.value);
      if (!pos.length) { err(`value not in text: ${JSON.stringify(e.value)}`); continue; }
      let at;
      if (e.occurrence === undefined) {
        if (pos.length > 1) err(`value occurs ${pos.length} times but has no occurrence: ${JSON.stringify(e.value)}`);
        at = pos[0];
      } else {
        if (!Number.isInteger(e.occurrence) || e.occurrence < 1) err('occurrence must be a positive integer');
        else if (pos.length === 1) err('occurrence given for a value that occurs once');
        else if (e.occurrence > pos.length) err(`occurrence ${e.occurrence} > ${pos.length} matches`);
        at = pos[e.occurrence - 1];
      }
      if (at !== undefined) {
        for (const s of spans) if (at < s.end && s.start < at + e.value.length) err(`overlapping expectations at ${at}`);
        spans.push({ start: at, end: at + e.value.length });
      }
      if (idCheck[e.type] && !grouped.has(e)) {
        const d = digitsOf(e.value);
        const p = d === null ? 'value cannot be read as digits' : idCheck[e.type](d);
        if (p) err(`${p}: ${JSON.stringify(e.value)}`);
      }
      if ((e.type === 'wage' || e.type === 'ui_benefit') && !/[\dOlSB]/.test(e.value) && !NUMBER_WORD.test(e.value)) err('amount without digits or number words');
      if (e.type === 'dob' && !/\d|[OlS]/.test(e.value) && !(NUMBER_WORD.test(e.value) && (MONTH.test(e.value) || e.value.match(new RegExp(NUMBER_WORD.source, 'gi')).length >= 2))) err('dob without digits');
    }
  });
}
for (const e of errors) console.error(e);
console.log(`${total} cases, ${negatives} hard negatives (${((100 * negatives) / (total || 1)).toFixed(1)}%)`);
for (const [f, s] of Object.entries(perFile)) console.log(`  ${f}: ${s.cases} cases, ${s.negatives} negatives`);
console.log('expectations per type: ' + Object.entries(perType).sort().map(([t, n]) => `${t} ${n}`).join(', '));
if (errors.length) { console.error(`${errors.length} error(s)`); process.exit(1); }
console.log('OK');
