/**
 * Runs in the page's own world at document_start: a page script that calls form.submit() fires no
 * submit event, so the guard could not see it. form.submit() now first asks the guard (a cancelable
 * DOM event, which crosses worlds synchronously); when the guard has decided to let the form go, it
 * asks this script to submit it the way the page meant to.
 *
 * Until the guard is ready (it knows the page's rule and listens), every submission is held: a
 * person's submit and a script's form.submit() made while the page is still loading are replayed
 * once the guard is ready, so none goes out unchecked in the first seconds.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { askGuard, reportSent } from '../../lib/page-ask';
import { applyFields, formFields } from '../../sites/form-fields';
import { GUARD_READY, READY_WAIT_MS, SCRIPT_RELEASE as RELEASE_EVENT, SCRIPT_SUBMIT as SUBMIT_EVENT } from '../../sites/script-submit';

export default defineContentScript({
  matches: ['<all_urls>'],
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    const original = HTMLFormElement.prototype.submit;
    const originalRequest = HTMLFormElement.prototype.requestSubmit;
    let ready = false;
    /** The guard said it is ready (as opposed to the wait running out). */
    let guardSeen = false;
    const held: Array<() => void> = [];
    const release = () => {
      guardSeen = true;
      if (ready) return;
      ready = true;
      for (const replay of held.splice(0)) replay();
    };
    document.addEventListener(GUARD_READY, release, { once: true });
    // Past the bound (a fresh profile's first settings read can take seconds) the held forms are
    // decided by the request guard, which refuses what may hold an identifier while the rule is
    // unknown and masks it once known; a page never hangs on the guard.
    setTimeout(() => {
      if (ready) return;
      ready = true;
      for (const replay of held.splice(0)) replay();
    }, READY_WAIT_MS);

    const scriptSubmit = (form: HTMLFormElement) => {
      if (form.dispatchEvent(new CustomEvent(SUBMIT_EVENT, { bubbles: true, cancelable: true }))) original.call(form);
    };
    /** A held form, decided by the request guard: sent with masked values, or not at all. */
    const decided = (form: HTMLFormElement, go: () => void) => {
      const fields = formFields(form);
      void askGuard(document, { via: 'fetch', url: form.action, method: form.method || 'GET', fields, form: 'urlencoded' }).then((d) => {
        if (d.action === 'block') return;
        if (d.action === 'replace' && d.fields) applyFields(form, fields, d.fields);
        go();
        // The submission is under way: the guard logs it as gone.
        reportSent(document, d.id, true);
      });
    };
    const guardReady = () => guardSeen;

    HTMLFormElement.prototype.submit = function submit(this: HTMLFormElement) {
      if (!ready) {
        held.push(() => (guardReady() ? scriptSubmit(this) : decided(this, () => original.call(this))));
        return;
      }
      scriptSubmit(this);
    };
    // A submit before the guard listens: stopped here and asked again once it does.
    window.addEventListener(
      'submit',
      (e) => {
        if (ready || !(e.target instanceof HTMLFormElement)) return;
        e.preventDefault();
        e.stopImmediatePropagation();
        const form = e.target;
        const submitter = (e as SubmitEvent).submitter;
        const again = () => originalRequest.call(form, submitter && form.contains(submitter) ? submitter : undefined);
        held.push(() => (guardReady() ? again() : decided(form, () => original.call(form))));
      },
      true,
    );
    document.addEventListener(
      RELEASE_EVENT,
      (e) => {
        if (e.target instanceof HTMLFormElement) original.call(e.target);
      },
      true,
    );
  },
});
