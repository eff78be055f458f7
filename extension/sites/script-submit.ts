/** The events the page-world submit hook and the guard exchange (see entrypoints/submit-hook.content). */
export const SCRIPT_SUBMIT = 'disclosure-guard:submit';
export const SCRIPT_RELEASE = 'disclosure-guard:release';
/** The guard knows this page's rule and listens (or knows it has nothing to guard). */
export const GUARD_READY = 'disclosure-guard:ready';
/** How long the submit hook holds a form while the guard is not ready yet; then the form goes on. */
export const READY_WAIT_MS = 5_000;

/** Submits a form the way a page script's form.submit() would: no submit event, no validation. */
export function releaseScriptSubmit(form: HTMLFormElement): void {
  form.dispatchEvent(new (form.ownerDocument.defaultView!.CustomEvent)(SCRIPT_RELEASE, { bubbles: true }));
}
