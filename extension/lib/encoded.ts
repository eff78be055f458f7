/**
 * Text hidden under an encoding in a request: base64 and base64url segments (a JWT's payload, a
 * base64 JSON body), percent-encoding applied more than once (`536%252D22%252D1874`), and gzip or
 * zlib bytes (CompressionStream output, a body sent with `Content-Encoding: gzip`). Each layer is
 * decoded at most MAX_DEPTH deep and MAX_DECODED characters in all, so a hostile body costs no
 * more than that. An identifier found inside cannot be masked where it lies: the guard and the
 * backstop refuse such a request on an enforce site. Synchronous (webRequest's blocking listener
 * must answer at once).
 */
import { Gunzip, Unzlib } from 'fflate';
import { looksLikeText } from '../../shared/files/text';

/** Decoded characters read per request, all layers together (a bound, not a guess at real bodies). */
export const MAX_DECODED = 1 << 20;
/** Encodings inside encodings read (base64 of gzip of JSON is three). */
export const MAX_DEPTH = 3;

export type Encoding = 'base64' | 'percent' | 'gzip' | 'zlib';

export interface Layer {
  /** The decoded text. */
  text: string;
  /** The encodings taken off, outermost first. */
  via: Encoding[];
}

export interface Unwrapped {
  layers: Layer[];
  /** Why something encoded could not be read (too large once expanded, corrupt). */
  unreadable?: string;
}

class TooLarge extends Error {}

/** Whether bytes are gzip (RFC 1952 magic) or zlib (RFC 1950: deflate, FCHECK a multiple of 31). */
export function compression(bytes: Uint8Array): 'gzip' | 'zlib' | undefined {
  if (bytes.length < 3) return undefined;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 8) return 'gzip';
  // CMF 0x78 (deflate, 32 KB window) is what CompressionStream('deflate') and zlib write.
  if (bytes[0] === 0x78 && ((bytes[0] << 8) | bytes[1]!) % 31 === 0) return 'zlib';
  return undefined;
}

/** Decompressed bytes, stopped as soon as they pass `limit`. */
export function inflate(bytes: Uint8Array, kind: 'gzip' | 'zlib', limit = MAX_DECODED): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const onData = (chunk: Uint8Array) => {
    size += chunk.length;
    if (size > limit) throw new TooLarge();
    chunks.push(chunk);
  };
  const stream = kind === 'gzip' ? new Gunzip(onData) : new Unzlib(onData);
  for (let at = 0; at < bytes.length; at += 16_384) stream.push(bytes.subarray(at, at + 16_384), at + 16_384 >= bytes.length);
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes as text when they are text (valid UTF-8, no control noise), else undefined. */
function asText(bytes: Uint8Array): string | undefined {
  if (!looksLikeText(bytes)) return undefined;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function base64Bytes(segment: string): Uint8Array | undefined {
  const s = segment.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (s.length % 4 === 1) return undefined;
  try {
    const bin = atob(s + '='.repeat((4 - (s.length % 4)) % 4));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}

// A base64 or base64url run long enough to hold a 9-digit identifier with a word of context
// (RFC 4648 §4 and §5 alphabets; a JWT's parts are split on their dots).
const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
// Percent-encoding of a percent sign followed by two hex digits: encoded twice or more.
const DOUBLE_PERCENT = /%25[0-9A-Fa-f]{2}/;

function percentDecoded(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/**
 * The texts encoded inside `text` (not `text` itself). Percent-encoding once is left to the
 * detectors, which read it in place (and so it can be masked there); twice or more is decoded
 * here down to once.
 */
export function innerLayers(text: string, budget = { left: MAX_DECODED }, via: Encoding[] = []): Unwrapped {
  const out: Unwrapped = { layers: [] };
  if (via.length >= MAX_DEPTH) return out;
  const add = (decoded: string, how: Encoding[]) => {
    if (decoded.length > budget.left) throw new TooLarge();
    budget.left -= decoded.length;
    out.layers.push({ text: decoded, via: how });
    const inner = innerLayers(decoded, budget, how);
    out.layers.push(...inner.layers);
    if (inner.unreadable && !out.unreadable) out.unreadable = inner.unreadable;
  };
  try {
    if (DOUBLE_PERCENT.test(text)) add(percentDecoded(text), [...via, 'percent']);
    for (const m of text.matchAll(BASE64_RUN)) {
      const bytes = base64Bytes(m[0]);
      if (!bytes || bytes.length < 9) continue;
      const packed = compression(bytes);
      if (packed) {
        let t: string | undefined;
        try {
          t = asText(inflate(bytes, packed, budget.left));
        } catch (e) {
          // Random bytes that only look like a zlib header are no encoding: skipped, unless too large.
          if (e instanceof TooLarge) throw e;
        }
        if (t !== undefined) add(t, [...via, 'base64', packed]);
        continue;
      }
      const t = asText(bytes);
      if (t !== undefined && /\p{Nd}/u.test(t)) add(t, [...via, 'base64']);
    }
  } catch (e) {
    out.unreadable = e instanceof TooLarge ? `encoded content larger than ${MAX_DECODED >> 20} MB once decoded` : 'encoded content that could not be decoded';
  }
  return out;
}

/** A compressed body: its text and every layer inside it, or why it cannot be read. */
export function unwrapCompressed(bytes: Uint8Array): Unwrapped | undefined {
  const kind = compression(bytes);
  if (!kind) return undefined;
  try {
    const text = asText(inflate(bytes, kind));
    if (text === undefined) return { layers: [], unreadable: 'compressed content that is not text' };
    const inner = innerLayers(text, { left: MAX_DECODED - text.length }, [kind]);
    return { layers: [{ text, via: [kind] }, ...inner.layers], ...(inner.unreadable ? { unreadable: inner.unreadable } : {}) };
  } catch (e) {
    return { layers: [], unreadable: e instanceof TooLarge ? `compressed content larger than ${MAX_DECODED >> 20} MB once expanded` : 'compressed content that could not be expanded' };
  }
}
