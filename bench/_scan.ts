import { agencyMail } from '../test/corpus/generate';
const MB = 1 << 20;
const text = agencyMail(8 * MB);
void /x/.exec(text);
function best(n: number, f: () => number) { let b = Infinity, r = 0; for (let i = 0; i < n; i++) { const t = performance.now(); r = f(); b = Math.min(b, performance.now() - t); } return [b, r]; }
console.log('regex', best(5, () => { let n = 0; const re = /\d+(?:[- ./,]\d+)*/g; while (re.exec(text)) n++; return n; }));
console.log('trigger regex', best(5, () => { let n = 0; const re = /[^\x00-\x24\x27-\x3b\x3d-\x7f]/g; while (re.exec(text)) n++; return n; }));
const CLS = new Uint8Array(65536); for (let c = 48; c < 58; c++) CLS[c] = 1; for (let c = 128; c < 65536; c++) CLS[c] = 2; CLS[37] = CLS[38] = CLS[60] = 2;
const SEPC = new Uint8Array(128); for (const ch of '- ./,') SEPC[ch.charCodeAt(0)] = 1;
console.log('manual', best(5, () => {
  let n = 0, trig = 0; const t = text; const len = t.length;
  for (let i = 0; i < len; i++) {
    const k = CLS[t.charCodeAt(i)];
    if (k === 0) continue;
    if (k === 2) { trig++; continue; }
    // token
    let j = i + 1;
    for (;;) {
      while (j < len && (t.charCodeAt(j) - 48) >>> 0 < 10) j++;
      const c = t.charCodeAt(j);
      if (c < 128 && SEPC[c] === 1 && (t.charCodeAt(j + 1) - 48) >>> 0 < 10) { j += 2; continue; }
      break;
    }
    n++; i = j - 1;
  }
  return n * 1000 + (trig % 1000);
}));
console.log('manual no table', best(5, () => {
  let n = 0; const t = text; const len = t.length;
  for (let i = 0; i < len; i++) {
    const c0 = t.charCodeAt(i);
    if ((c0 - 48) >>> 0 >= 10) continue;
    let j = i + 1;
    for (;;) {
      while (j < len && (t.charCodeAt(j) - 48) >>> 0 < 10) j++;
      const c = t.charCodeAt(j);
      if (c < 128 && SEPC[c] === 1 && (t.charCodeAt(j + 1) - 48) >>> 0 < 10) { j += 2; continue; }
      break;
    }
    n++; i = j - 1;
  }
  return n;
}));
const enc = new TextEncoder(); const buf = new Uint8Array(1 << 20);
console.log('encodeInto ascii check', best(5, () => { let p = 0, nonAscii = 0; while (p < text.length) { const s = text.slice(p, p + (1 << 18)); const r = enc.encodeInto(s, buf); if (r.written !== r.read) nonAscii++; p += 1 << 18; } return nonAscii; }));
console.log('indexOf <', best(5, () => { let n = 0, p = -1; while ((p = text.indexOf('<', p + 1)) >= 0) n++; return n; }));
