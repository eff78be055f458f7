// Validates the holdout-3 case files: format, substrings, occurrences, identifier validity.
// Usage: node test/corpus/holdout-3/check.mjs   (exit code 1 on any error)
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const TYPES = new Set(['ssn', 'itin', 'fein', 'routing_number', 'bank_account', 'dob', 'wage', 'ui_benefit']);
const KEYS = new Set(['id', 'source', 'reason', 'text', 'expect']);
const FEIN_PREFIXES = new Set(('01 02 03 04 05 06 10 11 12 13 14 15 16 20 21 22 23 24 25 26 27 30 31 32 33 34 35 36 37 38 39 ' +
  '40 41 42 43 44 45 46 47 48 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65 66 67 68 71 72 73 74 75 76 77 ' +
  '80 81 82 83 84 85 86 87 88 90 91 92 93 94 95 98 99').split(' '));
// OCR'd values keep the letters the scanner produced; validity is judged on what they stand for.
const OCR = { O: '0', o: '0', D: '0', Q: '0', l: '1', I: '1', i: '1', S: '5', s: '5', B: '8', Z: '2', z: '2', G: '6', b: '6', g: '9', T: '7' };
const digitsOf = (v) => [...v].map((c) => (/\d/.test(c) ? c : OCR[c] ?? '')).join('');

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
      if (idCheck[e.type]) {
        const p = idCheck[e.type](digitsOf(e.value));
        if (p) err(`${p}: ${JSON.stringify(e.value)}`);
      }
      if ((e.type === 'wage' || e.type === 'ui_benefit') && !/[\dOlSB]/.test(e.value)) err('amount without digits');
      if (e.type === 'dob' && !/\d|[OlS]/.test(e.value)) err('dob without digits');
    }
  });
}
for (const e of errors) console.error(e);
console.log(`${total} cases, ${negatives} hard negatives (${((100 * negatives) / (total || 1)).toFixed(1)}%)`);
for (const [f, s] of Object.entries(perFile)) console.log(`  ${f}: ${s.cases} cases, ${s.negatives} negatives`);
console.log('expectations per type: ' + Object.entries(perType).sort().map(([t, n]) => `${t} ${n}`).join(', '));
if (errors.length) { console.error(`${errors.length} error(s)`); process.exit(1); }
console.log('OK');
