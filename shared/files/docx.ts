/**
 * DOCX: the text of the body, headers, footers, footnotes, endnotes and comments — including
 * tracked deletions and field codes, which a reader does not see but the file still carries — with
 * text split across runs joined, table cells joined by tabs and rows by lines (so a header row is
 * context for the column). The masked copy changes only the content of the text elements that
 * held an identifier, and puts the confidentiality statement in a first paragraph.
 */
import { cannot } from './errors';
import { Joined, locate } from './joined';
import type { FileFinding } from './types';
import { attr, decodeXml, eachTag, escapeXml, replaceNodes } from './xml';
import type { TextNode } from './xml';
import { readText } from './zip';
import type { ZipPackage } from './zip';

/** Elements whose content is text of the document. */
const TEXT_ELEMENTS = new Set(['w:t', 'w:delText', 'w:instrText', 'w:delInstrText']);

export interface DocxPart {
  name: string;
  label: string;
  xml: string;
  text: string;
  nodes: TextNode[];
  joined: Joined;
}

export function docxMain(pkg: ZipPackage): string {
  const rels = readText(pkg, '_rels/.rels');
  let main = 'word/document.xml';
  if (rels) {
    eachTag(rels, (t) => {
      if (t.name !== 'Relationship' || t.close) return;
      const type = attr(t.attrs, 'Type') ?? '';
      const target = attr(t.attrs, 'Target');
      if (type.endsWith('/officeDocument') && target) main = target.replace(/^\//, '');
    });
  }
  if (!pkg.entries.has(main)) cannot('corrupt', 'the document has no main part (word/document.xml)');
  return main;
}

export function isDocx(pkg: ZipPackage): boolean {
  const ct = pkg.entries.has('[Content_Types].xml') ? readText(pkg, '[Content_Types].xml') ?? '' : '';
  return ct.includes('wordprocessingml.document.main+xml') || ct.includes('wordprocessingml.template.main+xml');
}

function labelOf(name: string, main: string): string {
  if (name === main) return 'body';
  const base = name.slice(name.lastIndexOf('/') + 1).replace(/\.xml$/, '');
  return base;
}

export function docxParts(pkg: ZipPackage): DocxPart[] {
  const main = docxMain(pkg);
  const dir = main.slice(0, main.lastIndexOf('/') + 1);
  const names = [main, ...pkg.names.filter((n) => n !== main && n.startsWith(dir) && /^(header|footer)\d*\.xml$|^(footnotes|endnotes|comments)\.xml$/.test(n.slice(dir.length)))];
  return names.map((name) => readPart(name, labelOf(name, main), readText(pkg, name) ?? ''));
}

function readPart(name: string, label: string, xml: string): DocxPart {
  const joined = new Joined();
  const nodes: TextNode[] = [];
  let paragraph = 0;
  let cellDepth = 0;
  let open: { name: string; contentStart: number } | undefined;
  let inParagraph = false;
  const startParagraph = () => {
    if (inParagraph) return;
    inParagraph = true;
    paragraph++;
    joined.open({ part: label, paragraph });
  };
  eachTag(xml, (t) => {
    if (open) {
      if (t.close && t.name === open.name) {
        const raw = xml.slice(open.contentStart, t.start);
        const value = decodeXml(raw);
        nodes.push({ xmlStart: open.contentStart, xmlEnd: t.start, textStart: joined.length, textEnd: joined.length + value.length, value });
        joined.push(value);
        open = undefined;
      }
      return;
    }
    if (TEXT_ELEMENTS.has(t.name) && !t.close && !t.selfClosing) {
      startParagraph();
      open = { name: t.name, contentStart: t.end };
      return;
    }
    switch (t.name) {
      case 'w:p':
        if (t.close || t.selfClosing) {
          if (!inParagraph && t.selfClosing) return;
          inParagraph = false;
          joined.push(cellDepth > 0 ? ' ' : '\n');
        } else startParagraph();
        return;
      case 'w:tab':
        if (!t.close) joined.push('\t');
        return;
      case 'w:br':
      case 'w:cr':
        if (!t.close) joined.push('\n');
        return;
      case 'w:tc':
        if (t.close) {
          cellDepth--;
          joined.push('\t');
        } else if (!t.selfClosing) cellDepth++;
        return;
      case 'w:tr':
        if (t.close) joined.push('\n');
        return;
    }
  });
  if (open) cannot('corrupt', `part ${name} is damaged (an unclosed text element)`);
  return { name, label, xml, text: joined.text(), nodes, joined };
}

export function docxFindings(part: DocxPart, findings: Parameters<typeof locate>[0]): FileFinding[] {
  return locate(findings, part.joined.units);
}

export function maskDocxPart(part: DocxPart, masked: string): string | undefined {
  const r = replaceNodes(part.xml, part.nodes, masked);
  return r.changed ? r.xml : undefined;
}

/** The main part with the statement as its first paragraph (kept as the body's first child). */
export function withStatementParagraph(xml: string, statement: string): string {
  const m = /<w:body(\s[^>]*)?>/.exec(xml);
  if (!m) return xml;
  const at = m.index + m[0].length;
  const paragraphs = statement
    .split(/\n+/)
    .map((line) => `<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">${escapeXml(line)}</w:t></w:r></w:p>`)
    .join('');
  return xml.slice(0, at) + paragraphs + xml.slice(at);
}
