/**
 * The layer rules, checked: shared/ imports nothing from extension/ or proxy/ and no Node module;
 * site adapters never import each other; the proxy never imports the extension, nor the extension
 * the proxy.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

function imports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
}

const rel = (f: string) => relative(ROOT, f);

describe('layers', () => {
  it('shared/ imports nothing from extension/, proxy/ or node:', () => {
    const bad = files(join(ROOT, 'shared')).flatMap((f) =>
      imports(f)
        .filter((i) => /(^|\/)(extension|proxy)\//.test(i) || i.startsWith('node:'))
        .map((i) => `${rel(f)} → ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it('site adapters never import each other', () => {
    const sites = ['gmail', 'outlook', 'fax-portal', 'generic-form'];
    const bad = sites.flatMap((site) =>
      imports(join(ROOT, 'extension', 'sites', `${site}.ts`))
        .filter((i) => sites.some((other) => other !== site && i === `./${other}`))
        .map((i) => `${site} → ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it('sites/types.ts holds types only (what adapters share at run time is in sites/dom.ts)', () => {
    const src = readFileSync(join(ROOT, 'extension', 'sites', 'types.ts'), 'utf8');
    const runtime = src.split('\n').filter((l) => /^export (?!interface |type )/.test(l) || /^import (?!type )/.test(l));
    expect(runtime).toEqual([]);
  });

  it('the proxy never imports the extension, nor the extension the proxy', () => {
    const proxyBad = files(join(ROOT, 'proxy')).flatMap((f) => imports(f).filter((i) => /(^|\/)extension\//.test(i)).map((i) => `${rel(f)} → ${i}`));
    const extBad = files(join(ROOT, 'extension')).flatMap((f) => imports(f).filter((i) => /(^|\/)proxy\//.test(i)).map((i) => `${rel(f)} → ${i}`));
    expect([...proxyBad, ...extBad]).toEqual([]);
  });
});
