/**
 * Any web form on a site whose mode is `enforce`: its textareas, text inputs and contenteditables;
 * submitted by a button, Enter or requestSubmit (all of which fire `submit`). The recipient is the
 * organization the site's policy names.
 */
import type { Editor } from './editor';
import { isSubmitter, textEditorsIn } from './fields';
import type { Compose, SiteAdapter } from './types';
import { targetElement } from './dom';
import { releaseScriptSubmit, SCRIPT_SUBMIT } from './script-submit';

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
  private byScript = false;

  remember(submitter: HTMLElement | null, byScript: boolean): void {
    this.lastSubmitter = submitter;
    this.byScript = byScript;
  }

  send(): void {
    if (this.byScript) return releaseScriptSubmit(this.root);
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
      // A form inside a web component: its submit event stays in the shadow root, but the click on
      // its submit button (Enter in a field clicks it too) reaches the window.
      if (e.type === 'click' && target && isSubmitter(target) && target.getRootNode() !== target.ownerDocument) {
        const form = (target as HTMLButtonElement).form;
        if (!form) return undefined;
        const c = new FormCompose(form, organization);
        c.remember(target as HTMLElement, false);
        return c;
      }
      if ((e.type !== 'submit' && e.type !== SCRIPT_SUBMIT) || !target) return undefined;
      const c = composeFor(target) as FormCompose | undefined;
      c?.remember((e as SubmitEvent).submitter ?? null, e.type === SCRIPT_SUBMIT);
      return c;
    },
  };
}
