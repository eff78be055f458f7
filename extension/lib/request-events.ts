/**
 * What the page-world request hook (entrypoints/request-hook.content) and the request guard
 * (content/request-guard.ts) say to each other. Events cross the two worlds synchronously; details
 * are JSON strings, the one form both worlds read alike in Chromium and Firefox.
 */
export const REQUEST_EVENT = 'disclosure-guard:request';
export const DECISION_EVENT = 'disclosure-guard:request-decision';
/** The frame's mode once the guard knows it ("off" when the frame is not guarded): detail is the mode. */
export const MODE_EVENT = 'disclosure-guard:mode';

/** A body as the guard reads it: text, or named fields (urlencoded and multipart forms). */
export type RequestField = { name: string; value: string } | { name: string; file: { name: string; type: string; size: number } };

export interface OutgoingRequest {
  id: string;
  /** fetch, XMLHttpRequest, navigator.sendBeacon, WebSocket.send. */
  via: 'fetch' | 'xhr' | 'beacon' | 'websocket';
  url: string;
  method: string;
  /** The body as text (string, JSON, Blob or buffer decoded as UTF-8), or as fields. */
  text?: string;
  fields?: RequestField[];
  /** How fields were sent: rebuilt the same way. */
  form?: 'urlencoded' | 'multipart';
  /** The body could not be read (a binary Blob, a stream): it is decided unread. */
  unreadable?: string;
}

export type RequestDecision =
  | { id: string; action: 'send' }
  | { id: string; action: 'replace'; text?: string; fields?: Array<{ name: string; value: string }> }
  | { id: string; action: 'block'; reason: string };
