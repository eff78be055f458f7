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

const TAG_SOURCE = /<(\/?)([A-Za-z_][\w.:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<!DOCTYPE/g;

/** Calls `onTag` for every element tag in order; comments and declarations are skipped. */
export function eachTag(xml: string, onTag: (t: Tag) => void): void {
  // A fresh RegExp each call: a callback may read another part (nested calls share no state).
  const TAG = new RegExp(TAG_SOURCE.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = TAG.exec(xml))) {
    if (m[0] === '<!DOCTYPE') cannot('corrupt', 'a package part declares a DOCTYPE');
    if (m[2] === undefined) continue;
    onTag({ name: m[2], close: m[1] === '/', selfClosing: m[4] === '/', start: m.index, end: m.index + m[0].length, attrs: m[3] ?? '' });
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
