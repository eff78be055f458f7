/**
 * zod schemas of every body the proxy and the CLI accept, with their inferred types. Both sides
 * validate with these, so a bad request reads the same everywhere.
 */
import { z } from 'zod';
import { FINDING_TYPES } from './detect/types';

export const FindingTypeSchema = z.enum(FINDING_TYPES);

export const FindingSchema = z.object({
  type: FindingTypeSchema,
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  confidence: z.enum(['high', 'medium', 'low']),
  rule: z.string(),
});

/** One line of `scan --jsonl` / `redact --jsonl`, and the body of POST /scan and /redact. */
export const TextRequestSchema = z
  .object({
    text: z.string({ error: (i) => (i.input === undefined ? 'missing "text"' : '"text" must be a string') }),
    /** Name or label of the form field the text came from. */
    field: z.string().max(200, '"field" is longer than 200 characters').optional(),
  })
  .passthrough();
export type TextRequest = z.infer<typeof TextRequestSchema>;

/** A zod error as one readable line: `text: missing "text"`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const path = i.path.join('.');
      // Messages that already name their field ("missing \"text\"") need no prefix.
      return path && !i.message.includes(`"${path}"`) ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');
}
