/**
 * XLSX: every sheet, in the order of the workbook, as tab-separated rows (the header row is
 * context for its column), with shared strings, inline strings, numbers and formula results. An
 * identifier Excel stored as a number counts: 412683390 under an "SSN" header is an SSN, and
 * 12683390 there is one whose leading zero Excel dropped. The masked copy rewrites only the cells
 * and strings that held an identifier (a number or formula result becomes the masked text, since
 * a masked value is no longer a number and a formula would compute the full one again).
 */
import { cannot } from './errors';
import { Joined, locate } from './joined';
import type { Unit } from './joined';
import type { FileFinding } from './types';
import { attr, decodeXml, eachTag, escapeXml, replaceNodes } from './xml';
import type { TextNode } from './xml';
import { readText } from './zip';
import type { ZipPackage } from './zip';

interface SharedStrings {
  name: string;
  xml: string;
  text: string;
  nodes: TextNode[];
  items: { start: number; end: number }[];
}

type CellSource =
  | { kind: 'shared'; index: number }
  | { kind: 'inline'; nodes: TextNode[] }
  | { kind: 'value'; start: number; end: number; ref: string; style: string | undefined };

interface Cell {
  ref: string;
  textStart: number;
  textEnd: number;
  source: CellSource;
}

export interface Sheet {
  name: string;
  part: string;
  xml: string;
  text: string;
  cells: Cell[];
  units: Unit[];
}

export interface Workbook {
  /** The workbook part (xl/workbook.xml). */
  part: string;
  shared: SharedStrings | undefined;
  sheets: Sheet[];
}

export const STATEMENT_SHEET = 'Confidentiality';
const WORKSHEET_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet';

/**
 * The statement as a last sheet of its own (a last one, so every sheet index a defined name or
 * print area refers to stays the same): the sheet part, its relationship and its content type.
 */
export function withStatementSheet(pkg: ZipPackage, wb: Workbook, changed: Map<string, string>, statement: string): boolean {
  const wbXml = changed.get(wb.part) ?? readText(pkg, wb.part);
  const dir = wb.part.slice(0, wb.part.lastIndexOf('/') + 1);
  const relsName = `${dir}_rels/${wb.part.slice(dir.length)}.rels`;
  const rels = changed.get(relsName) ?? readText(pkg, relsName);
  const types = changed.get('[Content_Types].xml') ?? readText(pkg, '[Content_Types].xml');
  if (!wbXml || !rels || !types || !wbXml.includes('</sheets>') || !/xmlns:r=/.test(wbXml)) return false;
  if (wb.sheets.some((sh) => sh.name === STATEMENT_SHEET)) return false;
  let ids = 0;
  eachTag(wbXml, (t) => {
    if (t.name === 'sheet' && !t.close) ids = Math.max(ids, Number(attr(t.attrs, 'sheetId') ?? 0));
  });
  let relId = 'rIdDgStatement';
  while (rels.includes(`Id="${relId}"`)) relId += 'x';
  // Named like Excel's own parts (sheetN.xml): some readers find worksheets by that name.
  let n = wb.sheets.length + 1;
  while (pkg.entries.has(`${dir}worksheets/sheet${n}.xml`)) n++;
  const file = `sheet${n}.xml`;
  const partName = `${dir}worksheets/${file}`;
  changed.set(wb.part, wbXml.replace('</sheets>', `<sheet name="${STATEMENT_SHEET}" sheetId="${ids + 1}" r:id="${relId}"/></sheets>`));
  changed.set(relsName, rels.replace('</Relationships>', `<Relationship Id="${relId}" Type="${WORKSHEET_TYPE}" Target="worksheets/${file}"/></Relationships>`));
  changed.set('[Content_Types].xml', types.replace('</Types>', `<Override PartName="/${partName}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`));
  const rows = statement
    .split(/\n+/)
    .map((line, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(line)}</t></is></c></row>`)
    .join('');
  changed.set(partName, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`);
  return true;
}

export function isXlsx(pkg: ZipPackage): boolean {
  const ct = pkg.entries.has('[Content_Types].xml') ? readText(pkg, '[Content_Types].xml') ?? '' : '';
  return ct.includes('spreadsheetml.sheet.main+xml') || ct.includes('spreadsheetml.template.main+xml');
}

function relsOf(pkg: ZipPackage, part: string): Map<string, { type: string; target: string }> {
  const dir = part.slice(0, part.lastIndexOf('/') + 1);
  const relsName = `${dir}_rels/${part.slice(dir.length)}.rels`;
  const out = new Map<string, { type: string; target: string }>();
  const xml = readText(pkg, relsName);
  if (!xml) return out;
  eachTag(xml, (t) => {
    if (t.name !== 'Relationship' || t.close) return;
    const id = attr(t.attrs, 'Id');
    const target = attr(t.attrs, 'Target');
    if (!id || !target || attr(t.attrs, 'TargetMode') === 'External') return;
    out.set(id, { type: attr(t.attrs, 'Type') ?? '', target: target.startsWith('/') ? target.slice(1) : normalize(dir + target) });
  });
  return out;
}

function normalize(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

function workbookPart(pkg: ZipPackage): string {
  for (const r of relsOf(pkg, '').values()) if (r.type.endsWith('/officeDocument')) return r.target;
  return 'xl/workbook.xml';
}

function readShared(name: string, xml: string): SharedStrings {
  const joined = new Joined();
  const nodes: TextNode[] = [];
  const items: { start: number; end: number }[] = [];
  let itemStart = -1;
  let open: number | undefined;
  let phonetic = 0;
  eachTag(xml, (t) => {
    if (open !== undefined) {
      if (t.close && t.name === 't') {
        const value = decodeXml(xml.slice(open, t.start));
        nodes.push({ xmlStart: open, xmlEnd: t.start, textStart: joined.length, textEnd: joined.length + value.length, value });
        joined.push(value);
        open = undefined;
      }
      return;
    }
    if (t.name === 'si') {
      if (t.selfClosing) items.push({ start: joined.length, end: joined.length });
      else if (!t.close) itemStart = joined.length;
      else items.push({ start: itemStart, end: joined.length });
    } else if (t.name === 'rPh') {
      if (!t.selfClosing) phonetic += t.close ? -1 : 1;
    } else if (t.name === 't' && !t.close && !t.selfClosing && phonetic === 0) {
      open = t.end;
    }
  });
  return { name, xml, text: joined.text(), nodes, items };
}

const ID_HEADER = /\b(ssn|ssan|social|soc\.?\s*sec|itin|taxpayer|tin|fein|ein|employer\s*id|federal\s*id|tax\s*id)\b/i;

function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

function numberText(v: string): string {
  const t = v.trim();
  if (/^-?\d+$/.test(t)) return t;
  const n = Number(t);
  if (Number.isFinite(n) && Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  return t;
}

function readSheet(name: string, part: string, xml: string, shared: SharedStrings | undefined): Sheet {
  const joined = new Joined();
  const cells: Cell[] = [];
  const idColumns = new Set<number>();
  let headerSeen = false;
  let rowCells: { col: number; text: string; cell: Omit<Cell, 'textStart' | 'textEnd'> }[] = [];
  let cell: { start: number; ref: string; type: string | undefined; style: string | undefined } | undefined;
  let value: string | undefined;
  let inlineNodes: { start: number; end: number; value: string }[] = [];
  let openValue: number | undefined;
  let openInline: number | undefined;
  let autoCol = 0;

  const flushRow = () => {
    if (rowCells.length === 0) return;
    rowCells.sort((a, b) => a.col - b.col);
    if (!headerSeen) {
      headerSeen = true;
      for (const c of rowCells) if (ID_HEADER.test(c.text)) idColumns.add(c.col);
    }
    let col = 0;
    for (const c of rowCells) {
      while (col < c.col) {
        joined.push('\t');
        col++;
      }
      const textStart = joined.length;
      joined.open({ sheet: name, cell: c.cell.ref });
      let text = c.text;
      if (c.cell.source.kind === 'value' && idColumns.has(c.col) && /^\d{7,8}$/.test(text)) text = text.padStart(9, '0');
      const full: Cell = { ...c.cell, textStart, textEnd: textStart + text.length };
      if (full.source.kind === 'inline') {
        // Inline nodes were recorded relative to the cell's text; make them absolute.
        full.source = { kind: 'inline', nodes: full.source.nodes.map((n) => ({ ...n, textStart: n.textStart + textStart, textEnd: n.textEnd + textStart })) };
      }
      joined.push(text);
      cells.push(full);
    }
    joined.closeLast();
    joined.push('\n');
    rowCells = [];
  };

  eachTag(xml, (t) => {
    if (openValue !== undefined) {
      if (t.close && t.name === 'v') {
        value = decodeXml(xml.slice(openValue, t.start));
        openValue = undefined;
      }
      return;
    }
    if (openInline !== undefined) {
      if (t.close && t.name === 't') {
        inlineNodes.push({ start: openInline, end: t.start, value: decodeXml(xml.slice(openInline, t.start)) });
        openInline = undefined;
      }
      return;
    }
    switch (t.name) {
      case 'row':
        if (t.close || t.selfClosing) flushRow();
        else autoCol = 0;
        return;
      case 'c': {
        if (!t.close) {
          const ref = attr(t.attrs, 'r') ?? columnName(autoCol);
          autoCol = columnIndex(ref) + 1;
          cell = { start: t.start, ref, type: attr(t.attrs, 't'), style: attr(t.attrs, 's') };
          value = undefined;
          inlineNodes = [];
          if (!t.selfClosing) return;
        }
        if (!cell) return;
        const end = t.end;
        const c = cell;
        cell = undefined;
        const col = columnIndex(c.ref);
        if (c.type === 's') {
          const index = Number(value);
          const item = shared?.items[index];
          if (!shared || !item) return;
          rowCells.push({ col, text: shared.text.slice(item.start, item.end), cell: { ref: c.ref, source: { kind: 'shared', index } } });
        } else if (c.type === 'inlineStr') {
          let at = 0;
          const nodes: TextNode[] = inlineNodes.map((n) => {
            const node = { xmlStart: n.start, xmlEnd: n.end, textStart: at, textEnd: at + n.value.length, value: n.value };
            at += n.value.length;
            return node;
          });
          rowCells.push({ col, text: inlineNodes.map((n) => n.value).join(''), cell: { ref: c.ref, source: { kind: 'inline', nodes } } });
        } else if (value !== undefined && c.type !== 'b' && c.type !== 'e') {
          const text = c.type === 'str' || c.type === 'd' ? value : numberText(value);
          rowCells.push({ col, text, cell: { ref: c.ref, source: { kind: 'value', start: c.start, end, ref: c.ref, style: c.style } } });
        }
        return;
      }
      case 'v':
        if (cell && !t.close && !t.selfClosing) openValue = t.end;
        return;
      case 't':
        if (cell && !t.close && !t.selfClosing) openInline = t.end;
        return;
    }
  });
  flushRow();
  return { name, part, xml, text: joined.text(), cells, units: joined.units };
}

function columnName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return `${s}1`;
}

export function readWorkbook(pkg: ZipPackage): Workbook {
  const wbPart = workbookPart(pkg);
  return { ...readSheets(pkg, wbPart), part: wbPart };
}

function readSheets(pkg: ZipPackage, wbPart: string): Omit<Workbook, 'part'> {
  const wbXml = readText(pkg, wbPart);
  if (!wbXml) cannot('corrupt', 'the workbook has no main part (xl/workbook.xml)');
  const rels = relsOf(pkg, wbPart);
  let shared: SharedStrings | undefined;
  for (const r of rels.values()) {
    if (r.type.endsWith('/sharedStrings')) {
      const xml = readText(pkg, r.target);
      if (xml) shared = readShared(r.target, xml);
    }
  }
  const sheets: Sheet[] = [];
  eachTag(wbXml, (t) => {
    if (t.name !== 'sheet' || t.close) return;
    const name = attr(t.attrs, 'name') ?? `Sheet${sheets.length + 1}`;
    const id = attr(t.attrs, 'r:id');
    const rel = id ? rels.get(id) : undefined;
    if (!rel || !rel.type.endsWith('/worksheet')) return;
    const xml = readText(pkg, rel.target);
    if (xml === undefined) cannot('corrupt', `sheet "${name}" is missing from the package`);
    sheets.push(readSheet(name, rel.target, xml, shared));
  });
  return { shared, sheets };
}

export function sheetFindings(sheet: Sheet, findings: Parameters<typeof locate>[0]): FileFinding[] {
  return locate(findings, sheet.units);
}

/**
 * The changed parts of the package for the sheets' masked texts (same order as `wb.sheets`).
 * A shared string used by several cells is masked wherever any of its cells was.
 */
export function maskWorkbook(wb: Workbook, maskedSheets: readonly string[]): Map<string, string> {
  const changed = new Map<string, string>();
  const sharedMasked = wb.shared ? wb.shared.text.split('') : [];
  let sharedTouched = false;
  wb.sheets.forEach((sheet, i) => {
    const masked = maskedSheets[i]!;
    if (masked === sheet.text) return;
    const nodes: TextNode[] = [];
    const cellEdits: { start: number; end: number; xml: string }[] = [];
    for (const c of sheet.cells) {
      const next = masked.slice(c.textStart, c.textEnd);
      const before = sheet.text.slice(c.textStart, c.textEnd);
      if (next === before) continue;
      const src = c.source;
      if (src.kind === 'shared' && wb.shared) {
        const item = wb.shared.items[src.index]!;
        for (let k = 0; k < next.length && item.start + k < item.end; k++) {
          if (next[k] !== before[k]) {
            sharedMasked[item.start + k] = next[k]!;
            sharedTouched = true;
          }
        }
      } else if (src.kind === 'inline') {
        nodes.push(...src.nodes);
      } else if (src.kind === 'value') {
        const style = src.style === undefined ? '' : ` s="${escapeXml(src.style)}"`;
        cellEdits.push({ start: src.start, end: src.end, xml: `<c r="${escapeXml(src.ref)}"${style} t="inlineStr"><is><t>${escapeXml(next)}</t></is></c>` });
      }
    }
    // Inline string nodes and whole-cell edits, all at offsets of the original part, applied in one pass.
    const edits = [
      ...nodes
        .filter((n) => masked.slice(n.textStart, n.textEnd) !== n.value)
        .map((n) => ({ start: n.xmlStart, end: n.xmlEnd, xml: escapeXml(masked.slice(n.textStart, n.textEnd)) })),
      ...cellEdits,
    ].sort((a, b) => a.start - b.start);
    if (edits.length === 0) return;
    const parts: string[] = [];
    let at = 0;
    for (const e of edits) {
      if (e.start < at) continue;
      parts.push(sheet.xml.slice(at, e.start), e.xml);
      at = e.end;
    }
    parts.push(sheet.xml.slice(at));
    changed.set(sheet.part, parts.join(''));
  });
  if (sharedTouched && wb.shared) {
    const r = replaceNodes(wb.shared.xml, wb.shared.nodes, sharedMasked.join(''));
    if (r.changed) changed.set(wb.shared.name, r.xml);
  }
  return changed;
}
