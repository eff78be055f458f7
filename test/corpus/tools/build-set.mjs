// Turns a hand-written evaluation set's sources (DIR/src/*.txt) into its JSONL case files.
// Usage: node test/corpus/tools/build-set.mjs DIR   (each set's build.mjs runs it on its own folder)
// Source format, one block per case:
//   === <id>
//   source: <public document family>
//   reason: <layout/wording class>
//   ---
//   <text, with each confidential value written inline as ⟦type:value⟧; a box of a value split
//   across separate fields is written ⟦type#group:value⟧, and check.mjs validates a group's boxes together>
// The block's text ends at the next "===" line; trailing blank lines are dropped.
// The markers are removed from the text; occurrence is computed from the marker's position
// (1-based, counting overlapping matches) and written only when the value occurs more than once.
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = process.argv[2] ?? dirname(fileURLToPath(import.meta.url));
const srcDir = join(here, 'src');
const MARK = /⟦([a-z_]+)(?:#([a-z0-9]+))?:([^⟧]*)⟧/g;

function countBefore(text, value, pos) {
  let n = 0, i = text.indexOf(value);
  while (i !== -1 && i < pos) { n++; i = text.indexOf(value, i + 1); }
  return n;
}
function countAll(text, value) {
  let n = 0, i = text.indexOf(value);
  while (i !== -1) { n++; i = text.indexOf(value, i + 1); }
  return n;
}

for (const f of readdirSync(srcDir).filter((f) => f.endsWith('.txt')).sort()) {
  const raw = readFileSync(join(srcDir, f), 'utf8');
  const blocks = raw.split(/^=== /m).slice(1);
  const out = [];
  for (const b of blocks) {
    const nl = b.indexOf('\n');
    const id = b.slice(0, nl).trim();
    const rest = b.slice(nl + 1);
    const sep = rest.indexOf('\n---\n');
    if (sep < 0) throw new Error(`${f} ${id}: no --- separator`);
    const head = rest.slice(0, sep);
    let body = rest.slice(sep + 5).replace(/\s+$/, '');
    const src = /^source: (.*)$/m.exec(head)?.[1]?.trim();
    const reason = /^reason: (.*)$/m.exec(head)?.[1]?.trim();
    if (!src || !reason) throw new Error(`${f} ${id}: missing source or reason`);
    const marks = [];
    let text = '', last = 0, m;
    MARK.lastIndex = 0;
    while ((m = MARK.exec(body))) {
      text += body.slice(last, m.index);
      marks.push({ type: m[1], value: m[3], pos: text.length });
      text += m[3];
      last = m.index + m[0].length;
    }
    text += body.slice(last);
    if (/[⟦⟧]/.test(text)) throw new Error(`${f} ${id}: stray marker bracket`);
    const expect = marks.map((k) => {
      const e = { type: k.type, value: k.value };
      if (countAll(text, k.value) > 1) e.occurrence = countBefore(text, k.value, k.pos) + 1;
      return e;
    });
    out.push(JSON.stringify({ id, source: src, reason, text, expect }));
  }
  const name = basename(f, '.txt') + '.jsonl';
  writeFileSync(join(here, name), out.join('\n') + '\n');
  console.log(`${name}: ${out.length}`);
}
