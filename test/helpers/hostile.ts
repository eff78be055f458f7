/**
 * Files built to hurt a reader, each as small as its trick allows: sizes declared in headers far
 * beyond what any page holds, frames that add up, markup that never ends, more parts than any
 * upload has. Built byte by byte from the formats' specifications (PNG 11.2.2, ITU T.81 B.2.2,
 * TIFF 6.0 section 2, ECMA-376 part 2, RFC 7578), not by the code under test.
 */
import { crc32, deflateSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

function ihdr(width: number, height: number, bitDepth: number, colorType: number): Buffer {
  const d = Buffer.alloc(13);
  d.writeUInt32BE(width, 0);
  d.writeUInt32BE(height, 4);
  d[8] = bitDepth;
  d[9] = colorType;
  return chunk('IHDR', d);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG whose header declares width × height RGB pixels, with almost no data behind it. */
export function pngDeclaring(width: number, height: number): Uint8Array {
  const idat = chunk('IDAT', deflateSync(Buffer.alloc(8)));
  return new Uint8Array(Buffer.concat([PNG_SIGNATURE, ihdr(width, height, 8, 2), idat, chunk('IEND', new Uint8Array(0))]));
}

/** A valid 1-bit greyscale PNG of width × height white pixels: a few kilobytes that decode to gigabytes. */
export function pngBomb(width: number, height: number): Uint8Array {
  const row = Buffer.alloc(1 + Math.ceil(width / 8), 0xff);
  row[0] = 0; // filter: none
  const raw = Buffer.alloc(row.length * height);
  for (let y = 0; y < height; y++) row.copy(raw, y * row.length);
  const idat = chunk('IDAT', deflateSync(raw, { level: 9 }));
  return new Uint8Array(Buffer.concat([PNG_SIGNATURE, ihdr(width, height, 1, 0), idat, chunk('IEND', new Uint8Array(0))]));
}

/** A baseline JPEG frame header declaring width × height, then a scan of nothing. */
export function jpegDeclaring(width: number, height: number): Uint8Array {
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
  const sos = Buffer.from([0xff, 0xda, 0x00, 0x0c, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3f, 0x00]);
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xd8]), sof, sos, Buffer.alloc(16), Buffer.from([0xff, 0xd9])]));
}

/**
 * A little-endian bilevel TIFF of `frames` pages of width × height, every page pointing at the same
 * few bytes of strip: each page looks ordinary, together they are gigapixels.
 */
export function tiffDeclaring(frames: number, width: number, height: number): Uint8Array {
  const tags = (strip: number): Array<[number, number, number]> => [
    [256, 4, width],
    [257, 4, height],
    [258, 3, 1],
    [259, 3, 1],
    [262, 3, 0],
    [273, 4, strip],
    [277, 3, 1],
    [278, 4, height],
    [279, 4, 16],
  ];
  const ifdSize = 2 + tags(0).length * 12 + 4;
  const strip = 8;
  const first = strip + 16;
  const out = Buffer.alloc(first + frames * ifdSize);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(first, 4);
  for (let f = 0; f < frames; f++) {
    const at = first + f * ifdSize;
    const list = tags(strip);
    out.writeUInt16LE(list.length, at);
    list.forEach(([tag, type, value], i) => {
      const e = at + 2 + i * 12;
      out.writeUInt16LE(tag, e);
      out.writeUInt16LE(type, e + 2);
      out.writeUInt32LE(1, e + 4);
      if (type === 3) out.writeUInt16LE(value, e + 8);
      else out.writeUInt32LE(value, e + 8);
    });
    out.writeUInt32LE(f + 1 < frames ? at + ifdSize : 0, at + 2 + list.length * 12);
  }
  return new Uint8Array(out);
}

const CONTENT_TYPES = (main: string, type: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/${main}" ContentType="${type}"/></Types>`;
const ROOT_RELS = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${main}"/></Relationships>`;

/** A DOCX whose body holds `n` tags that never close (`<w:t` with no `>`), after one good paragraph. */
export function docxUnterminated(n: number): Uint8Array {
  const body = `<w:p><w:r><w:t>Claimant notes</w:t></w:r></w:p><w:p><w:r>${'<w:t xml:space="preserve" '.repeat(n)}`;
  const doc = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}`;
  return zipSync({
    '[Content_Types].xml': strToU8(CONTENT_TYPES('word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml')),
    '_rels/.rels': strToU8(ROOT_RELS('word/document.xml')),
    'word/document.xml': strToU8(doc),
  });
}

/** Letters only, so no string is a number anyone would detect: a, b, …, z, ba, bb, … */
export function letters(i: number): string {
  let s = '';
  do {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26);
  } while (i > 0);
  return s;
}

/** An XLSX with `n` distinct shared strings and one sheet that uses the first few. */
export function xlsxSharedStrings(n: number): Uint8Array {
  const strings: string[] = [];
  for (let i = 0; i < n; i++) strings.push(`<si><t>${letters(i)}</t></si>`);
  const sst = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${n}" uniqueCount="${n}">${strings.join('')}</sst>`;
  const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row></sheetData></worksheet>`;
  const wb = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
  const wbRels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
  return zipSync({
    '[Content_Types].xml': strToU8(CONTENT_TYPES('xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml')),
    '_rels/.rels': strToU8(ROOT_RELS('xl/workbook.xml')),
    'xl/workbook.xml': strToU8(wb),
    'xl/_rels/workbook.xml.rels': strToU8(wbRels),
    'xl/worksheets/sheet1.xml': strToU8(sheet),
    'xl/sharedStrings.xml': strToU8(sst),
  });
}

/** A one-page PDF whose page and one image XObject declare sizes no page has (200 in. square; 100,000 px square). */
export function pdfDeclaring(): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>',
    null, // contents stream, below
    null, // image stream, below
  ];
  const draw = 'q 14400 0 0 14400 0 0 cm /Im1 Do Q';
  const streams: Record<number, string> = {
    4: `<< /Length ${draw.length} >>\nstream\n${draw}\nendstream`,
    5: `<< /Type /XObject /Subtype /Image /Width 100000 /Height 100000 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length 8 >>\nstream\n\0\0\0\0\0\0\0\0\nendstream`,
  };
  let out = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o ?? streams[i + 1]}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/** A multipart/form-data body (RFC 7578) of `n` small text fields and then the file. */
export function multipartMany(n: number, file: Uint8Array): { body: Uint8Array; type: string } {
  const boundary = 'dg-hostile-boundary';
  const parts: Buffer[] = [];
  const field = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="f"\r\n\r\nx\r\n`);
  for (let i = 0; i < n; i++) parts.push(field);
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="notes.txt"\r\nContent-Type: text/plain\r\n\r\n`), Buffer.from(file), Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: new Uint8Array(Buffer.concat(parts)), type: `multipart/form-data; boundary=${boundary}` };
}
