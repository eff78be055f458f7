import { detect } from './index';
import type { DetectOptions } from './types';

/** `[type, value]` pairs of every finding: what a reader of the text would check. */
export function found(text: string, options?: DetectOptions): Array<[string, string]> {
  return detect(text, options).map((f) => [f.type, text.slice(f.start, f.end)]);
}
