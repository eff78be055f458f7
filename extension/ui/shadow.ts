/**
 * UI lives in a shadow root, so the page's styles cannot reach it. It shows types, counts, names and
 * reasons, never values. The typing notice lets clicks through to the page (a menu the page opens
 * beneath it still works); only its close button takes them.
 */
const STYLE = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.notice { position: fixed; z-index: 2147483646; max-width: 420px; padding: 8px 12px; border-radius: 6px;
  background: #fff7e0; color: #3b2a00; border: 1px solid #e0b100; box-shadow: 0 2px 8px rgba(0,0,0,.15);
  font-size: 13px; line-height: 1.4; pointer-events: none; }
.notice button.close, .notice.badge { pointer-events: auto; }
.notice strong { font-weight: 600; }
.backdrop { position: fixed; inset: 0; z-index: 2147483647; background: rgba(0,0,0,.35);
  display: flex; align-items: center; justify-content: center; }
.dialog { background: #fff; color: #1b1b1b; width: min(560px, 92vw); max-height: 86vh; overflow: auto;
  border-radius: 8px; padding: 18px 20px; box-shadow: 0 8px 32px rgba(0,0,0,.3); font-size: 14px; }
.dialog h2 { margin: 0 0 8px; font-size: 17px; }
.dialog ul { margin: 8px 0 12px; padding-left: 20px; }
.dialog li { margin: 4px 0; }
.dialog textarea { width: 100%; min-height: 80px; margin: 6px 0; font-size: 14px; padding: 6px; }
.dialog label { display: block; margin: 8px 0; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; justify-content: flex-end; margin-top: 12px; }
button { font-size: 14px; padding: 6px 12px; border-radius: 4px; border: 1px solid #888; background: #f4f4f4; cursor: pointer; }
button.primary { background: #0b57d0; color: #fff; border-color: #0b57d0; }
button:disabled { opacity: .5; cursor: default; }
.hint { color: #5a3e00; font-size: 12px; margin: 8px 0 0; min-height: 1em; }
.notice button.close { float: right; margin: -4px -6px 0 8px; padding: 0 6px; border: 0; background: transparent; font-size: 16px; line-height: 1; }
.notice.badge { max-width: 260px; padding: 4px 8px; font-size: 12px; }
.error { color: #b3261e; }
.ok { color: #146c2e; }
`;

export function shadowHost(doc: Document, name: string): { host: HTMLElement; root: ShadowRoot } {
  const host = doc.createElement('disclosure-guard-ui');
  host.setAttribute('data-ui', name);
  const root = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = STYLE;
  root.appendChild(style);
  (doc.body ?? doc.documentElement).appendChild(host);
  return { host, root };
}

export function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  props: { text?: string; className?: string; attrs?: Record<string, string> } = {},
  ...children: Node[]
): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  if (props.text !== undefined) e.textContent = props.text;
  if (props.className) e.className = props.className;
  for (const [k, v] of Object.entries(props.attrs ?? {})) e.setAttribute(k, v);
  e.append(...children);
  return e;
}
