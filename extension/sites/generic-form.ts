/**
 * Any web form on a site whose mode is `enforce`: its textareas, text inputs and contenteditables;
 * submitted by a button, Enter or requestSubmit (all of which fire `submit`). The recipient is the
 * organization the site's policy names.
 */
import type { Editor } from '../content/editors';
import { isSubmitter, textEditorsIn } from './fields';
import type { Compose, SiteAdapter } from './types';
import { targetElement } from './types';

class FormCompose implements Compose {
  constructor(
    readonly root: HTMLFormElement,
    private readonly organization: string | undefined,
  ) {}

  editors(): Editor[] {
    return textEditorsIn(this.root);
  }

  statementEditor(): Editor | undefined {
    return undefined;
  }

  recipients(): string[] {
    return this.organization ? [this.organization] : [];
  }

  removeRecipients(): void {
    // A form's recipient is the site itself.
  }

  private lastSubmitter: HTMLElement | null = null;

  remember(submitter: HTMLElement | null): void {
    this.lastSubmitter = submitter;
  }

  send(): void {
    const s = this.lastSubmitter;
    this.root.requestSubmit(isSubmitter(s) ? s : undefined);
  }
}

export function createFormAdapter(organization?: string): SiteAdapter {
  const composeFor = (el: Element): Compose | undefined => {
    const form = el.closest('form');
    return form ? new FormCompose(form, organization) : undefined;
  };
  return {
    name: 'form',
    channel: 'form',
    composeFor,
    composes: (doc) => [...doc.querySelectorAll('form')].map((f) => new FormCompose(f, organization)),
    sendIntent(e) {
      const target = targetElement(e);
      if (e.type !== 'submit' || !target) return undefined;
      const c = composeFor(target) as FormCompose | undefined;
      c?.remember((e as SubmitEvent).submitter ?? null);
      return c;
    },
  };
}
