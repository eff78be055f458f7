/** What the site adapters share at run time: selector lists, send gestures, the webmail compose. */
import type { Editor } from '../content/editors';
import type { Compose } from './types';

/** The first element matching any selector of the list (one selector per UI variant). */
export function closestAny(el: Element, selectors: readonly string[]): HTMLElement | null {
  for (const s of selectors) {
    const hit = el.closest<HTMLElement>(s);
    if (hit) return hit;
  }
  return null;
}

export function queryAny(root: ParentNode, selectors: readonly string[]): HTMLElement | null {
  for (const s of selectors) {
    const hit = root.querySelector<HTMLElement>(s);
    if (hit) return hit;
  }
  return null;
}

export function queryAll(root: ParentNode, selectors: readonly string[]): HTMLElement[] {
  const out = new Set<HTMLElement>();
  for (const s of selectors) root.querySelectorAll<HTMLElement>(s).forEach((e) => out.add(e));
  return [...out];
}

const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** Addresses typed into a field: "a@x.org, b@y.org; Name <c@z.org>". */
export function addressesIn(text: string): string[] {
  return [...text.matchAll(EMAIL_IN_TEXT)].map((m) => m[0]);
}

/** Mouse and pointer events that make up a click: a site may act on any of them. */
export const CLICK_EVENTS = ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click'] as const;

/** Presses Send the way a person would, so sites that act on mousedown/mouseup see it too. */
export function press(el: HTMLElement): void {
  const view = el.ownerDocument.defaultView!;
  const opts = { bubbles: true, cancelable: true, composed: true, view, button: 0 };
  el.dispatchEvent(new view.MouseEvent('mousedown', opts));
  el.dispatchEvent(new view.MouseEvent('mouseup', opts));
  el.click();
}

/**
 * The element the event really happened on, inside open shadow roots too (at the window an event
 * from a web component is retargeted to its host; composedPath() still names the inner element).
 */
export function targetElement(e: Event): Element | null {
  const path = typeof e.composedPath === 'function' ? e.composedPath() : [];
  const inner = path.find((n) => (n as Node).nodeType === 1) as Element | undefined;
  if (inner) return inner;
  const t = e.target as Node | null;
  return t && t.nodeType === 1 ? (t as Element) : null;
}

export function isSendKey(e: Event): boolean {
  const k = e as KeyboardEvent;
  return e.type === 'keydown' && k.key === 'Enter' && (k.ctrlKey || k.metaKey);
}

/**
 * The send gestures of a webmail compose: Ctrl/⌘+Enter inside it, or a press on one of its Send
 * controls (any event of the click sequence, since sites act on different ones).
 */
export function mailSendIntent(e: Event, send: readonly string[], composeFor: (el: Element) => Compose | undefined): Compose | undefined {
  const target = targetElement(e);
  if (!target) return undefined;
  if (isSendKey(e)) return composeFor(target);
  // A keyboard user: Tab to the Send control, then Enter or Space (a role="button" element acts on keydown).
  if (e.type === 'keydown' && ((e as KeyboardEvent).key === 'Enter' || (e as KeyboardEvent).key === ' ')) {
    const button = closestAny(target, send);
    return button ? composeFor(button) : undefined;
  }
  if (!(CLICK_EVENTS as readonly string[]).includes(e.type)) return undefined;
  const button = closestAny(target, send);
  return button ? composeFor(button) : undefined;
}

/**
 * What every webmail compose shares: one rich body (where the statement goes) and a Send control that
 * is pressed like a person would. Sites add how they list and remove recipients.
 */
export abstract class WebmailCompose implements Compose {
  constructor(
    readonly root: HTMLElement,
    private readonly bodySelectors: readonly string[],
    private readonly sendSelectors: readonly string[],
  ) {}

  editors(): Editor[] {
    const body = queryAny(this.root, this.bodySelectors);
    return body ? [{ el: body }] : [];
  }

  statementEditor(): Editor | undefined {
    return this.editors()[0];
  }

  send(): void {
    const button = queryAny(this.root, this.sendSelectors);
    if (button) press(button);
  }

  abstract recipients(): string[];
  abstract removeRecipients(addresses: readonly string[]): void;
}

/** Addresses in order, each once, whatever its case. */
export function uniqueAddresses(addresses: Iterable<string | null | undefined>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const a of addresses) {
    if (!a || seen.has(a.toLowerCase())) continue;
    seen.add(a.toLowerCase());
    out.push(a);
  }
  return out;
}
