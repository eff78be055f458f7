/**
 * The layer rules, checked: shared/ imports nothing from extension/ or proxy/ and no Node module;
 * site adapters never import each other nor the guard; the store takes only the pure parts of
 * audit/ and registry/; the proxy never imports the extension, nor the extension
 * the proxy; no module imports itself back through others. Static imports, `export … from`, type
 * imports and dynamic `import()` all count.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
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
  const src = readFileSync(file, 'utf8');
  return [
    ...[...src.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]!),
    ...[...src.matchAll(/^\s*import\s+'([^']+)'/gm)].map((m) => m[1]!),
    ...[...src.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]!),
  ];
}

/** The file a relative specifier names (./x → x.ts, x.tsx or x/index.ts), or undefined. */
function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  return [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')].find((c) => existsSync(c) && statSync(c).isFile());
}

/** Every group of modules that import each other in a circle (Tarjan's strongly connected components). */
function cycles(all: string[]): string[][] {
  const graph = new Map(all.map((f) => [f, imports(f).flatMap((s) => resolveImport(f, s) ?? [])]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      onStack.delete(w);
      group.push(w);
      if (w === v) break;
    }
    if (group.length > 1 || graph.get(v)!.includes(v)) found.push(group.map(rel).sort());
  };
  for (const f of graph.keys()) if (!index.has(f)) visit(f);
  return found;
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

  it('site adapters depend on the editor contract (sites/editor.ts), never on the guard (content/)', () => {
    const bad = files(join(ROOT, 'extension', 'sites')).flatMap((f) => imports(f).filter((i) => /(^|\/)content\//.test(i)).map((i) => `${rel(f)} → ${i}`));
    expect(bad).toEqual([]);
  });

  it('the store takes from audit/ and registry/ only their pure parts (chain math, notes, keys, entry kinds and their projection onto tables, the model), and those never import the store at run time', () => {
    const PURE = ['proxy/audit/chain.ts', 'proxy/audit/note.ts', 'proxy/audit/keys.ts', 'proxy/audit/project.ts', 'proxy/audit/kinds.ts', 'proxy/registry/model.ts'];
    // The stores' contract tests (store.contract.ts) check a store through the verifier, as a test may.
    const storeBad = files(join(ROOT, 'proxy', 'store')).filter((f) => !f.endsWith('.contract.ts')).flatMap((f) =>
      imports(f)
        .flatMap((i) => resolveImport(f, i) ?? [])
        .map(rel)
        .filter((t) => /^proxy\/(audit|registry)\//.test(t) && !PURE.includes(t))
        .map((t) => `${rel(f)} → ${t}`),
    );
    const pureBad = PURE.flatMap((p) => imports(join(ROOT, p)).flatMap((i) => resolveImport(join(ROOT, p), i) ?? []).map(rel).filter((t) => t.startsWith('proxy/store/')).map((t) => `${p} → ${t}`));
    expect([...storeBad, ...pureBad]).toEqual([]);
  });

  it('the proxy never imports the extension, nor the extension the proxy', () => {
    const proxyBad = files(join(ROOT, 'proxy')).flatMap((f) => imports(f).filter((i) => /(^|\/)extension\//.test(i)).map((i) => `${rel(f)} → ${i}`));
    const extBad = files(join(ROOT, 'extension')).flatMap((f) => imports(f).filter((i) => /(^|\/)proxy\//.test(i)).map((i) => `${rel(f)} → ${i}`));
    expect([...proxyBad, ...extBad]).toEqual([]);
  });

  it('no module imports itself back, directly or through others (dynamic imports included)', () => {
    const all = ['shared', 'proxy', 'extension'].flatMap((d) => files(join(ROOT, d)));
    expect(cycles(all)).toEqual([]);
  });

  it('the cycle check sees a circle made through a dynamic import', () => {
    const dir = join(ROOT, 'node_modules', '.cache', 'dg-layers');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.ts'), "import { b } from './b';\nexport const a = () => b;\n");
    writeFileSync(join(dir, 'b.ts'), "export const b = async () => (await import('./a')).a;\n");
    writeFileSync(join(dir, 'c.ts'), "import type { a } from './a';\nexport type C = typeof a;\n");
    try {
      expect(cycles([join(dir, 'a.ts'), join(dir, 'b.ts'), join(dir, 'c.ts')])).toEqual([[rel(join(dir, 'a.ts')), rel(join(dir, 'b.ts'))]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
