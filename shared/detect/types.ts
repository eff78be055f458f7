/** The eight confidential data types, by canonical id (docs/detection.md). */
export const FINDING_TYPES = [
  'ssn',
  'itin',
  'fein',
  'wage',
  'ui_benefit',
  'dob',
  'routing_number',
  'bank_account',
] as const;
export type FindingType = (typeof FINDING_TYPES)[number];

/** Identifiers are masked; the other types are enforced by recipient checks only. */
export const IDENTIFIER_TYPE_VALUES = ['ssn', 'itin', 'fein', 'routing_number', 'bank_account'] as const satisfies readonly FindingType[];
export type IdentifierType = (typeof IDENTIFIER_TYPE_VALUES)[number];
export const IDENTIFIER_TYPES: readonly FindingType[] = IDENTIFIER_TYPE_VALUES;

const IDENTIFIER_SET: ReadonlySet<string> = new Set(IDENTIFIER_TYPES);

/** Whether a finding type is an identifier (masked to its last digits wherever it goes). */
export function isIdentifier(type: string): boolean {
  return IDENTIFIER_SET.has(type);
}

export type Confidence = 'high' | 'medium' | 'low';

export interface Finding {
  type: FindingType;
  /** UTF-16 offset of the first character of the value. */
  start: number;
  /** UTF-16 offset just past the value. */
  end: number;
  /** high and medium are enforced; low only warns. */
  confidence: Confidence;
  /** Which rule produced the finding, e.g. `ssn.formatted` or `wage.context`. */
  rule: string;
  /**
   * One box of a value split over several fields (`ssn1=536&ssn2=22&ssn3=1874`): how many of the
   * value's digits follow this box. Masking shows only this box's share of the value's last digits.
   */
  followingDigits?: number;
}

export interface DetectOptions {
  /** Characters before a candidate searched for context words (default 48). */
  contextBefore?: number;
  /** Characters after a candidate searched for context words (default 32). */
  contextAfter?: number;
  /**
   * Name or label of the form field the text came from (`ssn`, `claimant_dob`, "Date of birth").
   * It is context for every candidate that has none of its own.
   */
  field?: string;
  /** Only these types are reported (default: all eight). */
  types?: readonly FindingType[];
  /**
   * Optional size cap in UTF-16 code units. Text past the cap is not scanned; callers that accept
   * untrusted input (the proxy, the CLI) reject oversize input themselves before calling detect.
   */
  maxLength?: number;
}
