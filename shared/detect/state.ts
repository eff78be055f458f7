/**
 * The state one scan of a text shares between its rules: the text and options, the context-word
 * index, and how far the scan has reported values. Each mutable field names the module that
 * advances it. Candidates come in increasing position: the keyword indexes and the sentence-start
 * cache read the text once on that assumption.
 */
import { categoriesIn, KeywordIndex, MAX_WINDOW } from './context';
import type { TableContext } from './table';
import type { Confidence, DetectOptions, Finding, FindingType } from './types';
import { FINDING_TYPES } from './types';

/** A field of a fixed-width wage record (wage-records.ts reads them by position). */
export interface RecordField {
  type: FindingType;
  start: number;
  end: number;
}

export const DEFAULT_CONTEXT_BEFORE = 48;
export const DEFAULT_CONTEXT_AFTER = 32;

export interface ScanState {
  readonly text: string;
  /** The scan stops at this offset (DetectOptions.maxLength). */
  readonly end: number;
  /** Context windows before and after a candidate, clamped to MAX_WINDOW. */
  readonly before: number;
  readonly after: number;
  readonly enabled: Set<FindingType>;
  /** Categories of the form field name, the context of last resort. */
  readonly fieldCats: number;
  /** Context words near candidates, read in step with the scan (context.ts). */
  readonly keywords: KeywordIndex;
  readonly onFinding: (f: Finding) => void;
  /** Column headers, read on the first candidate that needs them (resolve.ts). */
  table: TableContext | null;
  /** Labels for amounts whose label is farther back in their sentence, and the last sentence start read (resolve.ts). */
  farKeywords: KeywordIndex | undefined;
  farAt: number;
  farFrom: number;
  /** Tokens before this offset belong to a value already reported (labelled.ts, wage-records.ts). */
  consumedTo: number;
  /** The last value read after an explicit label ("SSN 536-22-1874/412-68-3390" shares it) (labelled.ts). */
  lastLabelled: { end: number; kind: number };
  /** End of the line the scan is in, and the record fields of that line still to emit (wage-records.ts). */
  lineEnd: number;
  pending: RecordField[];
}

export function createState(text: string, onFinding: (f: Finding) => void, options: DetectOptions): ScanState {
  const cap = options.maxLength ?? Infinity;
  const before = clampWindow(options.contextBefore, DEFAULT_CONTEXT_BEFORE);
  return {
    text,
    end: Math.min(text.length, cap > 0 ? cap : text.length),
    before,
    after: clampWindow(options.contextAfter, DEFAULT_CONTEXT_AFTER),
    enabled: new Set(options.types ?? FINDING_TYPES),
    fieldCats: typeof options.field === 'string' ? categoriesIn(options.field) : 0,
    keywords: new KeywordIndex(text, before),
    onFinding,
    table: null,
    farKeywords: undefined,
    farAt: -1,
    farFrom: 0,
    consumedTo: 0,
    lastLabelled: { end: -1, kind: 0 },
    lineEnd: -1,
    pending: [],
  };
}

export function emit(s: ScanState, type: FindingType, start: number, end: number, confidence: Confidence, rule: string): void {
  if (!s.enabled.has(type)) return;
  s.onFinding({ type, start, end, confidence, rule });
}

function clampWindow(v: number | undefined, dflt: number): number {
  if (v === undefined || !Number.isFinite(v)) return dflt;
  return Math.max(0, Math.min(MAX_WINDOW, Math.floor(v)));
}
