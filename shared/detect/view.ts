/**
 * The plain view the detectors read: what a person sees, not how it was encoded. Invisible format
 * characters are skipped; every Unicode decimal digit (\p{Nd}: fullwidth, Arabic-Indic, Devanagari,
 * mathematical…) becomes its ASCII digit; dash and space variants become "-" and " "; fullwidth
 * Latin letters and accented letters become ASCII; HTML tags are dropped (cells and lines become a
 * tab or a newline), character references are decoded, and %XX escapes of query strings too, a form
 * value's "+" between digits (a space), and a JSON string's \uXXXX, \n and \t escapes; a
 * quoted-printable soft line break inside a number is read as nothing; a letter OCR put in place of
 * a digit, inside a run that is plainly a number, is read as that digit (ocr.ts).
 *
 * The view keeps a list of its edits, so every view character maps back to its original UTF-16
 * span: findings point at the original text and masking replaces every original digit, whatever its
 * script. Where nothing needs translating (plain ASCII prose, the common case) there is no view.
 */

/**
 * The view as the original with edits: edit k replaced original [o, o + ol) by view [v, v + vl).
 * Between edits the two run in step, so the map costs nothing where nothing changed.
 */
import { keptAttributes } from './attributes';
import { OCR_SEED_SOURCE, readSeed } from './ocr';

export class View {
  constructor(
    readonly text: string,
    private readonly v: Int32Array,
    private readonly vl: Int32Array,
    private readonly o: Int32Array,
    private readonly ol: Int32Array,
  ) {}

  /** Index of the last edit starting at or before view offset x, or -1. */
  private editAt(x: number): number {
    let lo = 0;
    let hi = this.v.length - 1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.v[mid]! <= x) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return k;
  }

  /** The original span [start, end) of view character x. */
  span(x: number): [number, number] {
    const k = this.editAt(x);
    if (k < 0) return [x, x + 1];
    const vEnd = this.v[k]! + this.vl[k]!;
    if (x < vEnd) return [this.o[k]!, this.o[k]! + this.ol[k]!];
    const o = this.o[k]! + this.ol[k]! + (x - vEnd);
    return [o, o + 1];
  }

  /** The original span of view range [start, end). */
  original(start: number, end: number): [number, number] {
    return [this.span(start)[0], this.span(end - 1)[1]];
  }
}


// Unicode Cf (format) characters and fillers that render as nothing (UnicodeData.txt).
const INVISIBLE = /^[\p{Cf}\u034f\u115f\u1160\u3164\uffa0\ufe00-\ufe0f]$/u;
const DASH = /^[\p{Pd}\u2212\ufe63\uff0d]$/u;
const SPACE = /^[\p{Zs}]$/u;
const ND = /^\p{Nd}$/u;
const MARKS = /\p{M}/gu;

const ENTITIES: Record<string, string> = {
  nbsp: ' ', ensp: ' ', emsp: ' ', thinsp: ' ', ndash: '-', mdash: '-', minus: '-', hyphen: '-', dash: '-',
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", shy: '', zwsp: '', zwnj: '', zwj: '', lrm: '', rlm: '', colon: ':',
  num: '#', period: '.', sol: '/', lowbar: '_', tab: '\t', newline: '\n',
};

/** Tags that end a cell or a line: their text must not run together with the next. */
const CELL_TAGS = new Set(['td', 'th']);
const LINE_TAGS = new Set(['br', 'p', 'div', 'tr', 'li', 'table', 'tbody', 'thead', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'section', 'article', 'pre', 'blockquote', 'hr']);
const HTML_TAGS = new Set([
  ...CELL_TAGS, ...LINE_TAGS, 'b', 'i', 'u', 's', 'em', 'strong', 'span', 'font', 'a', 'small', 'big', 'sup', 'sub', 'mark', 'code', 'label',
  'html', 'head', 'body', 'style', 'o:p', 'caption', 'col', 'colgroup', 'tfoot', 'img', 'input', 'textarea', 'form', 'button', 'select', 'option',
  'data', 'param', 'meter',
]);

const charCache = new Map<number, string>();

/** Separators tokens.ts already knows (U+2010–U+2015, U+2212, U+00A0, U+2007, U+2009, U+202F). */
const NATIVE_SEPARATORS = new Set([0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xa0, 0x2007, 0x2009, 0x202f]);


/** What one code point reads as: '' (invisible), one ASCII character, or itself. */
function plainChar(cp: number, ch: string): string {
  let out = charCache.get(cp);
  if (out !== undefined) return out;
  if (INVISIBLE.test(ch)) out = '';
  else if (ND.test(ch)) {
    // Decimal digits come in runs of ten starting at zero (UnicodeData.txt, Nd).
    let s = cp;
    while (s > 0 && cp - s < 60 && ND.test(String.fromCodePoint(s - 1))) s--;
    out = String((cp - s) % 10);
  } else if (DASH.test(ch)) out = '-';
  else if (SPACE.test(ch)) out = ' ';
  else if (cp >= 0xff01 && cp <= 0xff5e) out = String.fromCharCode(cp - 0xfee0); // fullwidth ASCII
  else if (cp === 0x0417 || cp === 0x0437) out = '3'; // Cyrillic Ze: how OCR reads a 3
  else {
    const base = ch.normalize('NFKD').replace(MARKS, '');
    out = base.length === 1 && base.charCodeAt(0) < 0x80 ? base : ch;
  }
  charCache.set(cp, out);
  return out;
}

/** WordprocessingML's paragraph, run and run-property elements (ECMA-376 Part 1 §17.3), lower case. */
const WORD_RUN_TAGS = new Set([
  'w:p', 'w:r', 'w:t', 'w:tab', 'w:br', 'w:rpr', 'w:ppr', 'w:b', 'w:i', 'w:u', 'w:sz', 'w:szcs', 'w:color', 'w:lang', 'w:rfonts',
  'w:highlight', 'w:vertalign', 'w:noproof', 'w:spacing', 'w:jc', 'w:ind', 'w:pstyle', 'w:rstyle', 'w:prooferr', 'w:ins', 'w:del',
  'w:deltext', 'w:bookmarkstart', 'w:bookmarkend', 'w:hyperlink', 'w:smarttag', 'w:sdt', 'w:sdtcontent', 'w:sdtpr',
  'w:commentrangestart', 'w:commentrangeend', 'w:commentreference', 'w:lastrenderedpagebreak', 'w:fldsimple', 'w:instrtext', 'w:fldchar',
]);

/** A body that says it is quoted-printable, or encodes "=" as "=3D" (a literal "=" never stands in one). */
const QUOTED_PRINTABLE = /[Qq]uoted-[Pp]rintable|QUOTED-PRINTABLE|=3D/;

/** A tag: its name, then attributes after a space, then ">" ("<jane@x.org>" is an address). */
const TAG = /<\/?([a-zA-Z][\w:.-]*)(?:\s[^<>]{0,500})?\/?>/y;
const CELL_LABEL = /\sdata-label\s*=\s*"([^"<>]{1,200})"/i;
const REF = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));/y;

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

// One character class (fast to scan for): non-ASCII, "%", "&", "<" or "="; translate() decides.
const TRIGGER = /[^\x00-\x24\x27-\x2a\x2c-\x3b\x3e-\x5b\x5d-\x7f]/g;
// The same, or a digit beside a letter OCR reads as a digit (ocr.ts): both in one pass over the text.
const TRIGGER_OR_SEED = new RegExp(`${TRIGGER.source}|${OCR_SEED_SOURCE}`, 'g');

const isDigit = (c: number) => c >= 48 && c <= 57;
/** Inside a number: a digit, or a dash or space beside one. */
const inNumber = (c: number) => isDigit(c) || c === 45 || c === 32;

/**
 * What the text at `i` reads as and how long it is, or null when it reads as itself.
 * `c` is text.charCodeAt(i); `tag` the tag that starts there (tagAt), if any.
 */
function translate(text: string, i: number, c: number, tag: RegExpExecArray | null, quotedPrintable: boolean): [string, number] | null {
  if (c === 60 /* < */) {
    if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      return close >= 0 && close - i < 5000 ? ['', close + 3 - i] : null;
    }
    if (!tag) return null;
    const name = tag[1]!.toLowerCase();
    if (CELL_TAGS.has(name)) {
      // A responsive table names each cell in an attribute (<td data-label="Weekly benefit">): the
      // label a person sees beside the value.
      const label = CELL_LABEL.exec(tag[0]);
      return [label ? `\t${label[1]!.replace(/[^\w .#/-]/g, ' ').slice(0, 60)}: ` : '\t', tag[0].length];
    }
    if (LINE_TAGS.has(name)) return ['\n', tag[0].length];
    if (HTML_TAGS.has(name)) return ['', tag[0].length];
    // WordprocessingML (ECMA-376 Part 1 §17): a paragraph ends a line; runs, their text and their
    // properties join with nothing, as Word shows them ("<w:t>318-7</w:t>…<w:t>2-40</w:t>").
    if (WORD_RUN_TAGS.has(name)) {
      const closing = tag[0][1] === '/';
      return [name === 'w:tab' ? '\t' : name === 'w:br' || (name === 'w:p' && closing) ? '\n' : '', tag[0].length];
    }
    // A WebVTT voice span names its speaker: "<v Dana Whitfield>" reads as "Dana Whitfield: ".
    if (name === 'v') return [tag[0][1] === '/' ? '' : `${tag[0].slice(2, -1).trim().slice(0, 40)}: `, tag[0].length];
    // <SocialSecurityNumber>: an XML element's name is the label of its value.
    return [tag[0][1] === '/' ? ' ' : ` ${tag[1]} `, tag[0].length];
  }
  if (c === 38 /* & */) {
    REF.lastIndex = i;
    const ref = REF.exec(text);
    if (!ref) return null;
    const decoded =
      ref[3] !== undefined ? ENTITIES[ref[3].toLowerCase()] : String.fromCodePoint(Math.min(0x10ffff, parseInt(ref[1] ?? ref[2]!, ref[1] ? 10 : 16)));
    if (decoded === undefined) return null;
    const cp = decoded.codePointAt(0);
    return [cp === undefined ? '' : cp < 0x80 ? decoded : plainChar(cp, decoded), ref[0].length];
  }
  if (c === 61 /* = */) {
    // A quoted-printable soft line break (RFC 2045 §6.7: "=" at the end of an encoded line, which
    // encoders wrap at 76 characters) inside a number reads as nothing: "536-22-18=\r\n74".
    const n = text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10 ? 3 : text.charCodeAt(i + 1) === 10 ? 2 : 0;
    if (quotedPrintable) {
      // A quoted-printable body (RFC 2045 §6.7): every soft line break reads as nothing, and "=XX" as
      // the ASCII character it encodes ("SSN=3D368-22-14", "=249,360.00", "=0A").
      if (n > 0) return ['', n];
      const h1 = hexValue(text.charCodeAt(i + 1));
      const h2 = hexValue(text.charCodeAt(i + 2));
      const v = h1 * 16 + h2;
      if (h1 >= 0 && h2 >= 0 && (v === 9 || v === 10 || v === 13 || (v >= 0x20 && v < 0x7f))) return [v === 13 ? '' : String.fromCharCode(v), 3];
      return null;
    }
    if (n === 0) return null;
    const before = text.charCodeAt(i - 1);
    const after = text.charCodeAt(i + n);
    return inNumber(before) && inNumber(after) && (isDigit(before) || isDigit(after)) ? ['', n] : null;
  }
  if (c === 92 /* \ */) {
    // A JSON string inside a JSON string (a log line's payload): its escaped quotes read as the quotes
    // they stand for, however deep ("\\\"account\\\":\\\"2277…").
    // Bounded: four levels of quoting are fifteen backslashes, and a longer run is read a piece at a time.
    let n = 1;
    while (n < 16 && text.charCodeAt(i + n) === 92) n++;
    if (n > 1 && text.charCodeAt(i + n) === 34) return ['"', n + 1];
    // A JSON string's escapes, as a webmail posts its HTML body: "\u003ctd\u003e619-75-4271", "\n".
    const e = text.charCodeAt(i + 1);
    if (e === 34 /* " */) return ['"', 2];
    if (e === 117 /* u */) {
      let v = 0;
      for (let k = 2; k < 6; k++) {
        const h = hexValue(text.charCodeAt(i + k));
        if (h < 0) return null;
        v = v * 16 + h;
      }
      if (v >= 0xd800 && v <= 0xdfff) return null;
      const ch = String.fromCharCode(v);
      return [v < 0x80 ? (v < 0x20 ? (v === 10 ? '\n' : ' ') : ch) : plainChar(v, ch), 6];
    }
    if (e === 110 /* n */) return ['\n', 2];
    if (e === 116 /* t */) return ['\t', 2];
    if (e === 114 /* r */) return [' ', 2];
    return null;
  }
  if (c === 43 /* + */) {
    // A URL-encoded body writes a space as "+": "ee_ssn=377+19+4408".
    return isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1)) && formValue(text, i) ? [' ', 1] : null;
  }
  if (c === 37 /* % */) {
    const h1 = hexValue(text.charCodeAt(i + 1));
    const h2 = hexValue(text.charCodeAt(i + 2));
    if (h1 < 0 || h2 < 0) return null;
    const v = h1 * 16 + h2;
    // Only printable ASCII: a query string's "%3D", "%20", "%2D".
    return v >= 0x20 && v < 0x7f ? [String.fromCharCode(v), 3] : null;
  }
  const cp = text.codePointAt(i)!;
  // Unicode dashes and no-break spaces the token rules already read as separators: no edit, so
  // that ordinary mail with an en dash or an NBSP needs no view at all.
  if (NATIVE_SEPARATORS.has(cp)) return null;
  // Cyrillic Ze reads as 3 only beside a digit ("5З6-22-1874"); in Russian words it is a letter.
  if ((cp === 0x0417 || cp === 0x0437) && !isDigit(text.charCodeAt(i - 1)) && !isDigit(text.charCodeAt(i + 1))) return null;
  const w = cp > 0xffff ? 2 : 1;
  const ch = text.slice(i, i + w);
  const r = plainChar(cp, ch);
  return r === ch ? null : [r, w];
}

/** The "+" at `i` sits in a form field's value: an "=" before it in the same field, no space between. */
function formValue(text: string, i: number): boolean {
  for (let k = i - 1; k >= 0 && k > i - 40; k--) {
    const c = text.charCodeAt(k);
    if (c === 61) return true;
    if (c === 38 || c === 32 || c === 10 || c === 9) return false;
  }
  return false;
}

/** The tag starting at `i`, or null. */
function tagAt(text: string, i: number): RegExpExecArray | null {
  TAG.lastIndex = i;
  return TAG.exec(text);
}

/**
 * The edits that read the tag `tag` at `i` when it carries values a person sees (attributes.ts): each
 * stretch around the kept values, as [from, to, replacement]; null for every other tag.
 */
function keptValues(i: number, tag: RegExpExecArray | null): Array<[number, number, string]> | null {
  if (!tag) return null;
  const name = tag[1]!.toLowerCase();
  const values = keptAttributes(tag[0], name, HTML_TAGS.has(name));
  if (!values) return null;
  const out: Array<[number, number, string]> = [];
  let from = i;
  let head = HTML_TAGS.has(name) ? ' ' : ` ${tag[1]} `;
  for (const kv of values) {
    out.push([from, i + kv.start, `${head}${kv.label.replace(/[^\w.#-]/g, ' ')}: `]);
    from = i + kv.end;
    head = ' ';
  }
  out.push([from, i + tag[0].length, ' ']);
  return out;
}

/**
 * The view of `text` (its first `limit` characters), or null when the detectors can read it as it is.
 * `ocr: false` leaves OCR's letters as letters (for reading words, not numbers).
 */
export function plainView(text: string, limit = text.length, { ocr: readOcr = true } = {}): View | null {
  const src = limit < text.length ? text.slice(0, limit) : text;
  const quotedPrintable = QUOTED_PRINTABLE.test(src);
  // One pass finds both the trigger characters and OCR's letters: a digit it stops at is where a
  // run read by OCR may be (ocr.ts), and its letters join the queue `ocr` in order. A run holds no
  // trigger character, so every letter before the trigger in hand is already queued.
  const scan = readOcr ? TRIGGER_OR_SEED : TRIGGER;
  scan.lastIndex = 0;
  const ocr: Array<[number, string]> = [];
  let ocrFrom = 0;
  const nextTrigger = (): RegExpExecArray | null => {
    for (let f = scan.exec(src); f; f = scan.exec(src)) {
      const c = src.charCodeAt(f.index);
      if (c < 48 || c > 57) return f;
      if (f.index < ocrFrom) continue;
      const e = readSeed(src, f.index, ocrFrom, ocr);
      if (e >= 0) ocrFrom = e;
    }
    return null;
  };
  /** The first trigger at or after `from`. */
  const triggerFrom = (from: number): RegExpExecArray | null => {
    let t = nextTrigger();
    while (t && t.index < from) t = nextTrigger();
    return t;
  };
  let m = nextTrigger();
  const parts: string[] = [];
  const v: number[] = [];
  const vl: number[] = [];
  const o: number[] = [];
  const ol: number[] = [];
  let last = 0;
  let vpos = 0;
  let q = 0;
  // Two ordered streams of places to read differently: the trigger characters and OCR's letters.
  while (m || q < ocr.length) {
    let i: number;
    let t: [string, number] | null;
    if (q < ocr.length && (!m || ocr[q]![0] < m.index)) {
      i = ocr[q]![0];
      t = [ocr[q]![1], 1];
      q++;
      if (i < last) continue;
    } else {
      i = m!.index;
      if (i < last) {
        m = nextTrigger();
        continue;
      }
      const c = src.charCodeAt(i);
      const tag = c === 60 ? tagAt(src, i) : null;
      const kept = keptValues(i, tag);
      if (kept) {
        // A tag whose attribute values are kept: each value stays in place after its label.
        let at = i;
        for (const [from, to, r] of kept) {
          parts.push(src.slice(last, from), r);
          vpos += from - last;
          v.push(vpos);
          vl.push(r.length);
          o.push(from);
          ol.push(to - from);
          vpos += r.length;
          last = to;
          at = to;
        }
        m = triggerFrom(at);
        continue;
      }
      t = translate(src, i, c, tag, quotedPrintable);
      if (!t) {
        m = nextTrigger();
        continue;
      }
    }
    const [r, len] = t;
    parts.push(src.slice(last, i), r);
    vpos += i - last;
    v.push(vpos);
    vl.push(r.length);
    o.push(i);
    ol.push(len);
    vpos += r.length;
    last = i + len;
    if (m && m.index < last) m = triggerFrom(last);
  }
  if (v.length === 0) return null;
  parts.push(src.slice(last));
  return new View(parts.join(''), Int32Array.from(v), Int32Array.from(vl), Int32Array.from(o), Int32Array.from(ol));
}

