/**
 * A ZIP package (DOCX, XLSX) read from its central directory, with the limits that stop a zip
 * bomb before it expands: entry count, the declared and the actual expanded size, and the
 * expansion ratio. Entries are inflated in chunks and abandoned as soon as they pass a limit, so
 * a package that lies about its sizes costs no more than the limit. Writing goes through fflate;
 * entries that were not changed keep their content byte for byte.
 */
import { Inflate, zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import { cannot } from './errors';
import type { FileLimits } from './limits';
import { megabytes } from './limits';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  dataOffset: number;
}

export interface ZipPackage {
  bytes: Uint8Array;
  entries: Map<string, ZipEntry>;
  /** The names in the order of the central directory. */
  names: string[];
}

function u16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}
function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export function openZip(bytes: Uint8Array, limits: FileLimits): ZipPackage {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (u32(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) cannot('corrupt', 'the package is damaged (no ZIP central directory)');
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) cannot('unsupported', 'ZIP64 packages are not supported');
  if (count > limits.maxZipEntries) {
    cannot('zip_bomb', `the package has ${count} entries; at most ${limits.maxZipEntries} are inspected`);
  }
  if (cdOffset + cdSize > bytes.length) cannot('corrupt', 'the package is damaged (central directory out of range)');
  const entries = new Map<string, ZipEntry>();
  const names: string[] = [];
  let at = cdOffset;
  let declared = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== 0x02014b50) cannot('corrupt', 'the package is damaged (bad directory entry)');
    const flags = u16(bytes, at + 8);
    const method = u16(bytes, at + 10);
    const compressedSize = u32(bytes, at + 20);
    const size = u32(bytes, at + 24);
    const nameLen = u16(bytes, at + 28);
    const extraLen = u16(bytes, at + 30);
    const commentLen = u16(bytes, at + 32);
    const local = u32(bytes, at + 42);
    const rawName = bytes.subarray(at + 46, at + 46 + nameLen);
    const name = flags & 0x800 ? utf8.decode(rawName) : latin1.decode(rawName);
    at += 46 + nameLen + extraLen + commentLen;
    if (flags & 1) cannot('encrypted', 'the package is encrypted (password protected)');
    if (method !== 0 && method !== 8) cannot('unsupported', `entry ${name} uses compression method ${method}`);
    if (local + 30 > bytes.length || u32(bytes, local) !== 0x04034b50) cannot('corrupt', `the package is damaged (entry ${name})`);
    const dataOffset = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
    if (dataOffset + compressedSize > bytes.length) cannot('corrupt', `the package is damaged (entry ${name} is cut short)`);
    declared += size;
    checkExpansion(name, size, compressedSize, limits);
    entries.set(name, { name, method, compressedSize, size, dataOffset });
    names.push(name);
  }
  if (declared > limits.maxExpandedBytes) {
    cannot('zip_bomb', `the package expands to ${megabytes(declared)}; at most ${megabytes(limits.maxExpandedBytes)} are inspected`);
  }
  if (declared > 1024 * 1024 && declared / Math.max(1, bytes.length) > limits.maxExpansionRatio) {
    cannot('zip_bomb', `the package expands ${Math.round(declared / bytes.length)} times its size; at most ${limits.maxExpansionRatio} times is inspected`);
  }
  return { bytes, entries, names };
}

function checkExpansion(name: string, size: number, compressed: number, limits: FileLimits): void {
  if (size > limits.maxExpandedBytes) {
    cannot('zip_bomb', `entry ${name} expands to ${megabytes(size)}; at most ${megabytes(limits.maxExpandedBytes)} are inspected`);
  }
  if (size > 1024 * 1024 && size / Math.max(1, compressed) > limits.maxExpansionRatio) {
    cannot('zip_bomb', `entry ${name} expands ${Math.round(size / Math.max(1, compressed))} times its size; at most ${limits.maxExpansionRatio} times is inspected`);
  }
}

/** The entry's content, inflated with a hard stop at its declared size (a lying header gains nothing). */
export function readEntry(pkg: ZipPackage, name: string): Uint8Array | undefined {
  const e = pkg.entries.get(name);
  if (!e) return undefined;
  const raw = pkg.bytes.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
  if (e.method === 0) return raw.slice();
  const out = new Uint8Array(e.size);
  let filled = 0;
  let over = false;
  const inflater = new Inflate((chunk) => {
    if (filled + chunk.length > e.size) {
      over = true;
      return;
    }
    out.set(chunk, filled);
    filled += chunk.length;
  });
  try {
    for (let i = 0; i < raw.length && !over; i += 65536) {
      inflater.push(raw.subarray(i, Math.min(raw.length, i + 65536)), i + 65536 >= raw.length);
    }
  } catch {
    cannot('corrupt', `the package is damaged (entry ${name} cannot be inflated)`);
  }
  if (over) cannot('zip_bomb', `entry ${name} expands past the size it declares`);
  if (filled !== e.size) cannot('corrupt', `the package is damaged (entry ${name} is shorter than it declares)`);
  return out;
}

export function readText(pkg: ZipPackage, name: string): string | undefined {
  const b = readEntry(pkg, name);
  if (!b) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    cannot('corrupt', `entry ${name} is not UTF-8 XML`);
  }
}

/** The package again, with `changed` entries replaced; every other entry keeps its content. */
export function rewriteZip(pkg: ZipPackage, changed: ReadonlyMap<string, string | Uint8Array>): Uint8Array {
  const files: Zippable = {};
  const enc = new TextEncoder();
  for (const name of pkg.names) {
    if (name.endsWith('/')) continue;
    const c = changed.get(name);
    const data = c === undefined ? readEntry(pkg, name)! : typeof c === 'string' ? enc.encode(c) : c;
    // [Content_Types].xml first and uncompressed-friendly ordering are kept by keeping the order.
    files[name] = [data, { level: name.endsWith('.xml') || name.endsWith('.rels') ? 6 : 0 }];
  }
  for (const [name, c] of changed) {
    if (!(name in files)) files[name] = [typeof c === 'string' ? enc.encode(c) : c, { level: 6 }];
  }
  return zipSync(files);
}
