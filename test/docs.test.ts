/**
 * The documentation a reader follows: every relative link in the README, CONTRIBUTING.md and docs/
 * leads to a file that exists (and, with an anchor, to a heading it has); the flag tables of the
 * operators' page say what `--help` says; every command is in the operators' command index.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_SPECS } from '../proxy/commands/specs';
import { blockIn, flagBlocks } from './helpers/flag-docs';

const ROOT = join(__dirname, '..');
const PAGES = ['README.md', 'CONTRIBUTING.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** The page without fenced code blocks and inline code, where a bracket is not a link. */
function prose(md: string): string {
  return md.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Every link target in a page: [text](target). */
function links(md: string): string[] {
  return [...prose(md).matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens. */
function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of md.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const base = m[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Why a page's link does not resolve, or undefined when it does. */
function broken(page: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto:: not ours to check
  const [path, anchor] = target.split('#') as [string, string | undefined];
  const file = path === '' ? join(ROOT, page) : resolve(dirname(join(ROOT, page)), decodeURIComponent(path));
  if (!existsSync(file)) return `${page}: ${target} → no such file ${relative(ROOT, file)}`;
  if (anchor === undefined || statSync(file).isDirectory() || !file.endsWith('.md')) return undefined;
  return anchors(readFileSync(file, 'utf8')).has(anchor) ? undefined : `${page}: ${target} → ${relative(ROOT, file)} has no heading #${anchor}`;
}

describe('documentation', () => {
  it('has the README, CONTRIBUTING.md and a page per reader', () => {
    for (const p of ['staff', 'supervisors-and-custodians', 'it-deployment', 'operators', 'auditors', 'detection']) expect(PAGES).toContain(`docs/${p}.md`);
    expect(PAGES).toContain('CONTRIBUTING.md');
  });

  it.each(PAGES.map((p) => [p]))('%s: every relative link resolves', (page) => {
    const md = readFileSync(join(ROOT, page), 'utf8');
    const targets = links(md);
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.flatMap((t) => broken(page, t) ?? [])).toEqual([]);
  });

  it('the link check finds a missing file and a missing heading', () => {
    expect(broken('README.md', 'docs/nowhere.md')).toMatch(/no such file docs\/nowhere\.md/);
    expect(broken('README.md', 'docs/operators.md#no-such-heading')).toMatch(/has no heading #no-such-heading/);
    expect(broken('docs/staff.md', 'auditors.md#what-is-never-stored')).toBeUndefined();
    expect(broken('docs/staff.md', 'https://example.org/x')).toBeUndefined();
  });

  it('the README keeps the two quick-start commands CI runs', () => {
    const md = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(md).toMatch(/^npm start {5}# builds the extension/m);
    expect(md).toMatch(/^npm test {6}# type checks, unit\/integration tests, then the extension in real browsers;/m);
  });

  it('the operators page lists every store and serve flag with its help and environment variable, as --help does', () => {
    const md = readFileSync(join(ROOT, 'docs/operators.md'), 'utf8');
    for (const [name, table] of Object.entries(flagBlocks())) {
      expect(blockIn(md, name), `${name}: print the tables with node --import tsx test/helpers/flag-docs.ts`).toBe(table);
    }
  });

  it('the operators page indexes every command', () => {
    const md = readFileSync(join(ROOT, 'docs/operators.md'), 'utf8');
    const index = md.slice(md.indexOf('## The command'), md.indexOf('\n## ', md.indexOf('## The command') + 1));
    expect(Object.keys(COMMAND_SPECS).filter((name) => !index.includes(`\`${name}`))).toEqual([]);
  });
});
