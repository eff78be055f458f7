/**
 * A document's text joined into one string (so that a label in one run, cell or line is context
 * for the number in the next), with the map back to where each piece came from.
 */
import { detect } from '../detect/index';
import type { DetectOptions, Finding } from '../detect/index';
import { maskFindings } from '../mask';
import type { KeepDigits } from '../mask';
import type { FileFinding, Where } from './types';

export interface Unit {
  where: Where;
  start: number;
  end: number;
}

export class Joined {
  private readonly pieces: string[] = [];
  length = 0;
  readonly units: Unit[] = [];

  push(s: string): void {
    if (s.length === 0) return;
    this.pieces.push(s);
    this.length += s.length;
  }

  /** Opens a unit at the current position; it ends where the next one opens (or at close). */
  open(where: Where): void {
    this.closeLast();
    this.units.push({ where, start: this.length, end: -1 });
  }

  closeLast(): void {
    const last = this.units[this.units.length - 1];
    if (last && last.end < 0) last.end = this.length;
  }

  text(): string {
    this.closeLast();
    const t = this.pieces.join('');
    this.pieces.length = 0;
    this.pieces.push(t);
    return t;
  }
}

/** The unit a text offset falls in (units are in order and do not overlap). */
export function unitAt(units: readonly Unit[], at: number): Unit | undefined {
  let lo = 0;
  let hi = units.length - 1;
  let found: Unit | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const u = units[mid]!;
    if (u.start <= at) {
      found = u;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export function locate(findings: readonly Finding[], units: readonly Unit[]): FileFinding[] {
  const out: FileFinding[] = [];
  for (const f of findings) {
    const u = unitAt(units, f.start);
    if (!u) continue;
    out.push({ ...f, start: f.start - u.start, end: f.end - u.start, where: u.where });
  }
  return out;
}

export interface Scanned {
  text: string;
  findings: Finding[];
  masked: string;
}

export function scanJoined(text: string, options: DetectOptions & { keep?: Readonly<KeepDigits> } = {}): Scanned {
  const findings = detect(text, options);
  return { text, findings, masked: maskFindings(text, findings, options.keep) };
}
