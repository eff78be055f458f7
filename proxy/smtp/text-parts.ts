/**
 * The words of a message (its subject, text and HTML bodies) masked as `redact` masks text: the
 * policy's digits kept, findings counted, masked samples and the identifiers' values (in memory
 * only, to be fingerprinted) gathered. A long body is scanned in a job worker.
 */
import type { Finding, FindingType } from '../../shared/detect/types';
import { isIdentifier } from '../../shared/detect/types';
import { detect } from '../../shared/detect/index';
import type { KeepDigits } from '../../shared/mask';
import { findMasked, maskFindings } from '../../shared/mask';
import { isConfidential } from '../../shared/redact';
import { IN_PLACE_CHARS, scanTextJob } from '../jobs/file-jobs';

/** What a message's inspection found so far, added to part by part. */
export interface Found {
  /** Enforced findings (high and medium confidence) by type. */
  types: Partial<Record<FindingType, number>>;
  /** Types of values already masked in the message: still confidential, the recipients are checked. */
  maskedTypes: Set<FindingType>;
  samples: string[];
  /** Identifier values, kept only until they are fingerprinted. */
  identifiers: Array<{ type: FindingType; value: string }>;
}

export const emptyFound = (): Found => ({ types: {}, maskedTypes: new Set(), samples: [], identifiers: [] });

/** Samples an entry keeps (the disclosure schema's bound). */
const MAX_SAMPLES = 20;

async function findingsOf(text: string): Promise<Finding[]> {
  if (text.length <= IN_PLACE_CHARS) return detect(text);
  return (await scanTextJob({ text })).findings;
}

/** `text` masked; what it held added to `found`. */
export async function maskPart(text: string, keep: Readonly<KeepDigits>, found: Found): Promise<{ text: string; confidential: boolean }> {
  const findings = await findingsOf(text);
  for (const m of findMasked(text)) found.maskedTypes.add(m.type);
  if (findings.length === 0) return { text, confidential: found.maskedTypes.size > 0 };
  const masked = maskFindings(text, findings, keep);
  for (const f of findings) {
    if (f.confidence === 'low') continue;
    found.types[f.type] = (found.types[f.type] ?? 0) + 1;
    if (!isIdentifier(f.type)) continue;
    found.identifiers.push({ type: f.type, value: text.slice(f.start, f.end) });
    if (found.samples.length < MAX_SAMPLES) found.samples.push(masked.slice(f.start, f.end).slice(0, 64));
  }
  return { text: masked, confidential: isConfidential(findings) };
}
