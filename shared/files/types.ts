import type { Finding, FindingType } from '../detect/index';

export const FILE_TYPES = ['text', 'csv', 'docx', 'xlsx', 'pdf', 'png', 'jpeg', 'tiff'] as const;
export type FileType = (typeof FILE_TYPES)[number];

/** Where in a file a finding is: a line, a paragraph of a part, a sheet's cell, a page. */
export type Where =
  | { line: number; column?: string }
  | { part: string; paragraph: number }
  | { sheet: string; cell: string }
  | { page: number; line?: number };

/** A finding of a file: start and end are offsets in the text of its `where` (the line, the cell…). */
export interface FileFinding extends Finding {
  where: Where;
}

export interface FileInfo {
  name?: string;
  type: FileType;
  /** MIME type of the sniffed format. */
  mime: string;
  size: number;
  pages?: number;
  /** Text files: the encoding they were read in. */
  encoding?: 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1';
  /** Pages whose text came from OCR. */
  ocrPages?: number;
}

export interface FileReport {
  file: FileInfo;
  findings: FileFinding[];
}

export interface MaskedFile extends FileReport {
  /** The masked copy, in the same format (PDF and images: a flattened copy). */
  bytes: Uint8Array;
  mime: string;
  statementAdded: boolean;
  /** Identifier findings masked in the copy. */
  masked: number;
}

export function countsByType(findings: readonly Finding[]): Partial<Record<FindingType, number>> {
  const out: Partial<Record<FindingType, number>> = {};
  for (const f of findings) out[f.type] = (out[f.type] ?? 0) + 1;
  return out;
}

export const MIME: Record<FileType, string> = {
  text: 'text/plain',
  csv: 'text/csv',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  tiff: 'image/tiff',
};
