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
import { GUARD_READY, READY_WAIT_MS, SCRIPT_RELEASE as RELEASE_EVENT, SCRIPT_SUBMIT as SUBMIT_EVENT } from '../../sites/script-submit';

export default defineContentScript({
  matches: ['<all_urls>'],
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    const original = HTMLFormElement.prototype.submit;
    const originalRequest = HTMLFormElement.prototype.requestSubmit;
    let ready = false;
    const held: Array<() => void> = [];
    const release = () => {
      if (ready) return;
      ready = true;
      for (const replay of held.splice(0)) replay();
    };
    document.addEventListener(GUARD_READY, release, { once: true });
    // Past the bound the forms go on as they would have: a page must never hang on the guard.
    setTimeout(release, READY_WAIT_MS);

    const scriptSubmit = (form: HTMLFormElement) => {
      if (form.dispatchEvent(new CustomEvent(SUBMIT_EVENT, { bubbles: true, cancelable: true }))) original.call(form);
    };
    HTMLFormElement.prototype.submit = function submit(this: HTMLFormElement) {
      if (!ready) {
        held.push(() => scriptSubmit(this));
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
        held.push(() => originalRequest.call(form, submitter && form.contains(submitter) ? submitter : undefined));
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
