/** The hand-written evaluation sets (test/corpus/<name>/*.jsonl): their cases and where each expected value sits. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Expected {
  type: string;
  value: string;
  occurrence?: number;
}

export interface Case {
  id: string;
  reason: string;
  text: string;
  expect: Expected[];
}

export function loadCases(name: string): Case[] {
  const dir = join(__dirname, '..', 'corpus', name);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Case));
}

/** Where an expected value sits: its n-th occurrence, each search one character after the last start. */
export function spanOf(text: string, e: Expected): [number, number] {
  let at = -1;
  for (let n = e.occurrence ?? 1; n > 0; n--) at = text.indexOf(e.value, at + 1);
  return [at, at + e.value.length];
}

const FULL_LENGTH: Record<string, number> = { ssn: 9, itin: 9, fein: 9, routing_number: 9 };

/**
 * How many digits a value holds: digits (any script), letters OCR put for them ("4O9-lS-2276"), digit
 * words ("five four two", "double-one" is two); other words ("dash", "guion", "um") hold none.
 */
export function digitsIn(value: string): number {
  let n = 0;
  for (const tok of value.match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (/^(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|cero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve)$/i.test(tok)) n++;
    else if (/^(?:double|doble)$/i.test(tok)) n++;
    else if (/^triple$/i.test(tok)) n += 2;
    else if (/\p{Nd}/u.test(tok) || tok.length <= 2) n += (tok.match(/[\p{Nd}OoDQIliSsBZzGbgT]/gu) ?? []).length;
  }
  return n;
}

/**
 * The identifiers a case holds, each as the expected values that make it: one value, or the boxes of
 * a number split over fields ("512", "07", "3394"), taken in order until they hold the full number.
 * A box alone is no identifier (masking shows the last box whole, by design).
 */
export function identifiersOf(c: Case, types: ReadonlySet<string>): Expected[][] {
  const out: Expected[][] = [];
  const open = new Map<string, { parts: Expected[]; digits: number }>();
  for (const e of c.expect) {
    if (!types.has(e.type)) continue;
    const full = FULL_LENGTH[e.type];
    const d = digitsIn(e.value);
    if (full === undefined || d >= full) {
      out.push([e]);
      continue;
    }
    const g = open.get(e.type) ?? { parts: [], digits: 0 };
    g.parts.push(e);
    g.digits += d;
    if (g.digits >= full) {
      out.push(g.parts);
      open.delete(e.type);
    } else open.set(e.type, g);
  }
  return out;
}
