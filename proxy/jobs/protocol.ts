/**
 * What the proxy asks a job worker and what it answers: one message each way per job. Values are
 * structured clones (bytes travel as bytes), never functions.
 */
import type { FileOptions } from '../../shared/files/inspect';
import type { TextRequest } from '../../shared/schemas';
import type { FileFinding, FileInfo, countsByType } from '../../shared/files/types';
import type { Echo } from './text-jobs';
import type { Finding } from '../../shared/detect/index';
import type { UserImportContext } from '../registry/import';
import type { OrgFields, UserFields } from '../registry/model';

export interface FileScan {
  file: FileInfo;
  findings: FileFinding[];
}

export interface FileRedaction {
  bytes: Uint8Array;
  mime: string;
  /** counts: enforced findings (high and medium confidence) by type. */
  summary: { file: FileInfo; counts: ReturnType<typeof countsByType>; masked: number; statementAdded: boolean };
}

/** File options that can cross a process boundary (no engine, no progress callback). */
export type PortableFileOptions = Pick<FileOptions, 'limits' | 'detect' | 'keep' | 'statement'>;

export interface Jobs {
  scanFile: { input: { bytes: Uint8Array; name: string | undefined; options: PortableFileOptions }; output: FileScan };
  redactFile: { input: { bytes: Uint8Array; name: string | undefined; options: PortableFileOptions }; output: FileRedaction };
  scanText: { input: TextRequest; output: Echo & { findings: Finding[] } };
  redactText: { input: TextRequest; output: Echo & { text: string; findings: Finding[] } };
  parseUsersCsv: { input: { csv: string; ctx: UserImportContext }; output: UserFields[] };
  parseOrgsCsv: { input: { csv: string }; output: OrgFields[] };
}

export type JobKind = keyof Jobs;
export type JobInput<K extends JobKind> = Jobs[K]['input'];
export type JobOutput<K extends JobKind> = Jobs[K]['output'];

export interface Request {
  kind: JobKind;
  input: unknown;
}

export type Reply = { ok: true; value: unknown } | { ok: false; error: { name: string; code?: string; message: string; problems?: string[] } };
