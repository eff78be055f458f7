/**
 * The editor contract between the site adapters and the guard: an adapter names the editors of a
 * compose (text fields and rich editors) and may set a field the way typing would; the guard
 * (content/editors.ts) reads and masks them. Adapters depend on this file, never on the guard.
 */

export type Field = HTMLInputElement | HTMLTextAreaElement;

export interface Editor {
  el: HTMLElement;
  /** Name or label of the field, passed to detection as context (forms). */
  field?: string;
}

export function isField(el: Element): el is Field {
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA';
}

/** Sets a field's value the way a user's typing would, so frameworks see the change. */
export function setFieldValue(el: Field, value: string): void {
  const proto = Object.getPrototypeOf(el) as object;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  if (setter) setter.call(el, value);
  else el.value = value;
  el.dispatchEvent(new (el.ownerDocument.defaultView!.Event)('input', { bubbles: true }));
  el.dispatchEvent(new (el.ownerDocument.defaultView!.Event)('change', { bubbles: true }));
}
