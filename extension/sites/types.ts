/**
 * One interface for every site: where the compose is, what its editors and recipients are, what a
 * send looks like, and how to send again once the guard has let it through.
 */
import type { Editor } from './editor';
import type { Channel } from '../lib/messages';
import type { SiteRule } from '../../shared/policy';

export interface Compose {
  /** The element that holds the whole compose (dialog, form). */
  root: HTMLElement;
  editors(): Editor[];
  /** The editor the confidentiality statement goes into; none for web forms. */
  statementEditor(): Editor | undefined;
  /** Addresses: confirmed chips and typed-but-unconfirmed text, as the site shows them. */
  recipients(): string[];
  removeRecipients(addresses: readonly string[]): void;
  /** Sends again (the guard lets this one through). */
  send(): void;
}

export interface SiteAdapter {
  readonly name: SiteRule['adapter'];
  readonly channel: Channel;
  /** The compose an element (an event target) belongs to. */
  composeFor(el: Element): Compose | undefined;
  /** The compose a send gesture is for: a click on Send or Schedule send, Ctrl/⌘+Enter, a submit. */
  sendIntent(e: Event): Compose | undefined;
  /** Every compose on the page now (for scans after load). */
  composes(doc: Document): Compose[];
}
