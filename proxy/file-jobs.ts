/**
 * The file jobs shared by the CLI (`scan FILE`, `redact FILE --out OUT`) and the API
 * (`POST /api/v1/files/scan`, `/files/redact`): the Node engine for PDFs and images, the file's
 * name shown only in its safe form, and nothing kept once the answer is out.
 */
import type { FileOptions } from '../shared/files/inspect';
import { inspectFile, maskFile } from '../shared/files/inspect';
import { safeFileName } from '../shared/files/name';
import type { FileFinding, FileInfo } from '../shared/files/types';
import { countsByType } from '../shared/files/types';
import { nodeEngine } from './files/engine';

let engine: ReturnType<typeof nodeEngine> | undefined;
function theEngine() {
  engine ??= nodeEngine();
  return engine;
}

export interface FileScan {
  file: FileInfo;
  findings: FileFinding[];
}

function options(name: string | undefined, extra: Partial<FileOptions>): FileOptions {
  const safe = safeFileName(name);
  return { ...(safe === undefined ? {} : { name: safe }), engine: theEngine(), ...extra };
}

export async function scanFileJob(bytes: Uint8Array, name: string | undefined, extra: Partial<FileOptions> = {}): Promise<FileScan> {
  const r = await inspectFile(bytes, options(name, extra));
  return { file: r.file, findings: r.findings };
}

export interface FileRedaction {
  bytes: Uint8Array;
  mime: string;
  /** counts: enforced findings (high and medium confidence) by type. */
  summary: { file: FileInfo; counts: ReturnType<typeof countsByType>; masked: number; statementAdded: boolean };
}

export async function redactFileJob(bytes: Uint8Array, name: string | undefined, extra: Partial<FileOptions> = {}): Promise<FileRedaction> {
  const m = await maskFile(bytes, options(name, extra));
  return { bytes: m.bytes, mime: m.mime, summary: { file: m.file, counts: countsByType(m.findings.filter((f) => f.confidence !== 'low')), masked: m.masked, statementAdded: m.statementAdded } };
}
