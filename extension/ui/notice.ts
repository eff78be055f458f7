/**
 * The inline notice while typing: what was found (types and counts, never values) and what send
 * will do. It sits outside the compose, below it or above it, so it never covers the compose's Send
 * button, toolbar or the line being typed; where neither fits (a compose docked at the bottom of a
 * small window) it shrinks to a badge at the compose's top corner. It can be dismissed; a dismissed
 * notice comes back only when the message holds something new.
 */
import { el, shadowHost } from './shadow';

const GAP = 6;

export class Notice {
  private host: HTMLElement | null = null;
  private box: HTMLElement | null = null;
  private dismissed = new WeakMap<Element, string>();
  private anchor: Element | null = null;
  private summary = '';

  constructor(private readonly doc: Document) {}

  show(anchor: Element, summary: string, then: string, review?: string): void {
    // Dismissed for this compose: only something new brings it back.
    const gone = this.dismissed.get(anchor);
    if (gone !== undefined && !review && summary.split(', ').every((part) => gone.includes(part))) return;
    this.anchor = anchor;
    this.summary = summary;
    if (!this.host) {
      const { host, root } = shadowHost(this.doc, 'notice');
      this.host = host;
      this.box = el(this.doc, 'div', { className: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
      root.appendChild(this.box);
    }
    const close = el(this.doc, 'button', { text: '×', className: 'close', attrs: { type: 'button', 'aria-label': 'Dismiss this notice' } });
    close.addEventListener('click', () => {
      if (this.anchor) this.dismissed.set(this.anchor, this.summary);
      this.hide();
    });
    this.box!.replaceChildren(close, el(this.doc, 'strong', { text: review ? 'Supervisor review: ' : 'Confidential data: ' }), this.doc.createTextNode(summary), el(this.doc, 'div', { text: then }));
    this.box!.classList.remove('badge');
    this.host.setAttribute('data-summary', summary);
    if (review) this.host.setAttribute('data-review', review);
    else this.host.removeAttribute('data-review');
    this.place(anchor, then);
  }

  private place(anchor: Element, then: string): void {
    const box = this.box!;
    const view = this.doc.defaultView!;
    const r = anchor.getBoundingClientRect();
    const left = `${Math.max(8, Math.min(r.left, view.innerWidth - 430))}px`;
    box.style.left = left;
    box.style.top = '0px';
    const h = box.getBoundingClientRect().height || 60;
    if (r.bottom + GAP + h <= view.innerHeight) box.style.top = `${r.bottom + GAP}px`;
    else if (r.top - GAP - h >= 0) box.style.top = `${r.top - GAP - h}px`;
    else {
      // No room outside the compose: a small badge in its top corner, away from Send and the text.
      box.classList.add('badge');
      box.lastElementChild?.remove();
      box.title = then;
      box.style.top = `${Math.max(0, r.top) + 4}px`;
      box.style.left = `${Math.max(8, Math.min(r.right, view.innerWidth) - 268)}px`;
    }
    this.host!.setAttribute('data-placement', box.classList.contains('badge') ? 'badge' : parseFloat(box.style.top) >= r.bottom ? 'below' : 'above');
  }

  hide(): void {
    this.host?.remove();
    this.host = null;
    this.box = null;
  }
}
