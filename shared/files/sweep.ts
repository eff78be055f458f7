/**
 * Everything else a package carries: document properties (title, author, keywords), custom XML,
 * charts' cached values, spreadsheet comments, the formulas of cells, shared strings no cell shows.
 * Readers do not display them, but the file still holds them, so each of their text elements is
 * scanned on its own and an identifier found there is masked like any other.
 */
import type { DetectOptions, Finding } from '../detect/index';
import { IDENTIFIER_TYPES } from '../detect/index';
import { maskFindings } from '../mask';
import type { KeepDigits } from '../mask';
import { detect } from '../detect/index';
import type { FileFinding } from './types';
import { decodeXml, eachTag, escapeXml } from './xml';
import { readText } from './zip';
import type { ZipPackage } from './zip';

interface SweptNode {
  start: number;
  end: number;
  value: string;
  findings: Finding[];
}

export interface SweptPart {
  name: string;
  xml: string;
  nodes: SweptNode[];
}

/**
 * Text elements of `names` (or, with `only`, of those elements alone) that hold an identifier.
 * Markup-compatibility and binary parts are skipped; a part that is not UTF-8 XML is left alone.
 */
export function sweep(pkg: ZipPackage, names: readonly string[], options: DetectOptions, only?: ReadonlySet<string>): SweptPart[] {
  const out: SweptPart[] = [];
  for (const name of names) {
    if (!/\.(xml|rels|vml)$/i.test(name)) continue;
    let xml: string | undefined;
    try {
      xml = readText(pkg, name);
    } catch {
      continue;
    }
    if (!xml || !/\d/.test(xml)) continue;
    const nodes: SweptNode[] = [];
    let inside = only ? 0 : 1;
    let last = -1;
    eachTag(xml, (t) => {
      if (last >= 0 && inside > 0 && t.start > last) {
        const raw = xml!.slice(last, t.start);
        if (/\d/.test(raw)) {
          const value = decodeXml(raw);
          const findings = detect(value, options).filter((f) => f.confidence !== 'low' && IDENTIFIER_TYPES.includes(f.type));
          if (findings.length) nodes.push({ start: last, end: t.start, value, findings });
        }
      }
      if (only && only.has(t.name) && !t.selfClosing) inside += t.close ? -1 : 1;
      last = t.end;
    });
    if (nodes.length) out.push({ name, xml, nodes });
  }
  return out;
}

export function sweptFindings(parts: readonly SweptPart[]): FileFinding[] {
  return parts.flatMap((p) => p.nodes.flatMap((n) => n.findings.map((f) => ({ ...f, where: { part: p.name, paragraph: 0 } }))));
}

export function sweptRaw(parts: readonly SweptPart[]): Finding[] {
  return parts.flatMap((p) => p.nodes.flatMap((n) => n.findings));
}

/** The part with its swept nodes masked; `base` is the part as the main reader already changed it. */
export function maskSwept(part: SweptPart, base: string | undefined, keep: Readonly<KeepDigits> | undefined): string {
  // A part the main reader changed is swept again on its changed text (its offsets moved).
  const xml = base ?? part.xml;
  if (base !== undefined && base !== part.xml) {
    // Each run of text between `>` and the next `<` or `>` is read once (a pattern that looked for a
    // digit anywhere in the run retried from every `>` of a long run).
    return xml.replace(/>([^<>]*)(?=<)/g, (m, raw: string) => {
      if (!/\d/.test(raw)) return m;
      const value = decodeXml(raw);
      const ids = detect(value).filter((f) => f.confidence !== 'low' && IDENTIFIER_TYPES.includes(f.type));
      return ids.length ? `>${escapeXml(maskFindings(value, ids, keep))}` : m;
    });
  }
  const pieces: string[] = [];
  let at = 0;
  for (const n of part.nodes) {
    pieces.push(xml.slice(at, n.start), escapeXml(maskFindings(n.value, n.findings, keep)));
    at = n.end;
  }
  pieces.push(xml.slice(at));
  return pieces.join('');
}
