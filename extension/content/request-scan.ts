/**
 * What the request guard reads in a body: each text or form field scanned with its name as context,
 * an identifier split over consecutive fields read as one (each box masked to its share), the masked
 * copy beside each, and a JSON body kept valid once masked. Pure: no page, no browser.
 */
import { withFieldBoxes } from '../../shared/detect/fields';
import { detect, isIdentifier } from '../../shared/detect/index';
import type { Finding } from '../../shared/detect/types';
import { maskFindings } from '../../shared/mask';
import type { KeepDigits } from '../../shared/mask';
import type { OutgoingRequest, RequestFile } from '../lib/request-events';

/** One text of a body (the whole body, or one form field) as found and as masked. */
export interface Scanned {
  findings: Finding[];
  masked: string;
}

export function scanRequest(req: OutgoingRequest, keep?: KeepDigits): Scanned[] {
  const one = (text: string, field?: string): Scanned => {
    const findings = detect(text, field ? { field } : {});
    const ids = findings.filter((f) => f.confidence !== 'low' && isIdentifier(f.type));
    return { findings, masked: ids.length ? maskFindings(text, ids, keep) : text };
  };
  if (!req.fields) return [one(req.text ?? '')];
  const fields = req.fields.filter((f): f is { name: string; value: string } => 'value' in f);
  // An identifier split over consecutive fields (three SSN boxes): each box masked to its share.
  const found = withFieldBoxes(fields, fields.map((f) => detect(f.value, { field: f.name })));
  return fields.map((f, i) => {
    const ids = found[i]!.filter((x) => x.confidence !== 'low' && isIdentifier(x.type));
    return { findings: found[i]!, masked: ids.length ? maskFindings(f.value, ids, keep) : f.value };
  });
}

/** The file parts of a body that hold something (an empty file input sends an empty part). */
export function filesOf(req: OutgoingRequest): RequestFile[] {
  if (req.file) return [req.file];
  return (req.fields ?? []).flatMap((f) => ('file' in f && f.file.size > 0 ? [f.file] : []));
}

/**
 * Masking in place keeps a JSON body valid except where an identifier was a bare JSON number
 * ({"ssn": 536221874}); those become masked strings.
 */
export function jsonSafe(original: string, masked: string, keep?: KeepDigits): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(original);
  } catch {
    return masked;
  }
  try {
    JSON.parse(masked);
    return masked;
  } catch {
    const walk = (v: unknown, key?: string): unknown => {
      if (typeof v === 'string' || typeof v === 'number') {
        const s = String(v);
        const ids = detect(s, key ? { field: key } : {}).filter((f) => f.confidence !== 'low' && isIdentifier(f.type));
        return ids.length ? maskFindings(s, ids, keep) : v;
      }
      if (Array.isArray(v)) return v.map((x) => walk(x, key));
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
      return v;
    };
    return JSON.stringify(walk(parsed));
  }
}
