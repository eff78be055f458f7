/**
 * Context words: the words near a number that say what it is. One combined regular expression
 * finds every context word in a bounded window, so the cost per candidate is constant.
 *
 * Categories are bits; a keyword may carry several (a "ticket" is both a price and an id).
 */
export const C = {
  SSN: 1 << 0,
  ITIN: 1 << 1,
  /** "TIN", "taxpayer ID": could be an SSN, ITIN or EIN. */
  TAXID: 1 << 2,
  FEIN: 1 << 3,
  ROUTING: 1 << 4,
  /** "account number", "acct": an account of some kind. */
  ACCOUNT: 1 << 5,
  /** "bank account", "checking", "direct deposit": certainly a bank account. */
  BANK: 1 << 6,
  WAGE: 1 << 7,
  BENEFIT: 1 << 8,
  /** tuition, fees, grants, prices: money that is neither a wage nor a benefit. */
  MONEY_OTHER: 1 << 9,
  DOB: 1 << 10,
  /** hire date, appointment, week ending: a date that is not a birth date. */
  DATE_OTHER: 1 << 11,
  /** case, ticket, invoice, phone, ZIP: a number that is not a personal identifier. */
  ID_OTHER: 1 << 12,
  /** "ending in", "last four": the number is already a partial reference. */
  PARTIAL: 1 << 13,
} as const;
export const CATEGORY_COUNT = 14;

const NUM = String.raw`(?:\s*(?:numbers?|nos?\.?|num|#))?`;

/** [categories, pattern]. Order matters only where two patterns start at the same place. */
const KEYWORDS: ReadonlyArray<readonly [number, string]> = [
  [C.PARTIAL, String.raw`(?:ending|ends)\s+(?:in|with)|last\s+(?:\d|four|five|4|5)(?:\s+digits)?(?:\s+of)?`],
  // Both a price and an id: "ticket $40", "Ticket #123-45-6789".
  [C.MONEY_OTHER | C.ID_OTHER, String.raw`tickets?|invoices?|vouchers?|receipts?`],
  // Missouri DWD plan and MA WIA 05-76 name SSN, wages, FEIN, DOB, UI payments and account data.
  [C.SSN, String.raw`ssns?|ss\s?#|s\.s\.(?:n\.?|#)?|soc(?:ial)?\.?\s*sec(?:urity)?\.?${NUM}|ss\s*(?:nos?\.?|num(?:ber)?)`],
  [C.ITIN, String.raw`itins?|individual\s+taxpayer\s+id(?:entification)?${NUM}`],
  [C.TAXID, String.raw`tins?|taxpayer\s+id(?:entification)?${NUM}|tax\s*id(?:entification)?${NUM}`],
  [
    C.FEIN,
    String.raw`f?eins?|fed(?:eral)?\.?\s+(?:employer\s+)?(?:id|identification|tax\s+id)(?:entification)?${NUM}|employer\s+(?:id|identification)${NUM}|fed\s*id`,
  ],
  [
    C.ROUTING,
    String.raw`routing(?:\s+(?:and\s+transit\s+)?${NUM})?|aba(?:\s+routing)?${NUM}|rtn|transit(?:\s+routing)?${NUM}`,
  ],
  [
    C.BANK,
    String.raw`(?:bank|checking|savings|deposit|dda)\s+(?:accounts?|acct\.?)${NUM}|direct\s+deposit|checking|savings`,
  ],
  [C.ACCOUNT, String.raw`accounts?\s*(?:numbers?|nos?\.?|num|#)|acct\.?${NUM}|a\/c`],
  [
    C.BENEFIT,
    String.raw`weekly\s+benefits?(?:\s+(?:amount|rate))?|wba|mba|maximum\s+benefits?(?:\s+amount)?|benefits?\s+(?:credits?|amounts?|payments?|rate|checks?|balance|received|paid|issued)|(?:ui|unemployment)(?:\s+insurance)?\s+(?:benefits?|compensation|payments?)|benefits?|unemployment|overpayments?|overpaid`,
  ],
  [
    C.WAGE,
    String.raw`wages?|salar(?:y|ies)|earned|earnings?|earns?|gross(?:\s+(?:pay|wages|earnings))?|net\s+pay|pay\s*rate|rate\s+of\s+pay|hourly(?:\s+(?:rate|wage|pay))?|per\s+hour|an\s+hour|a\s+year|per\s+year|annually|\/\s*(?:hr|hour|yr)|paychecks?|pay\s*stubs?|pay|income|compensation|remuneration|overtime|bonus(?:es)?|commissions?|makes|making`,
  ],
  [
    C.MONEY_OTHER,
    String.raw`tuition|fees?|grants?|prices?|priced|costs?|(?:total|amount|balance)\s+due|registration|scholarships?|reimburse(?:ment|d)?|stipends?|budget|rent|books?|supplies|subtotal|purchase|quote|parking|mileage|donation|pell|itas?|sales?|discount|refund|charges?`,
  ],
  [C.DOB, String.raw`dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*dates?|birthdate|birthday|born(?:\s+on)?|b-?day|birth`],
  [
    C.DATE_OTHER,
    String.raw`date\s+of\s+(?:hire|separation|service|application|claim)|hired?|hire\s+date|separat(?:ed|ion)|start(?:ed|ing|s)?|end(?:ed|s)?|ending|effective|filed|filing|appointments?|interviews?|due|deadline|signed|received|sent|issued|expir(?:es|ed|ation)|last\s+day|dated|as\s+of|since|scheduled|meeting|orientation|workshop|class(?:es)?|begins?|through|thru|until|completed|attended|updated|created|posted|reported`,
  ],
  [
    C.ID_OTHER,
    String.raw`case|claim(?:\s+id)?|confirmation|tracking|reference|ref|po|phone|tel|telephone|fax|cell|mobile|ph|zip(?:\s*code)?|postal|policy|member|employee\s+id|badge|student|transaction|permit|licen[cs]e|lic|job\s+(?:id|order)|req(?:uisition)?|ext|extension|room|suite|ste|box|batch|sku|serial|model|isbn|order|participant\s+id|customer`,
  ],
];

const GROUP_MASKS = KEYWORDS.map(([mask]) => mask);
// Field names join words with "_" ("account_number", "date_of_birth"): it counts as a space.
const CONTEXT_RE = new RegExp(
  String.raw`(?<![a-z0-9])(?:` +
    KEYWORDS.map(([, p]) => `(${p.replaceAll(String.raw`\s`, String.raw`[\s_]`)})`).join('|') +
    String.raw`)(?![a-z])`,
  'gi',
);
/** A sentence ends: context after it belongs to the next sentence. */
const SENTENCE_END = /[.;!?](?:\s|$)|\n\s*\n/;

function groupMask(m: RegExpExecArray): number {
  for (let g = 1; g < m.length; g++) if (m[g] !== undefined) return GROUP_MASKS[g - 1]!;
  return 0;
}

/** Every category named anywhere in `s` (a field name, a table header cell). */
export function categoriesIn(s: string): number {
  // Field names use _ and camelCase as word breaks ("claimant_ssn", "dateOfBirth").
  const words = s
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_\-.[\]]+/g, ' ')
    .slice(0, 200);
  let mask = 0;
  CONTEXT_RE.lastIndex = 0;
  for (let m = CONTEXT_RE.exec(words); m; m = CONTEXT_RE.exec(words)) mask |= groupMask(m);
  return mask;
}

/**
 * Context around one candidate. `dist[c]` is the distance in characters to the nearest keyword of
 * category bit c, before the candidate (`before`) and after it (`after`); -1 when absent.
 */
export class ContextWindow {
  readonly before = new Int32Array(CATEGORY_COUNT);
  readonly after = new Int32Array(CATEGORY_COUNT);
  /** End offset of the nearest keyword before, per category (to inspect the text in between). */
  readonly beforeEnd = new Int32Array(CATEGORY_COUNT);
  beforeMask = 0;
  afterMask = 0;
  /** Categories of a keyword that ends right before the candidate (only spaces, `#`, `:` between). */
  adjacentMask = 0;

  read(text: string, start: number, end: number, nBefore: number, nAfter: number): void {
    this.before.fill(-1);
    this.after.fill(-1);
    this.beforeMask = 0;
    this.afterMask = 0;
    this.adjacentMask = 0;
    let from = start > nBefore ? start - nBefore : 0;
    // Never start inside a word: "…Pub|lic" must not read as "lic".
    while (from > 0 && from < start && isLetter(text.charCodeAt(from - 1)) && isLetter(text.charCodeAt(from))) from++;
    const win = text.slice(from, start);
    CONTEXT_RE.lastIndex = 0;
    for (let m = CONTEXT_RE.exec(win); m; m = CONTEXT_RE.exec(win)) {
      const mask = groupMask(m);
      const kwEnd = m.index + m[0].length;
      const dist = win.length - kwEnd;
      this.beforeMask |= mask;
      for (let c = 0; c < CATEGORY_COUNT; c++) {
        if (mask & (1 << c)) {
          this.before[c] = dist;
          this.beforeEnd[c] = from + kwEnd;
        }
      }
      if (/^[\s:#.=\-–]*$/.test(win.slice(kwEnd))) this.adjacentMask |= mask;
    }
    let to = end + nAfter < text.length ? end + nAfter : text.length;
    while (to < text.length && to > end && isLetter(text.charCodeAt(to)) && isLetter(text.charCodeAt(to - 1))) to--;
    let after = text.slice(end, to);
    const stop = SENTENCE_END.exec(after);
    if (stop) after = after.slice(0, stop.index);
    CONTEXT_RE.lastIndex = 0;
    for (let m = CONTEXT_RE.exec(after); m; m = CONTEXT_RE.exec(after)) {
      const mask = groupMask(m) & ~this.afterMask;
      this.afterMask |= mask;
      for (let c = 0; c < CATEGORY_COUNT; c++) if (mask & (1 << c)) this.after[c] = m.index;
    }
  }

  /**
   * The category among `relevant` whose keyword is nearest. Labels usually precede values, so a
   * keyword after the candidate counts as `afterPenalty` characters farther than it is.
   * 0 when none is in the window.
   */
  nearest(relevant: number, afterPenalty = 6): number {
    if (((this.beforeMask | this.afterMask) & relevant) === 0) return 0;
    let best = 0;
    let bestDist = Infinity;
    for (let c = 0; c < CATEGORY_COUNT; c++) {
      const bit = 1 << c;
      if ((relevant & bit) === 0) continue;
      const b = this.before[c]!;
      if (b >= 0 && b < bestDist) {
        bestDist = b;
        best = bit;
      }
      const a = this.after[c]!;
      if (a >= 0 && a + afterPenalty < bestDist) {
        bestDist = a + afterPenalty;
        best = bit;
      }
    }
    return best;
  }
}

/** Index of a category bit (for `beforeEnd`). */
export function bitIndex(bit: number): number {
  return 31 - Math.clz32(bit);
}

function isLetter(ch: number): boolean {
  return (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122);
}
