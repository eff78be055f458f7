/**
 * Runs in the page's own world at document_start: a page script that calls form.submit() fires no
 * submit event, so the guard could not see it. form.submit() now first asks the guard (a cancelable
 * DOM event, which crosses worlds synchronously); when the guard has decided to let the form go, it
 * asks this script to submit it the way the page meant to.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { SCRIPT_RELEASE as RELEASE_EVENT, SCRIPT_SUBMIT as SUBMIT_EVENT } from '../../sites/script-submit';

export default defineContentScript({
  matches: ['<all_urls>'],
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    const original = HTMLFormElement.prototype.submit;
    HTMLFormElement.prototype.submit = function submit(this: HTMLFormElement) {
      if (this.dispatchEvent(new CustomEvent(SUBMIT_EVENT, { bubbles: true, cancelable: true }))) original.call(this);
    };
    document.addEventListener(
      RELEASE_EVENT,
      (e) => {
        if (e.target instanceof HTMLFormElement) original.call(e.target);
      },
      true,
    );
  },
});
