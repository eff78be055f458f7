/**
 * Page-world side of the request protocol (lib/request-events.ts), shared by the page-world hooks:
 * hand a body to the isolated-world request guard and wait for its decision. Past NO_ANSWER_MS the
 * guard is taken to be gone and the answer is "block" (fail closed).
 */
import { DECISION_EVENT, REQUEST_EVENT } from './request-events';
import type { OutgoingRequest, RequestDecision } from './request-events';

export const NO_ANSWER_MS = 10_000;
/** A body with a file waits longer: a scanned fax is read by OCR on the proxy (up to two minutes). */
export const FILE_NO_ANSWER_MS = 150_000;

const pending = new Map<string, (d: RequestDecision) => void>();
let listening = false;
let counter = 0;

function listen(doc: Document): void {
  if (listening) return;
  listening = true;
  doc.addEventListener(
    DECISION_EVENT,
    (e) => {
      const raw = (e as CustomEvent<unknown>).detail;
      if (typeof raw !== 'string') return;
      const d = JSON.parse(raw) as RequestDecision;
      pending.get(d.id)?.(d);
      pending.delete(d.id);
    },
    true,
  );
}

export function askGuard(doc: Document, req: Omit<OutgoingRequest, 'id'>, waitMs = NO_ANSWER_MS): Promise<RequestDecision> {
  listen(doc);
  const id = `r${++counter}-${Math.random().toString(36).slice(2)}`;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      resolve({ id, action: 'block', reason: 'Disclosure Guard did not answer' });
    }, waitMs);
    pending.set(id, (d) => {
      clearTimeout(timer);
      resolve(d);
    });
    doc.dispatchEvent(new CustomEvent(REQUEST_EVENT, { detail: JSON.stringify({ ...req, id }) }));
  });
}
