/**
 * The guard's dialogs and notice as a person uses them, keyboard included: a real modal (focus in
 * and trapped, the page inert, Escape from anywhere, focus back), disabled actions that say why,
 * and a notice that can be dismissed and stays dismissed.
 */
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { showDialog } from '../extension/ui/dialog';
import { Notice } from '../extension/ui/notice';

function page() {
  const window = new Window({ url: 'https://mail.example.test/', width: 1280, height: 800 });
  const doc = window.document as unknown as Document;
  doc.body.innerHTML = '<main><div contenteditable="true" id="body">Hi</div><button id="send">Send</button></main>';
  return { window, doc };
}

const key = (doc: Document, target: EventTarget, k: string, shift = false) =>
  target.dispatchEvent(new (doc.defaultView as unknown as typeof globalThis).KeyboardEvent('keydown', { key: k, shiftKey: shift, bubbles: true, cancelable: true, composed: true }));

const spec = {
  name: 'blocked',
  title: 'Not sent: a recipient may not receive this',
  body: ['This message holds a Social Security number.'],
  justification: 'Why must it go to them?',
  actions: [
    { id: 'remove', label: 'Remove these recipients' },
    { id: 'review', label: 'Request supervisor review', requires: 'justification' as const },
    { id: 'edit', label: 'Edit message', primary: true },
  ],
  dismiss: 'edit',
};

describe('the block dialog is a real modal', () => {
  it('takes focus, names and describes itself, and makes the page behind inert', () => {
    const { doc } = page();
    const editor = doc.getElementById('body')!;
    editor.focus();
    void showDialog(doc, spec);
    const host = doc.querySelector('disclosure-guard-ui[data-dialog="blocked"]')!;
    const root = host.shadowRoot!;
    const dialog = root.querySelector('[role="alertdialog"]')!;
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(root.getElementById(dialog.getAttribute('aria-labelledby')!)?.textContent).toBe(spec.title);
    expect(root.getElementById(dialog.getAttribute('aria-describedby')!)?.textContent).toBe(spec.body[0]);
    expect(root.activeElement?.tagName).toBe('TEXTAREA');
    expect((doc.querySelector('main') as HTMLElement & { inert: boolean }).inert).toBe(true);
  });

  it('says why an action is disabled, and enables it when it may be used', () => {
    const { doc } = page();
    void showDialog(doc, spec);
    const root = doc.querySelector('disclosure-guard-ui')!.shadowRoot!;
    const review = root.querySelector('[data-action="review"]') as HTMLButtonElement;
    expect(review.disabled).toBe(true);
    expect(root.getElementById(review.getAttribute('aria-describedby')!)?.textContent).toMatch(/at least 10 characters/);
    const text = root.querySelector('textarea')!;
    text.value = 'Sue covers this case this week.';
    text.dispatchEvent(new (doc.defaultView as unknown as typeof globalThis).Event('input'));
    expect(review.disabled).toBe(false);
    expect(review.hasAttribute('aria-describedby')).toBe(false);
  });

  it('keeps Tab inside, both ways', () => {
    const { doc } = page();
    void showDialog(doc, spec);
    const root = doc.querySelector('disclosure-guard-ui')!.shadowRoot!;
    const edit = root.querySelector('[data-action="edit"]') as HTMLElement;
    edit.focus();
    key(doc, edit, 'Tab');
    expect(root.activeElement?.tagName).toBe('TEXTAREA'); // wrapped to the first
    key(doc, root.activeElement!, 'Tab', true);
    expect(root.activeElement).toBe(edit); // and back to the last
  });

  it('closes with Escape pressed anywhere, restores the page and gives focus back', async () => {
    const { doc } = page();
    const editor = doc.getElementById('body')!;
    editor.focus();
    const result = showDialog(doc, spec);
    key(doc, doc.body, 'Escape');
    expect(await result).toEqual({ action: 'edit', justification: '' });
    expect(doc.querySelector('disclosure-guard-ui')).toBeNull();
    expect((doc.querySelector('main') as HTMLElement & { inert: boolean }).inert).toBe(false);
    expect(doc.activeElement).toBe(editor);
  });
});

describe('the typing notice', () => {
  it('can be dismissed and does not come back for the same findings, only for something new', () => {
    const { doc } = page();
    const notice = new Notice(doc);
    const anchor = doc.querySelector('main')!;
    notice.show(anchor, 'Social Security number', 'On send it will be masked.');
    const host = () => doc.querySelector('disclosure-guard-ui[data-ui="notice"]');
    (host()!.shadowRoot!.querySelector('button.close') as HTMLElement).click();
    expect(host()).toBeNull();
    notice.show(anchor, 'Social Security number', 'On send it will be masked.');
    expect(host()).toBeNull();
    notice.show(anchor, 'Social Security number, wage amount', 'On send …');
    expect(host()).not.toBeNull();
  });
});
