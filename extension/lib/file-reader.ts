/**
 * The background's answer to "inspect this file" (content scripts ask; the page never waits on a
 * busy main thread): text, CSV, DOCX and XLSX are read and masked here with shared/files; PDFs
 * and images go to the proxy, which reads text layers and runs OCR. Same answer either way.
 */
import { CannotInspect } from '../../shared/files/errors';
import { maskFile } from '../../shared/files/inspect';
import { sniff } from '../../shared/files/sniff';
import { countsByType } from '../../shared/files/types';
import type { KeepDigits } from '../../shared/mask';
import { toBase64 } from './base64';
import type { RemoteFileResult } from './messages';

export async function readFileHere(
  bytes: Uint8Array,
  name: string | undefined,
  keep: Readonly<KeepDigits> | undefined,
  proxy: (name: string | undefined, bytes: Uint8Array) => Promise<RemoteFileResult>,
): Promise<RemoteFileResult> {
  const kind = sniff(bytes);
  if (kind === 'pdf' || kind === 'png' || kind === 'jpeg' || kind === 'tiff') return proxy(name, bytes);
  try {
    const m = await maskFile(bytes, keep ? { keep } : {});
    const enforced = m.findings.filter((f) => f.confidence !== 'low');
    return {
      ok: true,
      data: toBase64(m.bytes),
      mime: m.mime,
      summary: { file: { type: m.file.type, size: m.file.size, ...(m.file.pages ? { pages: m.file.pages } : {}) }, counts: countsByType(enforced), masked: m.masked, statementAdded: m.statementAdded },
    };
  } catch (e) {
    if (e instanceof CannotInspect) return { ok: false, reason: 'cannot_inspect', message: e.message };
    return { ok: false, reason: 'error', message: 'the file could not be read' };
  }
}
