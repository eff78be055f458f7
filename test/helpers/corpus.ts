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
