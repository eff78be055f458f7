/**
 * One file on its way out of the page, as the guard decides it: text, CSV, DOCX and XLSX are read
 * here (shared/files, no network); PDFs and images go to the proxy, which reads text layers and
 * runs OCR. The answer is the file's facts for the log (type, size, pages, counts — never content,
 * never the name), the masked copy when identifiers were masked, or why it cannot be inspected.
 */
import type { FindingType } from '../../shared/detect/types';
import { IDENTIFIER_TYPES } from '../../shared/detect/types';
import { CannotInspect } from '../../shared/files/errors';
import { maskFile } from '../../shared/files/inspect';
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

async function keyOf(bytes: Uint8Array, name: string | undefined): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return `${Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('')}:${bytes.length}:${name ?? ''}`;
}

export async function inspectForSend(bytes: Uint8Array, name: string | undefined, keep: Readonly<KeepDigits> | undefined, remote: RemoteInspect): Promise<FileVerdict> {
  const key = `${await keyOf(bytes, name)}:${JSON.stringify(keep ?? {})}`;
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

async function inspectOnce(bytes: Uint8Array, name: string | undefined, keep: Readonly<KeepDigits> | undefined, remote: RemoteInspect): Promise<FileVerdict> {
  const label = safeFileName(name) || 'the file';
  const kind = sniff(bytes);
  const base: FileFacts = { type: 'unknown', size: bytes.length, types: {}, outcome: 'clean' };
  if (kind === 'pdf' || kind === 'png' || kind === 'jpeg' || kind === 'tiff') {
    const r = await remote(safeFileName(name), toBase64(bytes));
    if (!r.ok) {
      const cannot = r.message.replace(/^cannot inspect: /, '');
      return { label, facts: { ...base, type: kind, outcome: 'uninspectable' }, types: {}, masked: 0, cannot, ...(r.reason === 'cannot_inspect' ? {} : { transient: true }) };
    }
    const types = r.summary.counts;
    const facts: FileFacts = { type: kind, size: bytes.length, ...(r.summary.file.pages ? { pages: r.summary.file.pages } : {}), types, outcome: r.summary.masked > 0 ? 'masked' : 'clean' };
    return { label, facts, types, masked: r.summary.masked, ...(r.summary.masked > 0 ? { copy: { bytes: fromBase64(r.data), mime: r.mime } } : {}) };
  }
  try {
    const m = await maskFile(bytes, { ...(keep ? { keep } : {}) });
    const types: Partial<Record<FindingType, number>> = {};
    for (const f of m.findings) if (f.confidence !== 'low') types[f.type] = (types[f.type] ?? 0) + 1;
    const masked = m.findings.filter((f) => IDENTIFIER_TYPES.includes(f.type)).length;
    const type = FACT_TYPES.has(m.file.type) ? (m.file.type as FileFacts['type']) : 'unknown';
    const facts: FileFacts = { type, size: bytes.length, ...(m.file.pages ? { pages: m.file.pages } : {}), types, outcome: masked > 0 ? 'masked' : 'clean' };
    return { label, facts, types, masked, ...(masked > 0 ? { copy: { bytes: m.bytes, mime: m.mime } } : {}) };
  } catch (e) {
    if (e instanceof CannotInspect) return { label, facts: { ...base, outcome: 'uninspectable' }, types: {}, masked: 0, cannot: e.message };
    return { label, facts: { ...base, outcome: 'uninspectable' }, types: {}, masked: 0, cannot: 'the file could not be read' };
  }
}
