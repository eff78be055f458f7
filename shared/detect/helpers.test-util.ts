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

/** `[type, value]` pairs of the enforced wage and benefit findings. */
export function money(text: string, options?: DetectOptions): Array<[string, string]> {
  return found(text, options).filter(([type]) => type === 'wage' || type === 'ui_benefit');
}

/** The values of the enforced SSN and ITIN findings. */
export function ssns(text: string, options?: DetectOptions): string[] {
  return found(text, options).filter(([type]) => type === 'ssn' || type === 'itin').map(([, v]) => v);
}
