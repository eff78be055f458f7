/**
 * detect(text, options) → Finding[]: the one entry point of the detection engine.
 *
 * One pass of a linear-time token regex finds numeric tokens; each token is split into digit groups
 * and words, matched against the shapes of the eight types, validated (SSN ranges, ITIN groups, EIN
 * prefixes, ABA checksum, calendar dates) and classified by the nearest context word, a table column
 * header or the form field name. Work per candidate is bounded, so the whole scan is linear.
 *
 * Where to change what:
 *   scan.ts                 the token pass: digit groups, words, which rule reads which shape
 *   resolve.ts              what names a candidate: inline word, column header, field name, far label
 *   ids.ts, labelled.ts     identifier rules (validators: ssn.ts, itin.ts, fein.ts, bank.ts)
 *   money.ts                wage and benefit rules (amount shapes: wage.ts)
 *   dates.ts                birth-date rules (calendar checks and month names: dob.ts)
 *   wage-records.ts         fixed-width wage-record files (EFW2, ICESA)
 *   legend.ts               fixed-width records whose layout a legend in the text gives ("1-9 SSN, 30-40 gross")
 *   sql.ts                  rows of SQL INSERT statements, labelled by their column list
 *   boxes.ts                values split over boxes or fields, merged in below
 *   fields.ts               values split over the fields of a form or a JSON object, likewise
 *   spelled.ts              values written in digit words ("five three six…"), merged in likewise
 *   spoken.ts               a number said or typed in pieces after "social" (words, pauses, turns), likewise
 *   spoken-money.ts         an amount said in words after a wage or benefit label, likewise
 *   spread.ts               an SSN spread over wide gaps or a line break after an identity word,
 *                           posted as a JSON array of its parts, or run into a record's surname, likewise
 *   bank-pairs.ts           routing and account numbers wrapped to the next line or message, side by
 *                           side in a text about banking, or named by the word after them, likewise
 *   scripts.ts              labels and amounts in Korean, Chinese, Arabic and Russian, likewise
 *   samples.ts              values given as samples (e.g. 123-45-6789 in a help text): no one's
 *   documents.ts            what a whole text is about, and the words that name the benefit in it
 *   person.ts               nine bare digits a key or address says are a person's (`claimantId`)
 *   micr.ts                 a check's MICR line (routing between transit symbols, then the account)
 *   nacha.ts                ACH entry detail records (routing, account, a payroll batch's amounts)
 *   view.ts                 the plain view every rule reads; with ocr.ts (letters OCR put for digits) and
 *                           attributes.ts (form-control values, XML attributes)
 *   parties.ts              whose account a plain "account" is (another party's, or a bank's)
 *   context.ts, keywords.ts, table.ts   context words and column headers
 *   quarters.ts, paystub.ts quarterly wage tables (headings rows above), pay-stub grids and earnings lines
 */
import { boxedIdentifiers } from './boxes';
import { fieldIdentifiersIn } from './fields';
import { legendIdentifiers } from './legend';
import { micrIdentifiers } from './micr';
import { nachaIdentifiers } from './nacha';
import { personIdentifiers } from './person';
import { spelledIdentifiers } from './spelled';
import { spokenAmounts } from './spoken-money';
import { spokenIdentifiers } from './spoken';
import { accountAfterRouting, bankPairs, wrappedBankNumbers } from './bank-pairs';
import { scriptBirthDates, scriptLabelled } from './scripts';
import { arrayIdentifiers, gluedRecordSsns, spreadIdentifiers } from './spread';
import { scan } from './scan';
import { sqlIdentifiers } from './sql';
import { createState } from './state';
import type { DetectOptions, Finding } from './types';
import { plainView } from './view';

export * from './types';
export { isValidSsn, isValidSsnDigits } from './ssn';
export { isValidItinDigits, isValidItinGroup } from './itin';
export { isValidEinDigits, isValidEinPrefix } from './fein';
export { isValidAbaRouting } from './bank';

export { DEFAULT_CONTEXT_BEFORE, DEFAULT_CONTEXT_AFTER } from './state';

/** Every finding in `text`, in order of position. Never throws; see DetectOptions.maxLength. */
export function detect(text: string, options: DetectOptions = {}): Finding[] {
  const out: Finding[] = [];
  detectEach(text, (f) => out.push(f), options);
  return sameNumberAgain(text, out);
}

/**
 * Nine bare digits only suspected where they stand ("can u look at 536194408") are the SSN the text
 * names elsewhere when they are its digits ("536194408 Alvarado. WBA 312"): masked like it.
 */
function sameNumberAgain(text: string, found: Finding[]): Finding[] {
  found = sameAccountAgain(text, found);
  if (!found.some((f) => f.confidence === 'low')) return found;
  const sure = new Map<string, Finding['type']>();
  for (const f of found) {
    if (f.confidence === 'low' || (f.type !== 'ssn' && f.type !== 'itin')) continue;
    const d = text.slice(f.start, f.end).replace(/\D/g, '');
    if (d.length === 9) sure.set(d, f.type);
  }
  if (sure.size === 0) return found;
  return found.map((f) => {
    if (f.confidence !== 'low') return f;
    const type = sure.get(text.slice(f.start, f.end).replace(/\D/g, ''));
    return type ? { ...f, type, confidence: 'medium', rule: `${type}.again` } : f;
  });
}

/**
 * A bank account or routing number found once is the same number where the text repeats it bare
 * ("Support: Updated to 2210093377.", "got it, 440019832207" after "acct 4400" / "19832207"):
 * masked there too. Eight digits or more, so that a short number that happens to match is left alone.
 */
function sameAccountAgain(text: string, found: Finding[]): Finding[] {
  const sure = new Map<string, Finding['type']>();
  for (let i = 0; i < found.length; i++) {
    const f = found[i]!;
    if (f.confidence === 'low' || (f.type !== 'bank_account' && f.type !== 'routing_number')) continue;
    let d = text.slice(f.start, f.end).replace(/\D/g, '');
    // A number given in parts: the parts together.
    if (f.followingDigits && found[i + 1]?.type === f.type) d += text.slice(found[i + 1]!.start, found[i + 1]!.end).replace(/\D/g, '');
    if (d.length >= 8) sure.set(d, f.type);
  }
  if (sure.size === 0) return found;
  const added: Finding[] = [];
  const runs = /(?<![\d-])\d{8,17}(?![\d-])/g;
  // Findings are in order of position: one pointer walks them as the runs advance (linear, however many repeats).
  let k = 0;
  for (let m = runs.exec(text); m; m = runs.exec(text)) {
    const type = sure.get(m[0]);
    if (!type) continue;
    const end = m.index + m[0].length;
    while (k < found.length && found[k]!.end <= m.index) k++;
    let taken = false;
    for (let j = k; j < found.length && found[j]!.start < end; j++) if (found[j]!.end > m.index) taken = true;
    if (!taken) added.push({ type, start: m.index, end, confidence: 'medium', rule: `${type}.again` });
  }
  return added.length ? [...found, ...added].sort((a, b) => a.start - b.start) : found;
}

/**
 * Streams findings to `onFinding`; working memory does not grow with the number of findings. A stream
 * cannot look back, so a suspicion whose digits an SSN later in the text names stays a suspicion here,
 * and an account or routing number repeated bare after its first copy is not reported; detect() does both.
 */
export function detectEach(
  text: string,
  onFinding: (f: Finding) => void,
  options: DetectOptions = {},
): void {
  if (typeof text !== 'string' || text.length === 0) return;
  const sure = withoutSuspicions(onFinding);
  onFinding = sure.take;
  try {
    readAll(text, onFinding, options);
  } finally {
    sure.finish();
  }
}

/**
 * A low-confidence finding (a suspicion) never stands beside a surer finding of the same characters:
 * findings arrive in order of position, so the last suspicion waits for the next finding, and goes
 * only if that one does not overlap it.
 */
function withoutSuspicions(out: (f: Finding) => void): { take(f: Finding): void; finish(): void } {
  let pending: Finding | undefined;
  let sureEnd = -1;
  return {
    take(f) {
      if (f.confidence === 'low') {
        if (f.start < sureEnd) return;
        if (pending) out(pending);
        pending = f;
        return;
      }
      if (pending && !(pending.start < f.end && f.start < pending.end)) out(pending);
      pending = undefined;
      sureEnd = Math.max(sureEnd, f.end);
      out(f);
    },
    finish() {
      if (pending) out(pending);
      pending = undefined;
    },
  };
}

function readAll(text: string, onFinding: (f: Finding) => void, options: DetectOptions): void {
  const limit = options.maxLength !== undefined && options.maxLength > 0 ? Math.min(options.maxLength, text.length) : text.length;
  const view = plainView(text, limit);
  const src = view ? view.text : limit < text.length ? text.slice(0, limit) : text;
  // Findings of the plain view point back at the original text.
  const out = view
    ? (f: Finding) => {
        const [start, end] = view.original(f.start, f.end);
        onFinding({ ...f, start, end });
      }
    : onFinding;
  const enabled = options.types ? new Set(options.types) : undefined;
  const boxes = otherReadings(src).filter((b) => !enabled || enabled.has(b.type));
  if (boxes.length === 0) {
    scan(createState(src, out, { ...options, maxLength: undefined }));
    return;
  }
  const merged = mergeBoxes(boxes, out);
  scan(createState(src, merged.take, { ...options, maxLength: undefined }));
  merged.finish();
}

/**
 * The readings beside the token rules, in order of position and never overlapping: boxes after a
 * label, boxes as fields of a form or JSON object (where a label did not already read them), spelled digits.
 */
function otherReadings(src: string): Finding[] {
  // Each reading takes what no earlier one took; the order is their precedence. `kept` stays sorted
  // and free of overlaps, so each question is a binary search (linear overall, however many findings).
  let kept: Finding[] = [];
  const overlapsKept = (f: Finding): boolean => {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (kept[mid]!.end <= f.start) lo = mid + 1;
      else hi = mid;
    }
    return lo < kept.length && kept[lo]!.start < f.end;
  };
  const take = (readings: Finding[]) => {
    const fresh: Finding[] = [];
    for (const f of [...readings].sort((a, b) => a.start - b.start)) {
      if (!overlapsKept(f) && !(fresh.length && fresh[fresh.length - 1]!.end > f.start)) fresh.push(f);
    }
    if (fresh.length) kept = [...kept, ...fresh].sort((a, b) => a.start - b.start);
  };
  const boxed = boxedIdentifiers(src);
  take(boxed);
  take(fieldIdentifiersIn(src));
  take(spelledIdentifiers(src));
  take([...personIdentifiers(src), ...micrIdentifiers(src), ...nachaIdentifiers(src)]);
  // A record's legend reads its fields before any guess at them does.
  take([...legendIdentifiers(src), ...sqlIdentifiers(src)]);
  take([...spreadIdentifiers(src), ...arrayIdentifiers(src), ...wrappedBankNumbers(src), ...scriptLabelled(src), ...scriptBirthDates(src), ...accountAfterRouting(src), ...gluedRecordSsns(src)]);
  take(bankPairs(src));
  // A number said in pieces is read last, where no other reading took any of it.
  take([...spokenIdentifiers(src), ...spokenAmounts(src)]);
  return kept.length === boxed.length ? boxed : kept;
}

/**
 * The token rules' findings and the boxed reading's, in order of position. Where both read the same
 * value, the token rules' finding stands (unless it is only a suspicion and the other reading is surer); where a token finding overlaps a boxed value otherwise
 * (one box of it, say), the boxed value stands.
 */
function mergeBoxes(boxes: readonly Finding[], out: (f: Finding) => void): { take(f: Finding): void; finish(): void } {
  let next = 0;
  let lastEnd = -1;
  const emit = (f: Finding) => {
    out(f);
    lastEnd = f.end;
  };
  return {
    take(f) {
      while (next < boxes.length && boxes[next]!.start < f.start) emit(boxes[next++]!);
      const b = boxes[next];
      if (b && b.start === f.start && b.end === f.end) {
        next++;
        // A value the token rules only suspect (low) is the other reading's when that one is surer.
        emit(f.confidence === 'low' && b.confidence !== 'low' ? b : f);
      } else if (f.start >= lastEnd && !(b && b.start < f.end)) out(f);
    },
    finish() {
      while (next < boxes.length) emit(boxes[next++]!);
    },
  };
}
