/**
 * What the page-world request hook (entrypoints/request-hook.content) and the request guard
 * (content/request-guard.ts) say to each other. Events cross the two worlds synchronously; details
 * are JSON strings, the one form both worlds read alike in Chromium and Firefox.
 */
import { FINDING_TYPES } from '../../shared/detect/types';
import type { FindingType } from '../../shared/detect/types';
export const REQUEST_EVENT = 'disclosure-guard:request';
export const DECISION_EVENT = 'disclosure-guard:request-decision';
/**
 * The types a checked file held (detail: JSON of counts by type), from the file and request guards
 * to the send guard: a message whose attachment holds an SSN needs recipients authorized for it.
 */
export const FILE_TYPES_EVENT = 'disclosure-guard:file-types';

/** The counts a FILE_TYPES_EVENT carries, only known types and sane counts; none when it is not one of ours. */
export function fileTypesOf(e: Event): Partial<Record<FindingType, number>> {
  const out: Partial<Record<FindingType, number>> = {};
  const raw = (e as CustomEvent<unknown>).detail;
  if (typeof raw !== 'string') return out;
  try {
    const types = JSON.parse(raw) as Record<string, unknown>;
    for (const [t, n] of Object.entries(types)) {
      if ((FINDING_TYPES as readonly string[]).includes(t) && typeof n === 'number' && n > 0) out[t as FindingType] = Math.min(n, 1_000_000);
    }
  } catch {
    // not ours
  }
  return out;
}
/**
 * From the hook to the guard once it acted on a decision (detail: JSON `{id, sent}`): `sent` when it
 * handed the request to the browser. A send is logged as gone (masked, allowed…) only then.
 */
export const SENT_EVENT = 'disclosure-guard:request-sent';
/** The frame's mode once the guard knows it ("off" when the frame is not guarded): detail is the mode. */
export const MODE_EVENT = 'disclosure-guard:mode';
/**
 * The page changed its address without loading (history.pushState or replaceState, a hash, a
 * step back): from the hook to the guard, which reads the new address's rule and says its mode again.
 */
export const ROUTE_EVENT = 'disclosure-guard:route';

/** A file in a body: its bytes as base64 (absent past MAX_FILE_BYTES, when it cannot be inspected). */
export interface RequestFile {
  name: string;
  type: string;
  size: number;
  data?: string;
}

/** Files larger than this are not read (the proxy's limit too): on an enforce site they are blocked. */
export const MAX_FILE_BYTES = 25 * 1024 * 1024;

/** A body as the guard reads it: text, or named fields (urlencoded and multipart forms). */
export type RequestField = { name: string; value: string } | { name: string; file: RequestFile };

export interface OutgoingRequest {
  id: string;
  /**
   * fetch, XMLHttpRequest, navigator.sendBeacon, WebSocket.send, RTCDataChannel.send; a `document.cookie`
   * write; a form's submission (a webmail's, read by the request guard itself).
   */
  via: 'fetch' | 'xhr' | 'beacon' | 'websocket' | 'datachannel' | 'cookie' | 'form';
  url: string;
  method: string;
  /** The body as text (string, JSON, Blob or buffer decoded as UTF-8), or as fields. */
  text?: string;
  fields?: RequestField[];
  /** How fields were sent: rebuilt the same way. */
  form?: 'urlencoded' | 'multipart';
  /** A binary body (a Blob or buffer that is a PDF, a spreadsheet, an image…) is a file. */
  file?: RequestFile;
  /**
   * Header values the page set (fetch's headers, a Request's, XMLHttpRequest.setRequestHeader), or
   * for a cookie write its name and value: each read with its name as the field.
   */
  headers?: Array<{ name: string; value: string }>;
  /** The body could not be read (a stream): it is decided unread. */
  unreadable?: string;
}

/** A masked copy in place of a file: its bytes as base64. */
export interface FileReplacement {
  type: string;
  data: string;
}

export type RequestDecision =
  | { id: string; action: 'send' }
  | {
      id: string;
      action: 'replace';
      text?: string;
      fields?: Array<{ name: string; value: string }>;
      /** One entry per file part, in order: the masked copy, or null to keep the file. */
      files?: Array<FileReplacement | null>;
      /** The masked copy of a binary body. */
      file?: FileReplacement;
    }
  | { id: string; action: 'block'; reason: string };
