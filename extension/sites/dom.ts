/** What the site adapters share at run time: selector lists, send gestures, the webmail compose. */
import type { Editor } from './editor';
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

/** A press of a control: any event of the click sequence, or Enter or Space on it (keyboard users). */
function isActivation(e: Event): boolean {
  if ((CLICK_EVENTS as readonly string[]).includes(e.type)) return true;
  const key = (e as KeyboardEvent).key;
  return e.type === 'keydown' && (key === 'Enter' || key === ' ');
}

/** Menu items that send: "Schedule send", "Send later", "Send now". */
const SEND_ITEM = /^\s*(?:schedule send|send later|send now)\b/i;

/**
 * Sends chosen from a compose's send-options menu ("Schedule send"). Webmail renders the menu
 * outside the compose (a popup layer at the end of the page), so the compose whose opener was
 * pressed is remembered; the chosen item is what a release presses again.
 */
export class SendMenu {
  private owner: Element | null = null;

  constructor(
    private readonly openers: readonly string[],
    private readonly ownerOf: (opener: Element) => Element | null,
  ) {}

  /** The compose element and the menu item when `e` chose a send from the menu (remembers an opener's compose). */
  chosen(e: Event): { owner: Element; item: HTMLElement } | undefined {
    const target = targetElement(e);
    if (!target || !isActivation(e)) return undefined;
    const opener = closestAny(target, this.openers);
    if (opener) {
      this.owner = this.ownerOf(opener);
      return undefined;
    }
    const item = target.closest<HTMLElement>('[role="menuitem"]');
    if (!item || !this.owner?.isConnected || !SEND_ITEM.test(item.textContent ?? '')) return undefined;
    return { owner: this.owner, item };
  }
}

/**
 * The send gestures of a webmail compose: Ctrl/⌘+Enter inside it, a press on one of its Send
 * controls (any event of the click sequence, since sites act on different ones, or Enter or Space),
 * or a send chosen from its send-options menu (the release presses that item again).
 */
export function mailSendIntent<C extends WebmailCompose>(e: Event, send: readonly string[], composeFor: (el: Element) => C | undefined, menu: SendMenu): C | undefined {
  const target = targetElement(e);
  if (!target) return undefined;
  if (isSendKey(e)) return composeFor(target);
  const chosen = menu.chosen(e);
  if (chosen) {
    const compose = composeFor(chosen.owner);
    if (compose) compose.sendVia = chosen.item;
    return compose;
  }
  if (!isActivation(e)) return undefined;
  const button = closestAny(target, send);
  return button ? composeFor(button) : undefined;
}

/**
 * What every webmail compose shares: one rich body (where the statement goes) and a Send control that
 * is pressed like a person would. Sites add how they list and remove recipients.
 */
export abstract class WebmailCompose implements Compose {
  /** The control the send was asked with, when not the Send button (a "Schedule send" menu item). */
  sendVia: HTMLElement | null = null;

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

  /** Presses again what the send was asked with: the menu item chosen, else the Send button. */
  send(): void {
    const button = this.sendVia?.isConnected ? this.sendVia : queryAny(this.root, this.sendSelectors);
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
