/**
 * Modal dialogs for send decisions. They say in plain words what happened and offer the actions that
 * fit; focus moves into the dialog and Escape closes it as "edit message".
 */
import { el, shadowHost } from './shadow';

export interface DialogAction {
  id: string;
  label: string;
  primary?: boolean;
  /** The action needs the justification box filled (≥ 10 characters) or the checkbox ticked. */
  requires?: 'justification' | 'checkbox';
}

export interface DialogSpec {
  name: string;
  title: string;
  body: string[];
  list?: string[];
  justification?: string;
  checkbox?: string;
  actions: DialogAction[];
  /** Action chosen by Escape. */
  dismiss: string;
}

export interface DialogResult {
  action: string;
  justification: string;
}

let sequence = 0;

/**
 * A real modal: focus moves in and stays (Tab cycles inside), the page behind is inert, Escape closes
 * it from anywhere, and focus returns to where it was. The title labels it, the first paragraph
 * describes it, and a disabled action says why it is disabled.
 */
export function showDialog(doc: Document, spec: DialogSpec): Promise<DialogResult> {
  const { host, root } = shadowHost(doc, spec.name);
  host.setAttribute('data-dialog', spec.name);
  const returnTo = doc.activeElement as HTMLElement | null;
  const id = `dg-dialog-${++sequence}`;
  return new Promise((resolve) => {
    const dialog = el(doc, 'div', {
      className: 'dialog',
      attrs: { role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': `${id}-title`, ...(spec.body.length ? { 'aria-describedby': `${id}-desc` } : {}) },
    });
    dialog.append(el(doc, 'h2', { text: spec.title, attrs: { id: `${id}-title` } }));
    spec.body.forEach((p, i) => dialog.append(el(doc, 'p', { text: p, attrs: i === 0 ? { id: `${id}-desc` } : {} })));
    if (spec.list?.length) dialog.append(el(doc, 'ul', {}, ...spec.list.map((t) => el(doc, 'li', { text: t }))));
    let text: HTMLTextAreaElement | null = null;
    if (spec.justification) {
      text = el(doc, 'textarea', { attrs: { id: `${id}-why`, placeholder: spec.justification, name: 'justification' } });
      dialog.append(el(doc, 'label', { text: spec.justification, attrs: { for: `${id}-why` } }), text);
    }
    let box: HTMLInputElement | null = null;
    if (spec.checkbox) {
      box = el(doc, 'input', { attrs: { type: 'checkbox', name: 'confirm', id: `${id}-confirm` } });
      dialog.append(el(doc, 'label', { attrs: { for: `${id}-confirm` } }, box, doc.createTextNode(` ${spec.checkbox}`)));
    }
    const hint = el(doc, 'p', { className: 'hint', attrs: { id: `${id}-hint`, 'aria-live': 'polite' } });
    const buttons = spec.actions.map((a) => {
      const b = el(doc, 'button', { text: a.label, className: a.primary ? 'primary' : '', attrs: { 'data-action': a.id, type: 'button' } });
      b.addEventListener('click', () => finish(a.id));
      return { a, b };
    });
    const refresh = () => {
      const why: string[] = [];
      for (const { a, b } of buttons) {
        const blocked =
          (a.requires === 'justification' && (text?.value.trim().length ?? 0) < 10) || (a.requires === 'checkbox' && !box?.checked);
        b.disabled = blocked;
        if (blocked) {
          const reason = a.requires === 'justification' ? 'write why, in at least 10 characters' : 'tick the box above';
          why.push(`To ${a.label.toLowerCase()}, ${reason}.`);
          b.setAttribute('aria-describedby', `${id}-hint`);
          b.title = reason;
        } else {
          b.removeAttribute('aria-describedby');
          b.removeAttribute('title');
        }
      }
      hint.textContent = why.join(' ');
    };
    text?.addEventListener('input', refresh);
    box?.addEventListener('change', refresh);
    refresh();
    dialog.append(hint, el(doc, 'div', { className: 'actions' }, ...buttons.map((x) => x.b)));
    const backdrop = el(doc, 'div', { className: 'backdrop' }, dialog);
    root.appendChild(backdrop);

    // The page behind cannot be clicked, typed into or reached with Tab.
    const inerted: HTMLElement[] = [];
    for (const child of [...(host.parentElement?.children ?? [])] as HTMLElement[]) {
      if (child === host || child.inert || child.tagName === 'DISCLOSURE-GUARD-UI') continue;
      child.inert = true;
      inerted.push(child);
    }
    const focusables = () =>
      [text, box, ...buttons.map((x) => x.b)].filter((x): x is HTMLTextAreaElement | HTMLInputElement | HTMLButtonElement => !!x && !x.disabled);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopImmediatePropagation();
        finish(spec.dismiss);
        return;
      }
      if (e.key === 'Tab') {
        const f = focusables();
        if (f.length === 0) return;
        const active = root.activeElement;
        const i = f.indexOf(active as never);
        const next = e.shiftKey ? (i <= 0 ? f.length - 1 : i - 1) : i === f.length - 1 ? 0 : i + 1;
        e.preventDefault();
        f[next]!.focus();
      }
    };
    // Escape from anywhere: the page, the dialog, or nowhere in particular.
    const win = doc.defaultView!;
    win.addEventListener('keydown', onKey, true);
    (text ?? buttons.find((x) => x.a.primary)?.b ?? buttons[0]?.b)?.focus();
    function finish(action: string) {
      win.removeEventListener('keydown', onKey, true);
      for (const e of inerted) e.inert = false;
      host.remove();
      if (returnTo?.isConnected) returnTo.focus();
      resolve({ action, justification: text?.value.trim() ?? '' });
    }
  });
}
