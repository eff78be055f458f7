/**
 * Web fax portals. A fax form has one or more recipient fax-number fields, a cover note or message,
 * and a Send button; it is a <form> (submitted by button, Enter or requestSubmit) or a plain block
 * with a button, depending on the portal.
 */
import type { Editor } from './editor';
import { setFieldValue } from './editor';
import { isSubmitter, textEditorsIn } from './fields';
import type { Compose, SiteAdapter } from './types';
import { closestAny, queryAll, queryAny, targetElement } from './dom';
import { releaseScriptSubmit, SCRIPT_SUBMIT } from './script-submit';

const FAX_FORM = [
  // Portals that mark the form.
  'form[data-fax-form]',
  // A form that has a fax number field.
  'form:has(input[name*="fax" i])',
  'form:has(input[type="tel"])',
  // Single-page portals without a <form>.
  '[role="form"]:has(input[name*="fax" i])',
];

const FAX_NUMBER = [
  'input[name*="fax" i]:not([name*="name" i])',
  'input[type="tel"]',
  'input[aria-label*="fax number" i]',
];

const SEND = ['button[type="submit"]', 'input[type="submit"]', 'button[data-action="send"]', 'button[name*="send" i]'];

class FaxCompose implements Compose {
  byScript = false;

  constructor(readonly root: HTMLElement) {}

  private numbers(): HTMLInputElement[] {
    return queryAll(this.root, FAX_NUMBER) as HTMLInputElement[];
  }

  editors(): Editor[] {
    const numbers = new Set<HTMLElement>(this.numbers());
    return textEditorsIn(this.root, (el) => numbers.has(el));
  }

  statementEditor(): Editor | undefined {
    // The cover note or message: the first multi-line field.
    return this.editors().find((e) => e.el.tagName === 'TEXTAREA' || e.el.isContentEditable);
  }

  recipients(): string[] {
    return this.numbers()
      .map((i) => i.value.trim())
      .filter(Boolean);
  }

  removeRecipients(numbers: readonly string[]): void {
    const drop = new Set(numbers.map((n) => n.replace(/\D/g, '')));
    for (const input of this.numbers()) if (drop.has(input.value.replace(/\D/g, ''))) setFieldValue(input, '');
  }

  send(): void {
    if (this.byScript) return releaseScriptSubmit(this.root as HTMLFormElement);
    if (this.root.tagName === 'FORM') {
      const form = this.root as HTMLFormElement;
      const submitter = queryAny(form, SEND);
      form.requestSubmit(isSubmitter(submitter) ? submitter : undefined);
    } else {
      queryAny(this.root, SEND)?.click();
    }
  }
}

export function createFaxAdapter(): SiteAdapter {
  const composeFor = (el: Element): Compose | undefined => {
    const root = closestAny(el, FAX_FORM);
    return root ? new FaxCompose(root) : undefined;
  };
  return {
    name: 'fax',
    channel: 'fax',
    composeFor,
    composes: (doc) => queryAll(doc, FAX_FORM).map((r) => new FaxCompose(r)),
    sendIntent(e) {
      const target = targetElement(e);
      if (!target) return undefined;
      if (e.type === 'submit' || e.type === SCRIPT_SUBMIT) {
        const c = composeFor(target) as FaxCompose | undefined;
        if (c) c.byScript = e.type === SCRIPT_SUBMIT;
        return c;
      }
      // Portals without a <form> send on a button click.
      if (e.type === 'click' && closestAny(target, SEND) && !target.closest('form')) return composeFor(target);
      return undefined;
    },
  };
}
