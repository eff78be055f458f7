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
import { addressIdentifiers } from './address';
import { detect, isIdentifier } from '../../shared/detect/index';
import type { FindingType } from '../../shared/detect/types';
import { newId } from '../../shared/ids';
import { maskFindings } from '../../shared/mask';
import type { SiteRule } from '../../shared/policy';
import type { SendEvent } from './messages';

const MAX_BODY = 1 << 20;

export interface RequestDetails {
  url: string;
  method: string;
  tabId: number;
  type?: string;
  initiator?: string;
  documentUrl?: string;
  originUrl?: string;
  requestBody?: { formData?: Record<string, string[]>; raw?: Array<{ bytes?: ArrayBuffer; file?: string }> } | null;
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
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (const r of b.raw ?? []) {
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

/** What the backstop found in one request, or undefined when it holds no full identifier. */
export function inspect(details: RequestDetails, rule: SiteRule | undefined): SendEvent | undefined {
  // Only enforce sites: in warn and audit modes identifiers leave as sent, and are logged so.
  if (!rule || rule.mode !== 'enforce' || details.tabId < 0) return undefined;
  // In the address of any request (an image, a navigation, a worker's fetch) and in a body.
  const inAddress = addressIdentifiers(details.url);
  const text = details.method === 'GET' ? '' : bodyText(details);
  const found = /\p{Nd}/u.test(text) ? detect(text).filter((f) => f.confidence !== 'low' && isIdentifier(f.type)) : [];
  if (found.length === 0 && inAddress.length === 0) return undefined;
  const masked = found.length ? maskFindings(text, found) : text;
  const types: Partial<Record<FindingType, number>> = {};
  for (const f of [...found, ...inAddress]) types[f.type] = (types[f.type] ?? 0) + 1;
  let site = 'unknown';
  try {
    site = new URL(pageOf(details) ?? details.url).host || 'unknown';
  } catch {
    // keep "unknown"
  }
  const samples = [
    ...inAddress.map((a) => a.masked),
    ...found.map((f) => masked.slice(f.start, f.end)),
  ];
  return {
    id: newId('evt'),
    occurredAt: new Date().toISOString(),
    site,
    channel: rule.adapter === 'fax' ? 'fax' : rule.adapter === 'form' ? 'form' : 'email',
    // Nothing was checked: the backstop sees a request, not a send; its identifiers get a check of their own at delivery.
    unchecked: 'network_backstop',
    recipients: rule.organization ? [{ address: rule.organization }] : [],
    types,
    maskedSamples: samples.slice(0, 20).map((v) => v.slice(0, 64)),
    identifiers: [
      ...inAddress.map(({ type, value }) => ({ type, value })),
      ...found.map((f) => ({ type: f.type as SendEvent['identifiers'][number]['type'], value: text.slice(f.start, f.end) })),
    ].slice(0, 1000),
    decision: 'leaked',
    reasons: inAddress.length ? ['unguarded_path', 'identifier_in_address'] : ['unguarded_path'],
    statementAdded: false,
  };
}

/** Whether the backstop must look at this request once it goes: a body, or an identifier in its address. */
export function isSuspect(details: RequestDetails): boolean {
  if (details.tabId < 0) return false;
  if (details.method !== 'GET' && details.requestBody) return true;
  return addressIdentifiers(details.url).length > 0;
}
