/**
 * The flag tables of docs/operators.md, written from the same table the commands parse with
 * (proxy/commands/flags.ts), so the page says what `--help` says. test/docs.test.ts checks the page holds
 * them; when a flag changes, print the new tables and paste them between their markers:
 *
 *   node --import tsx test/helpers/flag-docs.ts
 */
import { pathToFileURL } from 'node:url';
import { SERVE_FLAGS, STORE_FLAGS } from '../../proxy/commands/flags';
import type { Flags } from '../../proxy/commands/flags';

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** A markdown table: the flag with its value, its help text, its environment variable. */
export function flagTable(flags: Flags): string {
  const rows = Object.entries(flags).map(
    ([name, f]) => `| \`--${name}${f.type === 'string' ? ` ${f.value ?? 'VALUE'}` : ''}\` | ${cell(f.help)} | ${f.env ? `\`${f.env}\`` : ''} |`,
  );
  return ['| flag | what it sets | environment variable |', '|---|---|---|', ...rows].join('\n');
}

/** The serve flags that are not the store's. */
export function serveOnlyFlags(): Flags {
  return Object.fromEntries(Object.entries(SERVE_FLAGS).filter(([name]) => !Object.hasOwn(STORE_FLAGS, name)));
}

/** Each generated block of the page, by its marker name. */
export function flagBlocks(): Record<string, string> {
  return { 'store-flags': flagTable(STORE_FLAGS), 'serve-flags': flagTable(serveOnlyFlags()) };
}

/** The text between `<!-- NAME: … -->` and `<!-- end NAME -->` in a page, or undefined. */
export function blockIn(page: string, name: string): string | undefined {
  const m = new RegExp(`<!-- ${name}:[^>]*-->\\n([\\s\\S]*?)\\n<!-- end ${name} -->`).exec(page);
  return m?.[1];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const [name, table] of Object.entries(flagBlocks())) console.log(`${name}:\n${table}\n`);
}
