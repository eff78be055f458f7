/**
 * Gmail. Compose windows are dialogs (new message, pop-out) or inline reply tables; the body is a
 * contenteditable; recipients are chips carrying the address in data-hovercard-id (current UI) or
 * an `email` attribute (older UI), plus whatever is still typed in the recipient inputs. Gmail acts
 * on mousedown/mouseup as well as click, so all are intercepted and replayed.
 */
import type { SiteAdapter } from './types';
import { addressesIn, closestAny, mailSendIntent, queryAll, queryAny, SendMenu, uniqueAddresses, WebmailCompose } from './dom';

const COMPOSE_ROOT = [
  // New message and pop-out windows.
  'div[role="dialog"]',
  // Inline reply / forward under a conversation.
  'div.M9',
  // Full-screen compose.
  'div.AD',
];

const BODY = [
  // Current UI: the message body editor.
  'div[aria-label="Message Body"][contenteditable="true"]',
  // Class-based fallback (g_editable marks Gmail's editors).
  'div[g_editable="true"][contenteditable="true"]',
  'div.Am.editable[contenteditable="true"]',
];

const SEND = [
  // The Send button; its tooltip reads "Send ‪(Ctrl-Enter)‬" in English.
  'div[role="button"][data-tooltip^="Send"]',
  'div[role="button"][aria-label^="Send"]',
  // Class-based fallback for localized UIs.
  'div.T-I.aoO[role="button"]',
];

const MORE_SEND_OPTIONS = ['div[role="button"][aria-label="More send options"]', 'div.T-I.hG[role="button"]'];

const CHIP = [
  // Current UI: one chip per confirmed recipient, the address in data-hovercard-id.
  '[data-hovercard-id*="@"]',
  // Older UI.
  'span[email]',
];

const TYPED = [
  // Recipient inputs: text typed but not yet turned into a chip.
  'input[aria-label$="recipients" i]',
  'input[peoplekit-id]',
  'textarea[name="to"]',
  'textarea[name="cc"]',
  'textarea[name="bcc"]',
];

function chipAddress(chip: HTMLElement): string | null {
  return chip.getAttribute('data-hovercard-id') ?? chip.getAttribute('email');
}

class GmailCompose extends WebmailCompose {
  constructor(root: HTMLElement) {
    super(root, BODY, SEND);
  }

  recipients(): string[] {
    const typed = (queryAll(this.root, TYPED) as Array<HTMLInputElement | HTMLTextAreaElement>).flatMap((i) => addressesIn(i.value));
    return uniqueAddresses([...queryAll(this.root, CHIP).map(chipAddress), ...typed]);
  }

  removeRecipients(addresses: readonly string[]): void {
    const drop = new Set(addresses.map((a) => a.toLowerCase()));
    for (const chip of queryAll(this.root, CHIP)) {
      const a = chipAddress(chip);
      if (!a || !drop.has(a.toLowerCase())) continue;
      // Remove the whole chip (its role=option wrapper when there is one).
      (chip.closest('[role="option"]') ?? chip).remove();
    }
    for (const input of queryAll(this.root, TYPED) as Array<HTMLInputElement | HTMLTextAreaElement>) {
      const kept = input.value
        .split(/[,;]/)
        .filter((part) => !addressesIn(part).some((a) => drop.has(a.toLowerCase())));
      if (kept.join(',') !== input.value) input.value = kept.join(',').trim();
    }
  }
}

export function createGmailAdapter(): SiteAdapter {
  const composeFor = (el: Element): GmailCompose | undefined => {
    const root = closestAny(el, COMPOSE_ROOT);
    return root && queryAny(root, BODY) ? new GmailCompose(root) : undefined;
  };
  // "Schedule send" lives in a menu opened from the compose's "More send options" arrow.
  const menu = new SendMenu(MORE_SEND_OPTIONS, (opener) => closestAny(opener, COMPOSE_ROOT));
  return {
    name: 'gmail',
    channel: 'email',
    composeFor,
    composes: (doc) => queryAll(doc, COMPOSE_ROOT).filter((r) => queryAny(r, BODY)).map((r) => new GmailCompose(r)),
    sendIntent: (e) => mailSendIntent(e, SEND, composeFor, menu),
  };
}
