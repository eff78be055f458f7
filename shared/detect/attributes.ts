/**
 * Values a person sees that a markup tag carries in its attributes: a form control's `value`
 * (`<input name="ssn" value="404-88-1375">`, HTML Living Standard §4.10) and the attributes of an
 * XML element (`<WageReport employerFein="52-4471180">`). The plain view (view.ts) keeps each such
 * value in place, after its name as a label, and drops the rest of the tag.
 */

/** Form controls whose `value` is shown or submitted; their `name` (or `id`) is the value's label. */
const CONTROLS = new Set(['input', 'option', 'button', 'textarea', 'select', 'data', 'param', 'meter']);
/** An attribute: its name, then a double- or single-quoted value. */
const ATTR = /([A-Za-z_:][\w:.-]{0,60})\s*=\s*(?:"([^"<>]{0,200})"|'([^'<>]{0,200})')/g;
/** A value worth keeping holds a digit; one holding escapes is left to the tag's usual reading. */
const WORTH = /\d/;
const ESCAPED = /[&%]/;

export interface KeptValue {
  /** The label the view writes before the value. */
  label: string;
  /** Offsets of the value inside the tag. */
  start: number;
  end: number;
}

/**
 * The attribute values of `tag` (the whole tag text, its element name `name`) to keep, in order,
 * or null when none are. `html`: whether the element is an HTML one (then only a control's value).
 */
export function keptAttributes(tag: string, name: string, html: boolean): KeptValue[] | null {
  if (tag[1] === '/' || (html && !CONTROLS.has(name))) return null;
  const out: KeptValue[] = [];
  let label = '';
  ATTR.lastIndex = 0;
  for (let m = ATTR.exec(tag); m; m = ATTR.exec(tag)) {
    const attr = m[1]!;
    const value = m[2] ?? m[3] ?? '';
    const at = m.index + m[0].length - value.length - 1;
    if (html) {
      if (/^(?:name|id)$/i.test(attr)) label = value;
      if (!/^value$/i.test(attr) || !WORTH.test(value) || ESCAPED.test(value)) continue;
      out.push({ label, start: at, end: at + value.length });
    } else if (WORTH.test(value) && !ESCAPED.test(value)) {
      out.push({ label: attr, start: at, end: at + value.length });
    }
  }
  // A control's name may come after its value: the label is the name whichever comes first.
  if (html && out.length) out[0]!.label = label || 'value';
  return out.length ? out : null;
}
