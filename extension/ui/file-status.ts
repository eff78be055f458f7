/**
 * What staff see while a file is checked and after: "Checking fax-packet.pdf…", then
 * "fax-packet.pdf: SSN ×2 masked". A polite live region at the bottom left, away from compose
 * toolbars; it never shows a value, and it goes away by itself.
 */
import { el, shadowHost } from './shadow';

const SHOWN_MS = 10_000;

const perDocument = new WeakMap<Document, FileStatus>();

export class FileStatus {
  /** One status per page: the file guard and the request guard speak through the same one. */
  static for(doc: Document): FileStatus {
    let s = perDocument.get(doc);
    if (!s) {
      s = new FileStatus(doc);
      perDocument.set(doc, s);
    }
    return s;
  }

  private host: HTMLElement | null = null;
  private box: HTMLElement | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  private constructor(private readonly doc: Document) {}

  private ensure(): HTMLElement {
    if (!this.host || !this.host.isConnected) {
      const { host, root } = shadowHost(this.doc, 'file-status');
      this.host = host;
      this.box = el(this.doc, 'div', { className: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
      this.box.style.left = '16px';
      this.box.style.bottom = '16px';
      root.appendChild(this.box);
    }
    return this.box!;
  }

  show(text: string, stay = false): void {
    const box = this.ensure();
    box.textContent = text;
    this.host!.setAttribute('data-status', text);
    clearTimeout(this.timer);
    if (!stay) this.timer = setTimeout(() => this.hide(), SHOWN_MS);
  }

  hide(): void {
    clearTimeout(this.timer);
    this.host?.remove();
    this.host = null;
    this.box = null;
  }
}
