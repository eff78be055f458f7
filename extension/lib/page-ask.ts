/**
 * Page-world side of the request protocol (lib/request-events.ts), shared by the page-world hooks:
 * hand a body to the isolated-world request guard and wait for its decision. Past NO_ANSWER_MS the
 * guard is taken to be gone and the answer is "block" (fail closed).
 */
import { DECISION_EVENT, REQUEST_EVENT, SENT_EVENT } from './request-events';
import type { OutgoingRequest, RequestDecision } from './request-events';

export const NO_ANSWER_MS = 10_000;
/** A body with a file waits longer: a scanned fax is read by OCR on the proxy (up to two minutes). */
export const FILE_NO_ANSWER_MS = 150_000;

const pending = new Map<string, (d: RequestDecision) => void>();
const listening = new WeakSet<Document>();
let counter = 0;

function listen(doc: Document): void {
  if (listening.has(doc)) return;
  listening.add(doc);
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

// Taken while the frame is attached: a frame removed from its page loses its globals, and a
// function taken from it (a monitoring SDK's fresh fetch) still runs this code.
const PageCustomEvent = CustomEvent;

/** The event constructor of the window that shows `doc`, else this frame's. */
function eventFor(doc: Document): typeof CustomEvent {
  return (doc.defaultView as (Window & typeof globalThis) | null)?.CustomEvent ?? PageCustomEvent;
}

function ask(doc: Document, req: Omit<OutgoingRequest, 'id'>, waitMs: number, onAnswer: (d: RequestDecision) => void): void {
  listen(doc);
  const id = `r${++counter}-${Math.random().toString(36).slice(2)}`;
  const timer = setTimeout(() => {
    pending.delete(id);
    onAnswer({ id, action: 'block', reason: 'Disclosure Guard did not answer' });
  }, waitMs);
  pending.set(id, (d) => {
    clearTimeout(timer);
    onAnswer(d);
  });
  doc.dispatchEvent(new (eventFor(doc))(REQUEST_EVENT, { detail: JSON.stringify({ ...req, id }) }));
}

export function askGuard(doc: Document, req: Omit<OutgoingRequest, 'id'>, waitMs = NO_ANSWER_MS): Promise<RequestDecision> {
  return new Promise((resolve) => ask(doc, req, waitMs, resolve));
}

/**
 * For what cannot wait (a cookie write): the decision itself when the guard answers before the
 * event returns (it does once the frame's rule is known), else a promise of it.
 */
export function askGuardNow(doc: Document, req: Omit<OutgoingRequest, 'id'>): RequestDecision | Promise<RequestDecision> {
  let now: RequestDecision | undefined;
  let later: ((d: RequestDecision) => void) | undefined;
  ask(doc, req, NO_ANSWER_MS, (d) => (later ? later(d) : (now = d)));
  return now ?? new Promise((resolve) => (later = resolve));
}

/**
 * Tells the guard what became of a decided request: `sent` once it was handed to the browser (a send
 * is logged as gone only then), else not sent.
 */
export function reportSent(doc: Document, id: string | undefined, sent: boolean): void {
  if (id === undefined) return;
  doc.dispatchEvent(new (eventFor(doc))(SENT_EVENT, { detail: JSON.stringify({ id, sent }) }));
}
