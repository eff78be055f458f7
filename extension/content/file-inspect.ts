/**
 * One file on its way out of the page, as the guard decides it. The reading happens off the page's
 * main thread: the background reads text, CSV, DOCX and XLSX itself and hands PDFs and images to
 * the proxy (text layers, OCR). The answer is the file's facts for the log (type, size, pages,
 * counts — never content, never the name), the masked copy when identifiers were masked, or why
 * it cannot be inspected.
 */
import type { FindingType } from '../../shared/detect/types';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { safeFileName } from '../../shared/files/name';
import { sniff } from '../../shared/files/sniff';
import type { KeepDigits } from '../../shared/mask';
import { fromBase64, toBase64 } from '../lib/base64';
import type { FileFacts, RemoteFileResult } from '../lib/messages';

export interface FileVerdict {
  /** The file's name as it may be shown (an identifier in it keeps only its last four digits). */
  label: string;
  facts: FileFacts;
  /** Enforced findings (high and medium) by type. */
  types: Partial<Record<FindingType, number>>;
  /** Identifiers masked in `copy`. */
  masked: number;
  copy?: { bytes: Uint8Array; mime: string };
  /** Why the file could not be inspected. */
  cannot?: string;
  /** The proxy could not be asked (unreachable, not set up): a later try may succeed. */
  transient?: boolean;
}

export type RemoteInspect = (name: string | undefined, data: string) => Promise<RemoteFileResult>;

const FACT_TYPES = new Set(['text', 'csv', 'docx', 'xlsx', 'pdf', 'png', 'jpeg', 'tiff']);

/**
 * The same file is often checked twice in a row (chosen in an input, then uploaded by the page's
 * script); the answer for the same bytes is kept for a few minutes, so a scan is read by OCR once.
 */
const recent = new Map<string, { at: number; verdict: Promise<FileVerdict> }>();
const RECENT_MS = 5 * 60_000;
const RECENT_MAX = 16;

/** SHA-256 computed here, not with crypto.subtle: in Firefox a content script's digest never settles. */
function keyOf(bytes: Uint8Array, name: string | undefined): string {
  return `${bytesToHex(sha256(bytes))}:${bytes.length}:${name ?? ''}`;
}

export async function inspectForSend(bytes: Uint8Array, name: string | undefined, keep: Readonly<KeepDigits> | undefined, remote: RemoteInspect): Promise<FileVerdict> {
  const key = `${keyOf(bytes, name)}:${JSON.stringify(keep ?? {})}`;
  const now = Date.now();
  for (const [k, v] of recent) if (now - v.at > RECENT_MS) recent.delete(k);
  const hit = recent.get(key);
  if (hit) return hit.verdict;
  const verdict = inspectOnce(bytes, name, keep, remote);
  recent.set(key, { at: now, verdict });
  while (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value!);
  // A failure to reach the proxy is not kept: the next try asks again.
  void verdict.then((v) => {
    if (v.transient) recent.delete(key);
  });
  return verdict;
}

async function inspectOnce(bytes: Uint8Array, name: string | undefined, _keep: Readonly<KeepDigits> | undefined, remote: RemoteInspect): Promise<FileVerdict> {
  const label = safeFileName(name) || 'the file';
  const kind = sniff(bytes);
  const sniffed: FileFacts['type'] = kind === 'pdf' || kind === 'png' || kind === 'jpeg' || kind === 'tiff' ? kind : 'unknown';
  const base: FileFacts = { type: sniffed, size: bytes.length, types: {}, outcome: 'clean' };
  const r = await remote(safeFileName(name), toBase64(bytes));
  if (!r.ok) {
    const cannot = r.message.replace(/^cannot inspect: /, '');
    return { label, facts: { ...base, outcome: 'uninspectable' }, types: {}, masked: 0, cannot, ...(r.reason === 'cannot_inspect' ? {} : { transient: true }) };
  }
  const types = r.summary.counts;
  const type = FACT_TYPES.has(r.summary.file.type) ? (r.summary.file.type as FileFacts['type']) : sniffed;
  const facts: FileFacts = { type, size: bytes.length, ...(r.summary.file.pages ? { pages: r.summary.file.pages } : {}), types, outcome: r.summary.masked > 0 ? 'masked' : 'clean' };
  return { label, facts, types, masked: r.summary.masked, ...(r.summary.masked > 0 ? { copy: { bytes: fromBase64(r.data), mime: r.mime } } : {}) };
}
