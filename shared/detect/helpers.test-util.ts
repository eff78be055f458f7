import { detect } from './index';
import type { DetectOptions } from './types';

/** `[type, value]` pairs of every enforced finding (medium or high): what is masked and checked. */
export function found(text: string, options?: DetectOptions): Array<[string, string]> {
  return detect(text, options)
    .filter((f) => f.confidence !== 'low')
    .map((f) => [f.type, text.slice(f.start, f.end)]);
}

/** `[type, value]` pairs of the suspicions (low): warned about, never masked. */
export function suspected(text: string, options?: DetectOptions): Array<[string, string]> {
  return detect(text, options)
    .filter((f) => f.confidence === 'low')
    .map((f) => [f.type, text.slice(f.start, f.end)]);
}
