/**
 * Identifiers where a request cannot carry them masked: its web address, its headers and cookies,
 * and inside an encoding (base64, a JWT, percent-encoded twice, compressed). A value there cannot
 * be masked in flight without breaking the request, so the request guard and the network backstop
 * refuse such a request on an enforce site (and log it).
 */
import { detect, isIdentifier } from '../../shared/detect/index';
import { PEOPLE } from '../../shared/detect/person';
import { maskFindings } from '../../shared/mask';
import { innerLayers, MAX_DECODED, unwrapCompressed } from './encoded';
import type { Unwrapped } from './encoded';
import type { SendEvent } from './messages';
import { plainSample } from './samples';

/** One identifier found in an address, as the log takes it: fingerprinted value and masked sample. */
export interface AddressIdentifier {
  type: SendEvent['identifiers'][number]['type'];
  value: string;
  masked: string;
}

/** A path that names people (a claimants API, a person search). */
const PEOPLE_PATH = new RegExp(String.raw`(?:^|/)${PEOPLE}(?:/|$)`, 'i');

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
  // A search of people (`/claimants/search?q=536221874`): a bare nine-digit term is read as a person's.
  const ofPeople = PEOPLE_PATH.test(parsed.pathname);
  for (const [name, value] of parsed.searchParams) parts.push([name, ofPeople && /^\s*\d{9}\s*$/.test(value) ? `claimant id ${value.trim()}` : value]);
  const out: AddressIdentifier[] = [];
  for (const [field, value] of parts) out.push(...identifiersIn(value, field));
  return out;
}

/** Full identifiers in one value read with its name as the field: each value and its masked sample in plain characters. */
export function identifiersIn(value: string, field?: string): AddressIdentifier[] {
  if (!/\p{Nd}/u.test(value)) return [];
  const out: AddressIdentifier[] = [];
  for (const f of detect(value, field ? { field } : {})) {
    if (f.confidence === 'low' || !isIdentifier(f.type)) continue;
    const v = value.slice(f.start, f.end);
    out.push({ type: f.type as AddressIdentifier['type'], value: plainSample(v), masked: plainSample(maskFindings(v, [{ ...f, start: 0, end: v.length }])) });
  }
  return out;
}

/**
 * Full identifiers in request headers or a cookie (each value read with its name as the field, an
 * encoded value such as a JWT decoded too): a header is not masked in flight, so such a request is
 * refused on an enforce site.
 */
export function headerIdentifiers(headers: ReadonlyArray<{ name: string; value: string }>): AddressIdentifier[] {
  const out: AddressIdentifier[] = [];
  const budget = { left: MAX_DECODED };
  for (const { name, value } of headers) {
    if (!/\p{Nd}|[A-Za-z0-9+/_-]{16}/u.test(value)) continue;
    out.push(...identifiersIn(value, name));
    for (const layer of innerLayers(value, budget).layers) out.push(...identifiersIn(layer.text, name));
  }
  return out;
}

/** Full identifiers inside encoded texts (base64, JWT payloads, percent-encoded twice, compressed), or why they cannot be read. */
export function encodedIdentifiers(parts: ReadonlyArray<{ text: string; field?: string }>, compressed: readonly Uint8Array[] = []): { found: AddressIdentifier[]; unreadable?: string } {
  const found: AddressIdentifier[] = [];
  let unreadable: string | undefined;
  const budget = { left: MAX_DECODED };
  const take = (u: Unwrapped, field?: string) => {
    for (const layer of u.layers) found.push(...identifiersIn(layer.text, field));
    unreadable ??= u.unreadable;
  };
  for (const p of parts) take(innerLayers(p.text, budget), p.field);
  for (const bytes of compressed) take(unwrapCompressed(bytes) ?? { layers: [] });
  return unreadable ? { found, unreadable } : { found };
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
