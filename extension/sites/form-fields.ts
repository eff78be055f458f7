/**
 * A form's text fields as its submission would carry them, and masked values written back into the
 * form before it goes (both worlds use this: the page-world submit hook and the request guard).
 */

/** The text fields a submission of this form carries, in order (files left out). */
export function formFields(form: HTMLFormElement, submitter?: HTMLElement | null): Array<{ name: string; value: string }> {
  let data: FormData;
  try {
    data = submitter ? new FormData(form, submitter) : new FormData(form);
  } catch {
    data = new FormData(form);
  }
  return [...data].flatMap(([name, value]) => (typeof value === 'string' ? [{ name, value }] : []));
}

/**
 * Each field's new value into the form's element of that name (the n-th element of a name for its
 * n-th field); a field no element holds (a submitter's value) is left as it is.
 */
export function applyFields(form: HTMLFormElement, before: ReadonlyArray<{ name: string }>, after: ReadonlyArray<{ name: string; value: string }>): void {
  after.forEach((f, i) => {
    const el = form.elements.namedItem(f.name);
    const view = (form.ownerDocument.defaultView ?? window) as Window & typeof globalThis;
    if (el instanceof view.HTMLInputElement || el instanceof view.HTMLTextAreaElement || el instanceof view.HTMLSelectElement) {
      if (el.value !== f.value) setValue(el, f.value);
    } else if (el && 'length' in el) {
      const items = [...(el as RadioNodeList)].filter((x: Node) => x instanceof view.HTMLInputElement || (x as object) instanceof view.HTMLTextAreaElement) as Array<HTMLInputElement | HTMLTextAreaElement>;
      const same = before.slice(0, i).filter((x) => x.name === f.name).length;
      const item = items[same];
      if (item && item.value !== f.value) setValue(item, f.value);
    }
  });
}

function setValue(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string): void {
  if (el instanceof ((el.ownerDocument.defaultView ?? window) as Window & typeof globalThis).HTMLSelectElement) {
    // A select cannot take a value it has no option for: a hidden input of the same name does.
    return;
  }
  el.value = value;
}
