/** The inline notice while typing: what was found (types and counts, never values) and what send will do. */
import { el, shadowHost } from './shadow';

export class Notice {
  private host: HTMLElement | null = null;
  private box: HTMLElement | null = null;

  constructor(private readonly doc: Document) {}

  show(anchor: Element, summary: string, then: string, review?: string): void {
    if (!this.host) {
      const { host, root } = shadowHost(this.doc, 'notice');
      this.host = host;
      this.box = el(this.doc, 'div', { className: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
      root.appendChild(this.box);
    }
    this.box!.replaceChildren(el(this.doc, 'strong', { text: 'Confidential data: ' }), this.doc.createTextNode(summary), el(this.doc, 'div', { text: then }));
    this.host.setAttribute('data-summary', summary);
    if (review) this.host.setAttribute('data-review', review);
    else this.host.removeAttribute('data-review');
    this.box!.firstChild!.textContent = review ? 'Supervisor review: ' : 'Confidential data: ';
    const r = anchor.getBoundingClientRect();
    const view = this.doc.defaultView!;
    this.box!.style.left = `${Math.max(8, Math.min(r.left, view.innerWidth - 430))}px`;
    this.box!.style.top = `${Math.max(8, Math.min(r.bottom + 6, view.innerHeight - 80))}px`;
  }

  hide(): void {
    this.host?.remove();
    this.host = null;
    this.box = null;
  }
}
