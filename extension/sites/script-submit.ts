/** The events the page-world submit hook and the guard exchange (see entrypoints/submit-hook.content). */
export const SCRIPT_SUBMIT = 'disclosure-guard:submit';
export const SCRIPT_RELEASE = 'disclosure-guard:release';

/** Submits a form the way a page script's form.submit() would: no submit event, no validation. */
export function releaseScriptSubmit(form: HTMLFormElement): void {
  form.dispatchEvent(new (form.ownerDocument.defaultView!.CustomEvent)(SCRIPT_RELEASE, { bubbles: true }));
}
