/**
 * The little XML an OOXML text edit needs: find the text elements of a part, decode their content,
 * and put changed content back without touching a byte of anything else. Office's own parts are
 * well formed; a part that is not is reported as corrupt rather than guessed at.
 */
import { cannot } from './errors';

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return ENTITY[e] ?? m;
  });
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

export interface Tag {
  /** Element name with its prefix, e.g. `w:t`. */
  name: string;
  close: boolean;
  selfClosing: boolean;
  /** Offset of `<` and just past `>`. */
  start: number;
  end: number;
  attrs: string;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[\w.:-]/;

/** The end of a construct that runs to `close`, or corrupt: never a scan of the rest for each `<`. */
function past(xml: string, from: number, close: string, what: string): number {
  const at = xml.indexOf(close, from);
  if (at < 0) cannot('corrupt', `a package part has ${what} that never ends`);
  return at + close.length;
}

/**
 * Calls `onTag` for every element tag in order; comments, declarations and CDATA are skipped. One
 * pass over the part: each character is read once, so a part of unterminated tags costs what a
 * good part of its size does (a pattern that retried from every `<` grew with the square).
 */
export function eachTag(xml: string, onTag: (t: Tag) => void): void {
  let at = xml.indexOf('<');
  while (at >= 0) {
    const start = at;
    if (xml.startsWith('<!--', at)) at = past(xml, at + 4, '-->', 'a comment');
    else if (xml.startsWith('<?', at)) at = past(xml, at + 2, '?>', 'a declaration');
    else if (xml.startsWith('<![CDATA[', at)) at = past(xml, at + 9, ']]>', 'a CDATA section');
    else if (xml.startsWith('<!DOCTYPE', at)) cannot('corrupt', 'a package part declares a DOCTYPE');
    else {
      let i = at + 1;
      const close = xml[i] === '/';
      if (close) i++;
      const nameStart = i;
      if (i < xml.length && NAME_START.test(xml[i]!)) {
        i++;
        while (i < xml.length && NAME_CHAR.test(xml[i]!)) i++;
        const name = xml.slice(nameStart, i);
        const attrsStart = i;
        // Attributes run to the first `>` outside quotes.
        for (;;) {
          if (i >= xml.length) cannot('corrupt', `a package part has a <${name}> tag that never ends`);
          const ch = xml[i]!;
          if (ch === '>') break;
          if (ch === '"' || ch === "'") i = past(xml, i + 1, ch, 'an attribute value') - 1;
          i++;
        }
        const selfClosing = xml[i - 1] === '/' && i - 1 >= attrsStart;
        const attrs = xml.slice(attrsStart, selfClosing ? i - 1 : i);
        at = i + 1;
        onTag({ name, close, selfClosing, start, end: at, attrs });
      } else {
        // A `<` that starts no tag: not well formed, but nothing to read either.
        at = start + 1;
      }
    }
    at = xml.indexOf('<', at);
  }
}

export function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name.replace(/[.:]/g, '\\$&')}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? decodeXml(m[1] ?? m[2] ?? '') : undefined;
}

/** One text element's content: where it sits in the part and where its text sits in the joined text. */
export interface TextNode {
  xmlStart: number;
  xmlEnd: number;
  textStart: number;
  textEnd: number;
  value: string;
}

/** Replaces the content of the nodes whose text changed; everything else stays as it was. */
export function replaceNodes(xml: string, nodes: readonly TextNode[], masked: string): { xml: string; changed: boolean } {
  const parts: string[] = [];
  let at = 0;
  for (const n of nodes) {
    const next = masked.slice(n.textStart, n.textEnd);
    if (next === n.value) continue;
    parts.push(xml.slice(at, n.xmlStart), escapeXml(next));
    at = n.xmlEnd;
  }
  if (at === 0) return { xml, changed: false };
  parts.push(xml.slice(at));
  return { xml: parts.join(''), changed: true };
}
