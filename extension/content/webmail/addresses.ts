/**
 * The addresses of a recipient field as a webmail sends it (RFC 5322 address lists as people type
 * them): `"Doe, Jane" <jane@x.gov>, bob@y.gov; Team: a@z.gov, b@z.gov;`. Display names (quoted or
 * not), comments and groups are dropped; each address once, in order. Pure.
 */
export function addressesIn(value: string | undefined): string[] {
  if (!value) return [];
  const out: string[] = [];
  // Quoted names and comments may hold commas, angle brackets and @: blank them first.
  const plain = value.replace(/"(?:[^"\\]|\\.)*"/g, (m) => ' '.repeat(m.length)).replace(/\((?:[^()\\]|\\.)*\)/g, (m) => ' '.repeat(m.length));
  for (const part of plain.split(/[,;\n]/)) {
    // A group's name ends with a colon: "Team: a@z.gov".
    const item = part.replace(/^[^<@:]*:/, '');
    const angle = /<([^<>]*)>/.exec(item);
    const address = (angle ? angle[1]! : item).trim().replace(/^mailto:/i, '');
    if (!address) continue;
    const key = address.toLowerCase();
    if (!out.some((a) => a.toLowerCase() === key)) out.push(address);
  }
  return out;
}

/** The field with these addresses taken out (the rest as the list's own items, comma-separated). */
export function withoutAddresses(value: string, remove: readonly string[]): string {
  const drop = new Set(remove.map((a) => a.toLowerCase()));
  const items: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i <= value.length; i++) {
    const ch = value[i];
    if (ch === '"' && value[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth = Math.max(0, depth - 1);
    if (i === value.length || (!quoted && depth === 0 && (ch === ',' || ch === ';'))) {
      items.push(value.slice(start, i));
      start = i + 1;
    }
  }
  return items
    .filter((item) => {
      const found = addressesIn(item);
      return found.length === 0 ? item.trim() !== '' : !found.every((a) => drop.has(a.toLowerCase()));
    })
    .map((s) => s.trim())
    .join(', ');
}
