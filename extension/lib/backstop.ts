/**
 * The network backstop: the request bodies and addresses a guarded page sends, read where the
 * browser hands them to extensions (webRequest). The page-world guard masks bodies before they leave, so a full
 * identifier seen here went by a path no hook saw (a native post from a frame the guard never
 * reached, say). Installed by policy the extension may block: the request is cancelled. Otherwise
 * (Chromium grants blocking only to policy-installed extensions) it is logged as `leaked`, so the
 * disclosure log never says a send was masked or allowed when a full identifier left.
 */
import { fileTextSync } from '../../shared/files/inspect';
import { sniff } from '../../shared/files/sniff';
import { looksLikeText } from '../../shared/files/text';
import { addressIdentifiers, encodedIdentifiers, headerIdentifiers } from './address';
import type { AddressIdentifier } from './address';
import { compression } from './encoded';
import { countsOfValues, loggedIdentifiers } from './samples';
import { detect, isIdentifier } from '../../shared/detect/index';
import { SPELLED_PAIR } from '../../shared/detect/spelled';
import type { FindingType } from '../../shared/detect/types';
import { maskFindings } from '../../shared/mask';
import type { SiteRule } from '../../shared/policy';
import type { SendEvent } from './messages';
import { channelOf, ruleRecipients, sendEvent } from './send-event';

const MAX_BODY = 1 << 20;

export interface RequestDetails {
  url: string;
  method: string;
  tabId: number;
  /** 0 for the tab's top frame. */
  frameId?: number;
  type?: string;
  initiator?: string;
  documentUrl?: string;
  originUrl?: string;
  requestBody?: { formData?: Record<string, string[]>; raw?: Array<{ bytes?: ArrayBuffer; file?: string }> } | null;
  /** onBeforeSendHeaders / onSendHeaders (Chromium gives Cookie only with `extraHeaders`). */
  requestHeaders?: Array<{ name: string; value?: string }>;
}

/** Raw body bytes, at most MAX_BODY of them. */
function rawBytes(details: RequestDetails): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (const r of details.requestBody?.raw ?? []) {
    if (!r.bytes || size > MAX_BODY) continue;
    size += r.bytes.byteLength;
    chunks.push(new Uint8Array(r.bytes));
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}

/** The request body as text, field names included (they are context): formData or raw bytes. */
export function bodyText(details: RequestDetails): string {
  const b = details.requestBody;
  if (!b) return '';
  if (b.formData) {
    return Object.entries(b.formData)
      .flatMap(([name, values]) => values.map((v) => `${name}: ${v}`))
      .join('\n')
      .slice(0, MAX_BODY);
  }
  const bytes = rawBytes(details);
  // A body that is a file is read as the file (a workbook's cells, a document's paragraphs); a PDF
  // or an image cannot be read here, and its bytes decoded as text would only be noise.
  if (sniff(bytes) === 'zip') return (fileTextSync(bytes) ?? '').slice(0, MAX_BODY);
  if (!looksLikeText(bytes)) return '';
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes).slice(0, MAX_BODY);
}

/** The page a request came from: the document URL where the browser says it, else the initiator's origin. */
export function pageOf(details: RequestDetails): string | undefined {
  // An opaque initiator (a sandboxed or data: frame) is "null": it names no page.
  const initiator = details.initiator && details.initiator !== 'null' ? `${details.initiator}/` : undefined;
  return details.documentUrl ?? details.originUrl ?? initiator;
}

/**
 * For a request no tab made, the web origin that made it: a service worker's, or a shared worker's
 * (Chromium gives neither a tab). The extension's own requests and the browser's have none.
 */
export function workerOrigin(details: RequestDetails): string | undefined {
  if (details.tabId >= 0) return undefined;
  try {
    const u = new URL(pageOf(details) ?? '');
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/** A request of a tab, or of a web origin's worker: the requests the backstop reads. */
const ofTheWeb = (details: RequestDetails) => details.tabId >= 0 || workerOrigin(details) !== undefined;

/** What every backstop event shares: the page's site, the rule's channel and recipient. */
function eventBase(details: RequestDetails, rule: SiteRule) {
  let site = 'unknown';
  try {
    site = new URL(pageOf(details) ?? details.url).host || 'unknown';
  } catch {
    // keep "unknown"
  }
  return {
    site,
    channel: channelOf(rule),
    // Nothing was checked: the backstop sees a request, not a send; its identifiers get a check of their own at delivery.
    unchecked: 'network_backstop' as const,
    recipients: ruleRecipients(rule),
  };
}

/** What the backstop found in one request, or undefined when it holds no full identifier. */
export function inspect(details: RequestDetails, rule: SiteRule | undefined): SendEvent | undefined {
  // Only enforce sites: in warn and audit modes identifiers leave as sent, and are logged so.
  if (!rule || rule.mode !== 'enforce' || !ofTheWeb(details)) return undefined;
  // In the address of any request (an image, a navigation, a worker's fetch) and in a body.
  const text = details.method === 'GET' ? '' : bodyText(details);
  // Where masking cannot reach: the address, and inside an encoding (base64, a JWT, percent-encoded twice, gzip).
  const bytes = details.method === 'GET' ? new Uint8Array(0) : rawBytes(details);
  const address = addressIdentifiers(details.url);
  const encoded = encodedIdentifiers(text ? [{ text }] : [], compression(bytes) ? [bytes] : []).found;
  const inAddress = [...address, ...encoded];
  const found = /\p{Nd}/u.test(text) || SPELLED_PAIR.test(text) ? detect(text).filter((f) => f.confidence !== 'low' && isIdentifier(f.type)) : [];
  if (found.length === 0 && inAddress.length === 0) return undefined;
  const masked = found.length ? maskFindings(text, found) : text;
  const types: Partial<Record<FindingType, number>> = countsOfValues(found);
  for (const f of inAddress) types[f.type] = (types[f.type] ?? 0) + 1;
  // A value split over boxes or fields as one.
  const inBody = loggedIdentifiers(found.map((f) => ({ type: f.type as SendEvent['identifiers'][number]['type'], value: text.slice(f.start, f.end), masked: masked.slice(f.start, f.end), followingDigits: f.followingDigits })));
  const samples = [...inAddress.map((a) => a.masked), ...inBody.samples];
  return sendEvent({
    ...eventBase(details, rule),
    types,
    maskedSamples: samples,
    identifiers: [...inAddress.map(({ type, value }) => ({ type, value })), ...inBody.identifiers],
    decision: 'leaked',
    reasons: ['unguarded_path', ...(address.length ? ['identifier_in_address'] : []), ...(encoded.length ? ['identifier_encoded'] : [])],
  });
}

/** The request's headers as name/value pairs, each cookie of a Cookie header apart (its name is context). */
export function headerPairs(details: RequestDetails): Array<{ name: string; value: string }> {
  return (details.requestHeaders ?? []).flatMap(({ name, value = '' }) =>
    name.toLowerCase() === 'cookie'
      ? value.split(';').map((c) => {
          const at = c.indexOf('=');
          return { name: at < 0 ? 'cookie' : c.slice(0, at).trim(), value: at < 0 ? c.trim() : c.slice(at + 1).trim() };
        })
      : [{ name, value }],
  );
}

/**
 * A full identifier in a request's headers or cookies on an enforce site (onBeforeSendHeaders):
 * no page hook let it through, so it went by a path none saw (a cookie the server set, a worker).
 */
export function inspectHeaders(details: RequestDetails, rule: SiteRule | undefined): SendEvent | undefined {
  if (!rule || rule.mode !== 'enforce' || !ofTheWeb(details) || !details.requestHeaders?.length) return undefined;
  const pairs = headerPairs(details);
  const found: AddressIdentifier[] = headerIdentifiers(pairs);
  if (!found.length) return undefined;
  const types: Partial<Record<FindingType, number>> = {};
  for (const f of found) types[f.type] = (types[f.type] ?? 0) + 1;
  const cookie = (details.requestHeaders ?? []).some((h) => h.name.toLowerCase() === 'cookie' && headerIdentifiers(headerPairs({ ...details, requestHeaders: [h] })).length > 0);
  return sendEvent({
    ...eventBase(details, rule),
    types,
    maskedSamples: found.map((f) => f.masked),
    identifiers: found.map(({ type, value }) => ({ type, value })),
    decision: 'leaked',
    reasons: ['unguarded_path', cookie ? 'identifier_in_cookie' : 'identifier_in_header'],
  });
}

/** Whether the backstop must look at this request once it goes: a body, or an identifier in its address. */
export function isSuspect(details: RequestDetails): boolean {
  if (!ofTheWeb(details)) return false;
  if (details.method !== 'GET' && details.requestBody) return true;
  return addressIdentifiers(details.url).length > 0;
}
