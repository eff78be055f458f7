/** The limits every file reader keeps; each one, when hit, says so (CannotInspect). */
export interface FileLimits {
  /** Bytes of the file itself (25 MB). */
  maxBytes: number;
  /** Pages of a PDF or frames of a TIFF. */
  maxPages: number;
  /** Pages that may need OCR (a scanned page costs about a second). */
  maxOcrPages: number;
  /** Wall-clock budget for one file, in milliseconds. */
  maxMillis: number;
  /** Entries of a DOCX or XLSX package. */
  maxZipEntries: number;
  /** Bytes all entries of a package may expand to. */
  maxExpandedBytes: number;
  /** Expanded size over compressed size, for the package as a whole and for any entry over 1 MB. */
  maxExpansionRatio: number;
  /** Characters of text one file may yield. */
  maxTextChars: number;
  /** Pixels of one image, TIFF frame or rendered PDF page (a 600 dpi US Legal scan is 43 million). */
  maxPixels: number;
  /** Pixels of all of one file's frames together. */
  maxTotalPixels: number;
}

export const DEFAULT_FILE_LIMITS: Readonly<FileLimits> = Object.freeze({
  maxBytes: 25 * 1024 * 1024,
  maxPages: 500,
  maxOcrPages: 50,
  maxMillis: 120_000,
  maxZipEntries: 2_000,
  maxExpandedBytes: 200 * 1024 * 1024,
  maxExpansionRatio: 100,
  maxTextChars: 20_000_000,
  maxPixels: 50_000_000,
  maxTotalPixels: 400_000_000,
});

export function limitsOf(partial?: Partial<FileLimits>): FileLimits {
  return { ...DEFAULT_FILE_LIMITS, ...(partial ?? {}) };
}

export const MB = 1024 * 1024;
export function megabytes(n: number): string {
  return `${Math.round((n / MB) * 10) / 10} MB`;
}
