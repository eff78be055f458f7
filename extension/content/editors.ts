/**
 * Reading and changing what staff typed, in place: text inputs and textareas through the native
 * value setter plus an input event (so React-controlled fields keep the change), rich editors
 * through their text nodes (so the markup, and the page's own state, stay as they are).
 */
import { maskValue } from '../../shared/mask';
import type { Finding } from '../../shared/detect/types';

import { isField, setFieldValue } from '../sites/editor';
import type { Editor, Field } from '../sites/editor';

export { isField, setFieldValue };
export type { Editor, Field };

const BLOCK = new Set(['DIV', 'P', 'LI', 'UL', 'OL', 'TR', 'TABLE', 'BLOCKQUOTE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'PRE', 'SECTION', 'ARTICLE']);

interface Segment {
  node: Text;
  start: number;
}

/** The text of a rich editor as staff see it (blocks and <br> are line breaks), with where each text node sits. */
export function richText(root: HTMLElement): { text: string; segments: Segment[] } {
  let text = '';
  const segments: Segment[] = [];
  const breakLine = () => {
    if (text.length && !text.endsWith('\n')) text += '\n';
  };
  const walk = (node: Node) => {
    for (let n = node.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3) {
        const t = n as Text;
        if (t.data.length) {
          segments.push({ node: t, start: text.length });
          text += t.data;
        }
      } else if (n.nodeType === 1) {
        const tag = (n as Element).tagName;
        if (tag === 'BR') text += '\n';
        else if (tag === 'TD' || tag === 'TH') {
          // A pasted spreadsheet: cells apart, as innerText has them, so numbers never run together.
          if (text.length && !text.endsWith('\t') && !text.endsWith('\n')) text += '\t';
          walk(n);
        } else if (BLOCK.has(tag)) {
          breakLine();
          walk(n);
          breakLine();
        } else walk(n);
      }
    }
  };
  walk(root);
  return { text, segments };
}

export function textOf(editor: Editor): string {
  return isField(editor.el) ? editor.el.value : richText(editor.el).text;
}


/**
 * Masks the identifier findings of one editor in place. Returns the masked values (for the log's
 * masked samples). Masking keeps every length, so offsets stay valid while we work.
 */
/** Digits a finding keeps visible: a box of a split value shows only its share of the last ones. */
const shown = (f: Finding, keep: Partial<Record<string, number>>) => Math.max(0, keep[f.type]! - (f.followingDigits ?? 0));

export function maskEditor(editor: Editor, findings: readonly Finding[], keep: Partial<Record<string, number>>): string[] {
  const targets = findings.filter((f) => keep[f.type] !== undefined);
  if (targets.length === 0) return [];
  const samples: string[] = [];
  if (isField(editor.el)) {
    const value = editor.el.value;
    let out = '';
    let at = 0;
    for (const f of targets) {
      const masked = maskValue(value.slice(f.start, f.end), shown(f, keep));
      samples.push(masked);
      out += value.slice(at, f.start) + masked;
      at = f.end;
    }
    setFieldValue(editor.el, out + value.slice(at));
    return samples;
  }
  const { text, segments } = richText(editor.el);
  const edits = new Map<Text, string[]>();
  for (const f of targets) {
    const original = text.slice(f.start, f.end);
    const masked = maskValue(original, shown(f, keep));
    samples.push(masked);
    for (let i = 0; i < masked.length; i++) {
      if (masked[i] === original[i]) continue;
      const seg = segmentAt(segments, f.start + i);
      if (!seg) continue;
      const chars = edits.get(seg.node) ?? [...seg.node.data];
      chars[f.start + i - seg.start] = masked[i]!;
      edits.set(seg.node, chars);
    }
  }
  for (const [node, chars] of edits) node.data = chars.join('');
  editor.el.dispatchEvent(new (editor.el.ownerDocument.defaultView!.Event)('input', { bubbles: true }));
  return samples;
}

function segmentAt(segments: Segment[], pos: number): Segment | undefined {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segments[mid]!;
    if (pos < s.start) hi = mid - 1;
    else if (pos >= s.start + s.node.data.length) lo = mid + 1;
    else return s;
  }
  return undefined;
}

/** Appends the statement after a blank line: a paragraph in rich editors, text in fields. */
export function appendStatementTo(editor: Editor, statement: string): void {
  if (isField(editor.el)) {
    const v = editor.el.value;
    const gap = v.length === 0 ? '' : v.endsWith('\n\n') ? '' : v.endsWith('\n') ? '\n' : '\n\n';
    setFieldValue(editor.el, v + gap + statement);
    return;
  }
  const doc = editor.el.ownerDocument;
  const blank = doc.createElement('div');
  blank.appendChild(doc.createElement('br'));
  const para = doc.createElement('div');
  para.setAttribute('data-disclosure-guard', 'statement');
  para.textContent = statement;
  editor.el.append(blank, para);
  editor.el.dispatchEvent(new (doc.defaultView!.Event)('input', { bubbles: true }));
}
