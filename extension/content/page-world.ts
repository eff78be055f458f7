/**
 * Files and events the page's own scripts will read. In Chromium a content script's DOM objects
 * are the page's. In Firefox they belong to the extension, and the page sees a DataTransfer made
 * here as empty: so there they are made with the page's own constructors (`wrappedJSObject`), and
 * their arguments cloned into the page (`cloneInto`).
 */
type FirefoxWindow = Window & { wrappedJSObject?: Window & typeof globalThis };
declare function cloneInto<T>(value: T, target: object, options?: { cloneFunctions?: boolean; wrapReflectors?: boolean }): T;

function pageWindow(win: Window): (Window & typeof globalThis) | undefined {
  return (win as FirefoxWindow).wrappedJSObject;
}

const clone = <T>(value: T, win: Window): T => (typeof cloneInto === 'function' ? cloneInto(value, win, { wrapReflectors: true }) : value);

export function pageFile(win: Window, bytes: Uint8Array, name: string, options: FilePropertyBag): File {
  const page = pageWindow(win);
  if (!page) return new File([bytes as BlobPart], name, options);
  return new page.File(clone([bytes as BlobPart], win), name, clone(options, win));
}

/** A DataTransfer the page can read, holding `files` (and the text items of the original). */
export function pageTransfer(win: Window, files: readonly File[], texts: ReadonlyArray<readonly [string, string]> = []): DataTransfer {
  const page = pageWindow(win);
  const dt = page ? new page.DataTransfer() : new DataTransfer();
  for (const f of files) dt.items.add(f);
  for (const [t, v] of texts) dt.setData(t, v);
  return dt;
}

export function pageDrop(win: Window, init: DragEventInit): DragEvent {
  const page = pageWindow(win);
  return page ? new page.DragEvent('drop', clone(init, win)) : new DragEvent('drop', init);
}

export function pagePaste(win: Window, init: ClipboardEventInit): ClipboardEvent {
  const page = pageWindow(win);
  return page ? new page.ClipboardEvent('paste', clone(init, win)) : new ClipboardEvent('paste', init);
}
