/**
 * Outlook on the web. Found through roles and ARIA labels, which survive its frequent class-name
 * changes: the body is a contenteditable textbox labelled "Message body"; the To/Cc/Bcc wells are
 * textboxes labelled by their field; recipients are the addresses shown in the wells (in chip
 * titles, labels or text) plus what is still typed; Send is a button labelled "Send".
 */
import type { SiteAdapter } from './types';
import { addressesIn, mailSendIntent, queryAll, queryAny, SendMenu, uniqueAddresses, WebmailCompose } from './dom';

const BODY = [
  // Current UI.
  'div[role="textbox"][contenteditable="true"][aria-label^="Message body"]',
  // Older UI: the editor is marked by its aria-label only.
  '[contenteditable="true"][aria-label*="message body" i]',
];

const SEND = [
  'button[aria-label="Send"]',
  // Some builds title the button "Send (Ctrl+Enter)".
  'button[title^="Send"]',
];

/** The arrow beside Send that opens "Schedule send" (its label varies between builds). */
const SEND_OPTIONS = ['button[aria-label="More send options"]', 'button[aria-label="Send options"]', 'button[aria-label^="More send options" i]'];

const WELL = [
  // Current UI: each recipient field is a textbox named for it.
  '[role="textbox"][aria-label="To"]',
  '[role="textbox"][aria-label="Cc"]',
  '[role="textbox"][aria-label="Bcc"]',
  // Fallback: a labelled group holding the chips.
  'div[aria-label^="To" i][role="group"]',
];

/** The compose is the nearest ancestor holding both the body editor and the Send button. */
function rootOf(el: Element): HTMLElement | null {
  for (let n: HTMLElement | null = el as HTMLElement; n; n = n.parentElement) {
    if (queryAny(n, BODY) && queryAny(n, SEND)) return n;
  }
  return null;
}

function chipsOf(well: HTMLElement): HTMLElement[] {
  return [...well.querySelectorAll<HTMLElement>('[title*="@"], [aria-label*="@"], [data-email]')];
}

function addressOfChip(chip: HTMLElement): string | undefined {
  return addressesIn(`${chip.getAttribute('data-email') ?? ''} ${chip.getAttribute('title') ?? ''} ${chip.getAttribute('aria-label') ?? ''}`)[0];
}

class OutlookCompose extends WebmailCompose {
  constructor(root: HTMLElement) {
    super(root, BODY, SEND);
  }

  recipients(): string[] {
    return uniqueAddresses(queryAll(this.root, WELL).flatMap((well) => [...chipsOf(well).map(addressOfChip), ...addressesIn(well.textContent ?? '')]));
  }

  removeRecipients(addresses: readonly string[]): void {
    const drop = new Set(addresses.map((a) => a.toLowerCase()));
    for (const well of queryAll(this.root, WELL)) {
      for (const chip of chipsOf(well)) {
        const a = addressOfChip(chip);
        if (a && drop.has(a.toLowerCase())) chip.remove();
      }
      // Typed text: remove the address from the well's text nodes.
      const walker = well.ownerDocument.createTreeWalker(well, 0x4);
      for (let t = walker.nextNode() as Text | null; t; t = walker.nextNode() as Text | null) {
        for (const a of addressesIn(t.data)) if (drop.has(a.toLowerCase())) t.data = t.data.replace(a, '').replace(/^[\s;,]+|[\s;,]+$/g, '');
      }
    }
  }
}

export function createOutlookAdapter(): SiteAdapter {
  const composeFor = (el: Element): OutlookCompose | undefined => {
    const root = rootOf(el);
    return root ? new OutlookCompose(root) : undefined;
  };
  // "Schedule send" is in the menu of the arrow beside Send, rendered in a layer outside the compose.
  const menu = new SendMenu(SEND_OPTIONS, rootOf);
  return {
    name: 'outlook',
    channel: 'email',
    composeFor,
    composes: (doc) => {
      const roots = queryAll(doc, BODY).map((b) => rootOf(b)).filter((r): r is HTMLElement => r !== null);
      return [...new Set(roots)].map((r) => new OutlookCompose(r));
    },
    sendIntent: (e) => mailSendIntent(e, SEND, composeFor, menu),
  };
}
