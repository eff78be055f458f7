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

export function showDialog(doc: Document, spec: DialogSpec): Promise<DialogResult> {
  const { host, root } = shadowHost(doc, spec.name);
  host.setAttribute('data-dialog', spec.name);
  return new Promise((resolve) => {
    const dialog = el(doc, 'div', { className: 'dialog', attrs: { role: 'alertdialog', 'aria-modal': 'true', 'aria-label': spec.title } });
    dialog.append(el(doc, 'h2', { text: spec.title }));
    for (const p of spec.body) dialog.append(el(doc, 'p', { text: p }));
    if (spec.list?.length) dialog.append(el(doc, 'ul', {}, ...spec.list.map((t) => el(doc, 'li', { text: t }))));
    let text: HTMLTextAreaElement | null = null;
    if (spec.justification) {
      text = el(doc, 'textarea', { attrs: { 'aria-label': spec.justification, placeholder: spec.justification, name: 'justification' } });
      dialog.append(el(doc, 'label', { text: spec.justification }), text);
    }
    let box: HTMLInputElement | null = null;
    if (spec.checkbox) {
      box = el(doc, 'input', { attrs: { type: 'checkbox', name: 'confirm' } });
      dialog.append(el(doc, 'label', {}, box, doc.createTextNode(` ${spec.checkbox}`)));
    }
    const buttons = spec.actions.map((a) => {
      const b = el(doc, 'button', { text: a.label, className: a.primary ? 'primary' : '', attrs: { 'data-action': a.id, type: 'button' } });
      b.addEventListener('click', () => finish(a.id));
      return { a, b };
    });
    const refresh = () => {
      for (const { a, b } of buttons) {
        b.disabled =
          (a.requires === 'justification' && (text?.value.trim().length ?? 0) < 10) || (a.requires === 'checkbox' && !box?.checked);
      }
    };
    text?.addEventListener('input', refresh);
    box?.addEventListener('change', refresh);
    refresh();
    dialog.append(el(doc, 'div', { className: 'actions' }, ...buttons.map((x) => x.b)));
    const backdrop = el(doc, 'div', { className: 'backdrop' }, dialog);
    root.appendChild(backdrop);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') finish(spec.dismiss);
      e.stopPropagation();
    };
    dialog.addEventListener('keydown', onKey);
    (text ?? buttons.find((x) => x.a.primary)?.b ?? buttons[0]?.b)?.focus();
    function finish(action: string) {
      host.remove();
      resolve({ action, justification: text?.value.trim() ?? '' });
    }
  });
}
