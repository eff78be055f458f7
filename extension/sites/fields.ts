/** Form fields: which ones hold text, and what each is called (name, id, label) for context. */
import type { Editor } from './editor';

// Hidden inputs are sent like any other field, so they are read and masked like any other.
const TEXT_INPUT_TYPES = new Set(['', 'text', 'search', 'email', 'tel', 'number', 'url', 'hidden']);

export function textEditorsIn(root: HTMLElement, skip: (el: HTMLElement) => boolean = () => false): Editor[] {
  const out: Editor[] = [];
  const within = deepQueryAll(root, 'textarea, input, [contenteditable="true"], [contenteditable=""]');
  // A form also sends the fields outside it that name it (<input form="id">).
  if (root.tagName === 'FORM') {
    for (const el of [...(root as HTMLFormElement).elements] as HTMLElement[]) if (!within.includes(el) && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA')) within.push(el);
  }
  // A rich-text editor in a same-origin iframe (TinyMCE, CKEditor 4): its editable body is the text.
  for (const frame of deepQueryAll(root, 'iframe') as HTMLIFrameElement[]) {
    let body: HTMLElement | null | undefined;
    try {
      body = frame.contentDocument?.body;
    } catch {
      body = undefined; // another origin: its own frame's guard reads it
    }
    if (body && (body.isContentEditable || frame.contentDocument?.designMode === 'on')) out.push({ el: body, field: fieldName(frame) });
  }
  within.forEach((el) => {
    if (skip(el)) return;
    if (el.tagName === 'INPUT' && !TEXT_INPUT_TYPES.has(((el as HTMLInputElement).getAttribute('type') ?? '').toLowerCase())) return;
    if (el.tagName !== 'INPUT' && el.tagName !== 'TEXTAREA' && el.parentElement?.closest('[contenteditable="true"], [contenteditable=""]')) return;
    if ((el as HTMLInputElement).disabled || (el as HTMLInputElement).readOnly) return;
    out.push({ el, field: fieldName(el) });
  });
  return out;
}

export function fieldName(el: HTMLElement): string | undefined {
  const parts = [el.getAttribute('name'), el.id, el.getAttribute('aria-label'), el.getAttribute('placeholder'), labelText(el)].filter(
    (p): p is string => !!p,
  );
  return parts.length ? parts.join(' ') : undefined;
}

function labelText(el: HTMLElement): string | null {
  const labels = (el as HTMLInputElement).labels;
  if (labels && labels.length) return [...labels].map((l) => l.textContent ?? '').join(' ').trim();
  const by = el.getAttribute('aria-labelledby');
  if (by) return by.split(/\s+/).map((id) => el.ownerDocument.getElementById(id)?.textContent ?? '').join(' ').trim();
  return null;
}

/** A button or input that can submit a form (requestSubmit accepts only those). */
export function isSubmitter(el: Element | null | undefined): el is HTMLButtonElement | HTMLInputElement {
  return !!el && (el.tagName === 'BUTTON' || (el.tagName === 'INPUT' && ['submit', 'image'].includes((el as HTMLInputElement).type)));
}

/** querySelectorAll that also looks inside open shadow roots (web components). */
export function deepQueryAll(root: ParentNode, selector: string): HTMLElement[] {
  const out: HTMLElement[] = [...root.querySelectorAll<HTMLElement>(selector)];
  const walk = (node: ParentNode) => {
    for (const el of node.querySelectorAll<HTMLElement>('*')) {
      if (el.shadowRoot) {
        out.push(...el.shadowRoot.querySelectorAll<HTMLElement>(selector));
        walk(el.shadowRoot);
      }
    }
  };
  walk(root);
  return out;
}
