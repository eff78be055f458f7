// Checks the holdout corpus: every line parses, has the fields of the format, each expected value is a
// substring of the text at the stated occurrence, and each identifier is a valid made-up one.
//   node test/corpus/holdout/check.mjs [DIR]
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const DIR = process.argv[2] ?? dirname(fileURLToPath(import.meta.url));
const TYPES = new Set(["ssn", "itin", "fein", "wage", "ui_benefit", "dob", "routing_number", "bank_account"]);
const FEIN_PREFIXES = new Set(("01 02 03 04 05 06 10 11 12 13 14 15 16 20 21 22 23 24 25 26 27 30 31 32 33 34 35 36 37 38 " +
  "39 40 41 42 43 44 45 46 47 48 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65 66 67 68 71 72 73 74 75 76 77 80 81 " +
  "82 83 84 85 86 87 88 90 91 92 93 94 95 98 99").split(" "));
const FORBIDDEN_SSNS = new Set(["123456789", "078051120"]);

const digitsOf = (v) => v.replace(/\D/g, "");
const ssnOk = (d) => d.length === 9 && d[0] !== "9" && !["000", "666"].includes(d.slice(0, 3)) &&
  d.slice(3, 5) !== "00" && d.slice(5) !== "0000" && !FORBIDDEN_SSNS.has(d);
const itinOk = (d) => {
  const g = Number(d.slice(3, 5));
  return d.length === 9 && d[0] === "9" && ((g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || g >= 94);
};
const feinOk = (d) => d.length === 9 && FEIN_PREFIXES.has(d.slice(0, 2));
const abaOk = (d) => d.length === 9 &&
  [...d].reduce((s, c, i) => s + Number(c) * [3, 7, 1][i % 3], 0) % 10 === 0;
const acctOk = (d) => d.length >= 4 && d.length <= 17;
const CHECKS = { ssn: ssnOk, itin: itinOk, fein: feinOk, routing_number: abaOk, bank_account: acctOk };

function nth(text, value, n) {
  let at = -1;
  for (let k = 0; k < n; k++) {
    at = text.indexOf(value, at + 1);
    if (at < 0) return -1;
  }
  return at;
}
function count(text, value) {
  let n = 0;
  for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) n++;
  return n;
}

const errors = [];
const ids = new Set();
const perType = {};
let cases = 0;
let negatives = 0;
const files = readdirSync(DIR).filter((f) => f.endsWith(".jsonl")).sort();
for (const file of files) {
  readFileSync(join(DIR, file), "utf8").split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${file}:${i + 1}`;
    let c;
    try {
      c = JSON.parse(line);
    } catch (e) {
      errors.push(`${where}: not JSON (${e.message})`);
      return;
    }
    cases++;
    for (const k of ["id", "source", "reason", "text"]) {
      if (typeof c[k] !== "string" || !c[k].trim()) errors.push(`${where}: missing ${k}`);
    }
    if (!Array.isArray(c.expect)) return void errors.push(`${where}: expect is not an array`);
    if (ids.has(c.id)) errors.push(`${where}: duplicate id ${c.id}`);
    ids.add(c.id);
    if (!c.expect.length) negatives++;
    const spans = [];
    for (const e of c.expect) {
      if (!TYPES.has(e.type)) errors.push(`${where}: unknown type ${e.type}`);
      perType[e.type] = (perType[e.type] ?? 0) + 1;
      const n = count(c.text, e.value);
      if (!e.value || n === 0) {
        errors.push(`${where} ${c.id}: ${e.type} value is not in the text`);
        continue;
      }
      if (n > 1 && e.occurrence === undefined) errors.push(`${where} ${c.id}: ${e.type} value occurs ${n} times, no occurrence`);
      const at = nth(c.text, e.value, e.occurrence ?? 1);
      if (at < 0) errors.push(`${where} ${c.id}: ${e.type} occurrence ${e.occurrence} does not exist`);
      else {
        const span = [at, at + e.value.length];
        if (spans.some(([a, b]) => a < span[1] && span[0] < b)) errors.push(`${where} ${c.id}: overlapping expected spans`);
        spans.push(span);
      }
      const check = CHECKS[e.type];
      if (check && !check(digitsOf(e.value))) errors.push(`${where} ${c.id}: ${e.type} is not a valid made-up identifier`);
    }
  });
}
console.log(`${files.length} files, ${cases} cases, ${negatives} hard negatives; expected values per type: ` +
  Object.entries(perType).map(([k, v]) => `${k} ${v}`).join(", "));
if (errors.length) {
  for (const e of errors) console.log(e);
  console.log(`${errors.length} problems`);
  process.exitCode = 1;
} else console.log("ok");
