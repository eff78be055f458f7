/** What reading one file may spend: its wall-clock time and the pages that need OCR. */
import { cannot } from '../../shared/files/errors';
import type { FileLimits } from '../../shared/files/limits';

export interface ReadBudget {
  /** Throws "too slow" once the file has taken longer than its limit. */
  overTime(): void;
  /** Counts one more page read by OCR; throws once more pages need it than the limit allows. */
  ocrPage(): void;
}

export function readBudget(limits: FileLimits): ReadBudget {
  const deadline = Date.now() + limits.maxMillis;
  let ocrPages = 0;
  return {
    overTime() {
      if (Date.now() > deadline) cannot('too_slow', `reading the file took longer than ${Math.round(limits.maxMillis / 1000)} s`);
    },
    ocrPage() {
      if (++ocrPages > limits.maxOcrPages) cannot('too_many_pages', `more than ${limits.maxOcrPages} pages need OCR; at most ${limits.maxOcrPages} are read`);
    },
  };
}
