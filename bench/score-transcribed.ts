// Scores the product against a hand-written corpus (by default test/corpus/transcribed/*.jsonl), black-box:
// it runs the CLI exactly as a user would (`scan --jsonl` and `redact --jsonl`, cases on stdin) and
// compares what comes back with the hand-written expectations.
//
//   node --import tsx bench/score-transcribed.ts [--corpus DIR] [--misses N]
//
// --corpus names another directory of cases in the same line format (e.g. test/corpus/holdout), relative
// to the repository root or absolute.
//
// A finding of confidence high or medium matches an expected value when their spans overlap and their
// types are equal; low confidence counts as not found. Values are never printed: misses and false
// positives are listed by case id and reason. This is a measurement, not a gate: it always exits 0.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { identifiersOf } from "../test/helpers/corpus";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const argValue = (flag: string) => {
  const i = process.argv.indexOf(flag);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const CORPUS = resolve(ROOT, argValue("--corpus") ?? join("test", "corpus", "transcribed"));
const CLI = join(ROOT, "bin", "disclosure-guard.mjs");
const TYPES = ["ssn", "itin", "fein", "wage", "ui_benefit", "dob", "routing_number", "bank_account"] as const;
const IDENTIFIERS = new Set(["ssn", "itin", "fein", "routing_number", "bank_account"]);
const STATEMENT_MARK = "may be confidential and may be protected by legal privilege";

type Expect = { type: string; value: string; occurrence?: number };
type Case = { id: string; source: string; reason: string; text: string; expect: Expect[]; family: string };
type Span = { type: string; start: number; end: number; value: string };
type Finding = { type: string; start: number; end: number; confidence: string; rule?: string };

const missLimit = Number(argValue("--misses")) || 8;

function loadCases(): Case[] {
  const cases: Case[] = [];
  const seen = new Set<string>();
  for (const file of readdirSync(CORPUS).filter((f) => f.endsWith(".jsonl")).sort()) {
    const family = file.replace(/\.jsonl$/, "");
    readFileSync(join(CORPUS, file), "utf8").split("\n").forEach((line, n) => {
      if (!line.trim()) return;
      let c: Case;
      try {
        c = { ...JSON.parse(line), family };
      } catch (e) {
        console.error(`${file}:${n + 1}: not JSON (${(e as Error).message})`);
        return;
      }
      if (seen.has(c.id)) console.error(`${file}:${n + 1}: duplicate id ${c.id}`);
      seen.add(c.id);
      cases.push(c);
    });
  }
  return cases;
}

/** The span of an expected value: its `occurrence`-th match (searching from one past the previous match). */
function spanOf(c: Case, e: Expect): Span | undefined {
  let at = -1;
  for (let k = 0; k < (e.occurrence ?? 1); k++) {
    at = c.text.indexOf(e.value, at + 1);
    if (at < 0) return undefined;
  }
  return { type: e.type, start: at, end: at + e.value.length, value: e.value };
}

function runCli(command: "scan" | "redact", cases: Case[]): Promise<{ out: Map<string, any>; stderr: string; code: number | null }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [CLI, command, "--jsonl"], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    child.on("error", (err) => resolvePromise({ out: new Map(), stderr: String(err), code: null }));
    child.on("close", (code) => {
      const out = new Map<string, any>();
      for (const line of stdout.split("\n")) {
        if (!line.trim()) continue;
        try {
          const o = JSON.parse(line);
          out.set(String(o.id), o);
        } catch {
          stderr += `\nunparsable output line: ${line.slice(0, 80)}`;
        }
      }
      resolvePromise({ out, stderr, code });
    });
    child.stdin.on("error", () => {});
    child.stdin.end(cases.map((c) => JSON.stringify({ id: c.id, text: c.text })).join("\n") + "\n");
  });
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
const pct = (x: number) => (Number.isFinite(x) ? (x * 100).toFixed(1).padStart(6) : "     -");
const f1 = (p: number, r: number) => (p + r > 0 ? (2 * p * r) / (p + r) : 0);

type Tally = { exp: number; expHit: number; found: number; foundHit: number };
const tally = (): Tally => ({ exp: 0, expHit: 0, found: 0, foundHit: 0 });
const prf = (t: Tally) => {
  const p = t.found ? t.foundHit / t.found : NaN;
  const r = t.exp ? t.expHit / t.exp : NaN;
  return { p, r, f: f1(Number.isNaN(p) ? 1 : p, Number.isNaN(r) ? 1 : r) };
};

async function main() {
  const cases = loadCases();
  const expected = new Map<string, Span[]>();
  for (const c of cases) {
    const spans: Span[] = [];
    for (const e of c.expect) {
      const s = spanOf(c, e);
      if (!s) console.error(`${c.id}: expected value not found in text (occurrence ${e.occurrence ?? 1})`);
      else spans.push(s);
    }
    expected.set(c.id, spans);
  }
  const families = [...new Set(cases.map((c) => c.family))];
  console.log(`Corpus ${relative(ROOT, CORPUS) || CORPUS}: ${cases.length} cases in ${families.length} families; ` +
    `${cases.filter((c) => c.expect.length === 0).length} with nothing to find`);

  // ---- scan ----
  const t0 = Date.now();
  const scan = await runCli("scan", cases);
  console.log(`scan --jsonl: exit ${scan.code}, ${scan.out.size} answers, ${Date.now() - t0} ms`);
  if (scan.stderr.trim()) console.log(`scan stderr: ${scan.stderr.trim().slice(0, 500)}`);

  const byType = new Map<string, Tally>(TYPES.map((t) => [t, tally()]));
  const byFamily = new Map<string, Tally & { cases: number; exact: number }>(
    families.map((f) => [f, { ...tally(), cases: 0, exact: 0 }]));
  const misses = new Map<string, Case[]>();
  const falsePos = new Map<string, { c: Case; rule: string }[]>();
  let lowOnly = 0;
  const typeOf = (t: string) => {
    if (!byType.has(t)) byType.set(t, tally());
    return byType.get(t)!;
  };

  for (const c of cases) {
    const answer = scan.out.get(c.id);
    const all: Finding[] = answer?.findings ?? [];
    const found = all.filter((f) => f.confidence === "high" || f.confidence === "medium");
    const exp = expected.get(c.id)!;
    const fam = byFamily.get(c.family)!;
    fam.cases++;
    let clean = true;
    for (const e of exp) {
      const hit = found.some((f) => f.type === e.type && overlaps(f, e));
      const t = typeOf(e.type);
      t.exp++;
      fam.exp++;
      if (hit) {
        t.expHit++;
        fam.expHit++;
      } else {
        clean = false;
        if (all.some((f) => f.type === e.type && overlaps(f, e))) lowOnly++;
        if (!misses.has(e.type)) misses.set(e.type, []);
        const list = misses.get(e.type)!;
        if (!list.includes(c)) list.push(c);
      }
    }
    for (const f of found) {
      const hit = exp.some((e) => e.type === f.type && overlaps(f, e));
      const t = typeOf(f.type);
      t.found++;
      fam.found++;
      if (hit) {
        t.foundHit++;
        fam.foundHit++;
      } else {
        clean = false;
        if (!falsePos.has(f.type)) falsePos.set(f.type, []);
        falsePos.get(f.type)!.push({ c, rule: f.rule ?? "?" });
      }
    }
    if (!answer) clean = false;
    if (clean) fam.exact++;
  }

  console.log("\nPer type (high/medium findings; span overlap and same type)");
  console.log("type            expected  hit  found  correct  precision  recall     F1");
  const all = tally();
  for (const [type, t] of byType) {
    const { p, r, f } = prf(t);
    all.exp += t.exp; all.expHit += t.expHit; all.found += t.found; all.foundHit += t.foundHit;
    console.log(`${type.padEnd(15)} ${String(t.exp).padStart(8)} ${String(t.expHit).padStart(4)} ${String(t.found).padStart(6)} ${String(t.foundHit).padStart(8)}   ${pct(p)}   ${pct(r)} ${pct(f)}`);
  }
  const micro = prf(all);
  console.log(`${"micro".padEnd(15)} ${String(all.exp).padStart(8)} ${String(all.expHit).padStart(4)} ${String(all.found).padStart(6)} ${String(all.foundHit).padStart(8)}   ${pct(micro.p)}   ${pct(micro.r)} ${pct(micro.f)}`);
  console.log(`micro F1 = ${(micro.f * 100).toFixed(1)} %   (${lowOnly} expected values were found only at low confidence)`);

  console.log("\nPer family");
  console.log("family                          cases  exact  expected  recall  precision     F1");
  for (const [name, t] of byFamily) {
    const { p, r, f } = prf(t);
    console.log(`${name.padEnd(31)} ${String(t.cases).padStart(5)} ${String(t.exact).padStart(6)} ${String(t.exp).padStart(9)}  ${pct(r)}     ${pct(p)} ${pct(f)}`);
  }

  console.log(`\nFirst misses per type (case id: reason; at most ${missLimit})`);
  for (const type of byType.keys()) {
    const list = misses.get(type) ?? [];
    if (!list.length) continue;
    console.log(`  ${type} (${list.length} cases)`);
    for (const c of list.slice(0, missLimit)) console.log(`    ${c.id}: ${c.reason}`);
  }
  console.log(`\nFirst false positives per type (case id [rule]: reason; at most ${missLimit})`);
  for (const type of byType.keys()) {
    const list = falsePos.get(type) ?? [];
    if (!list.length) continue;
    console.log(`  ${type} (${list.length} findings)`);
    const seenIds = new Set<string>();
    for (const { c, rule } of list) {
      if (seenIds.has(c.id)) continue;
      seenIds.add(c.id);
      if (seenIds.size > missLimit) break;
      console.log(`    ${c.id} [${rule}]: ${c.reason}`);
    }
  }

  // ---- redact ----
  const t1 = Date.now();
  const red = await runCli("redact", cases);
  console.log(`\nredact --jsonl: exit ${red.code}, ${red.out.size} answers, ${Date.now() - t1} ms`);
  if (red.stderr.trim()) console.log(`redact stderr: ${red.stderr.trim().slice(0, 500)}`);
  const leaks = new Map<string, { total: number; left: number; ids: string[] }>();
  let missing = 0;
  let added = 0;
  let twice = 0;
  const missingIds: string[] = [];
  const addedIds: string[] = [];
  for (const c of cases) {
    const o = red.out.get(c.id);
    const masked: string = typeof o?.text === "string" ? o.text : c.text;
    const marks = masked.split(STATEMENT_MARK).length - 1;
    const exp = expected.get(c.id)!;
    if (exp.length && marks === 0) {
      missing++;
      missingIds.push(c.id);
    }
    if (!exp.length && marks > 0) {
      added++;
      addedIds.push(c.id);
    }
    if (marks > 1) twice++;
    // An identifier is one value, or the boxes of a number split over fields taken together (a box
    // alone is no identifier: masking shows the last box whole, by design).
    for (const parts of identifiersOf({ ...c, expect: c.expect }, IDENTIFIERS)) {
      const type = parts[0]!.type;
      if (!leaks.has(type)) leaks.set(type, { total: 0, left: 0, ids: [] });
      const l = leaks.get(type)!;
      l.total++;
      // Masking keeps the length (the statement is appended), so the value sits at the same offsets;
      // it is still whole when not one of its characters changed.
      const still = parts.every((p) => {
        const e = spanOf(c, p);
        if (!e) return false;
        return masked.length >= c.text.length ? masked.slice(e.start, e.end) === e.value : masked.includes(e.value);
      });
      if (still) {
        l.left++;
        if (!l.ids.includes(c.id)) l.ids.push(c.id);
      }
    }
  }
  console.log("Full identifiers still in the masked text (all digits of an ssn/itin/fein, routing or account number)");
  let leftTotal = 0;
  let idTotal = 0;
  for (const [type, l] of leaks) {
    leftTotal += l.left;
    idTotal += l.total;
    console.log(`  ${type.padEnd(15)} ${String(l.left).padStart(3)} of ${String(l.total).padStart(3)}` +
      (l.ids.length ? `   e.g. ${l.ids.slice(0, missLimit).join(", ")}` : ""));
  }
  console.log(`  ${"total".padEnd(15)} ${String(leftTotal).padStart(3)} of ${String(idTotal).padStart(3)}`);
  console.log(`Statement errors: ${missing + added + twice} (missing on ${missing} texts with confidential values, ` +
    `added to ${added} texts with none, more than once on ${twice})`);
  if (missingIds.length) console.log(`  missing: ${missingIds.slice(0, missLimit).join(", ")}`);
  if (addedIds.length) console.log(`  added: ${addedIds.slice(0, missLimit).join(", ")}`);
}

main().catch((err) => {
  console.error(`score-transcribed: ${(err as Error)?.stack ?? err}`);
}).finally(() => {
  process.exitCode = 0;
});
