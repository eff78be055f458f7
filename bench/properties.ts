/**
 * The masking properties at length: masking is idempotent and redact(redact(x)) == redact(x), on
 * random text mixed with encodings, references and labels. `npm run fuzz:redact` runs 1,000,000
 * cases of each (or `-- N`); a counterexample is printed and the exit status is 1.
 */
import fc from 'fast-check';
import { maskText } from '../shared/mask';
import { redact } from '../shared/redact';
import { mixedText } from '../shared/mask.test-arbitraries';

const runs = Number(process.argv[2] ?? 1_000_000);
let failed = false;
for (const [name, prop] of [
  ['masking is idempotent', fc.property(mixedText, (t) => maskText(maskText(t).text).text === maskText(t).text)],
  ['redact(redact(x)) == redact(x)', fc.property(mixedText, (t) => redact(redact(t).text).text === redact(t).text)],
] as const) {
  const t0 = performance.now();
  const r = fc.check(prop, { numRuns: runs, seed: 6962 });
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  if (r.failed) {
    failed = true;
    console.log(`${name}: FAILED after ${r.numRuns} cases (${secs} s): ${JSON.stringify(r.counterexample)}`);
  } else console.log(`${name}: ${r.numRuns.toLocaleString('en-US')} cases passed (${secs} s)`);
}
process.exit(failed ? 1 : 0);
