/**
 * Identifiers in a request's web address. A value there cannot be masked in flight without
 * breaking the request, so the request guard and the network backstop refuse such a request on an
 * enforce site (and log it).
 */
import { detect, isIdentifier } from '../../shared/detect/index';
import { maskFindings } from '../../shared/mask';
import type { SendEvent } from './messages';

/** One identifier found in an address, as the log takes it: fingerprinted value and masked sample. */
export interface AddressIdentifier {
  type: SendEvent['identifiers'][number]['type'];
  value: string;
  masked: string;
}

/**
 * Full identifiers in a request's address: its path, and its query values each read with its
 * parameter name as the field (so "?ssn=536221874" counts). The fragment never leaves the browser.
 */
export function addressIdentifiers(url: string): AddressIdentifier[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  if (!/\p{Nd}/u.test(parsed.pathname + parsed.search)) return [];
  // The path as words ("/api/ssn/536221874" reads "api ssn 536221874"), each query value by its name.
  const parts: Array<[string | undefined, string]> = [[undefined, parsed.pathname.split('/').map(decodeSafe).join(' ')]];
  for (const [name, value] of parsed.searchParams) parts.push([name, value]);
  const out: AddressIdentifier[] = [];
  for (const [field, value] of parts) {
    if (!/\p{Nd}/u.test(value)) continue;
    for (const f of detect(value, field ? { field } : {})) {
      if (f.confidence === 'low' || !isIdentifier(f.type)) continue;
      const v = value.slice(f.start, f.end);
      out.push({ type: f.type as AddressIdentifier['type'], value: v, masked: maskFindings(v, [{ ...f, start: 0, end: v.length }]) });
    }
  }
  return out;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
