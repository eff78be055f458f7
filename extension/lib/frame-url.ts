/**
 * The address a frame's site rule is looked up by. A frame with an address of its own (http, https,
 * file) is judged by it. A frame a page made from script has none: about:blank and srcdoc frames,
 * Blob URLs and data: URLs are judged by the page that made them — their parent when it can be read
 * (same origin), else what the frame was referred from (often only an origin); the background then
 * also tries the tab's address (see `ruleAddresses`).
 */
export function frameUrl(win: Window): { url: string; generated: boolean } {
  const here = win.location.href;
  if (hasHost(here)) return { url: here, generated: false };
  try {
    const parent = win.parent.location.href;
    if (win.parent !== win && hasHost(parent)) return { url: parent, generated: true };
  } catch {
    // An opaque origin (data:, sandboxed) may not read its parent.
  }
  if (hasHost(win.document.referrer)) return { url: win.document.referrer, generated: true };
  // A top-level Blob URL names its creator's origin ("blob:https://portal.agency.gov/…").
  const inner = here.startsWith('blob:') ? here.slice(5) : '';
  return { url: hasHost(inner) ? inner : here, generated: true };
}

/**
 * The addresses to match site rules against, in order: the frame's, then (for a frame a page made,
 * whose referrer names only an origin) its tab's.
 */
export function ruleAddresses(url: string, generated: boolean, tabUrl: string | undefined): string[] {
  const tab = tabUrl && hasHost(tabUrl) ? [tabUrl] : [];
  if (!hasHost(url)) return tab.length ? tab : [url];
  return generated ? [url, ...tab] : [url];
}

function hasHost(url: string): boolean {
  return /^(?:https?|file):/i.test(url);
}

/**
 * The page the network backstop judges a request by: its own page when a rule names it; else, for a
 * request from a frame inside the tab (`frameId` above 0: another origin's widget), the tab's top
 * page when a rule names that, as the frame's own guard does; else its own page.
 */
export function backstopPage(own: string | undefined, tabPage: string | undefined, frameId: number | undefined, hasRule: (url: string) => boolean): string | undefined {
  if (own && hasRule(own)) return own;
  if (tabPage && frameId !== undefined && frameId > 0 && hasRule(tabPage)) return tabPage;
  return own;
}
