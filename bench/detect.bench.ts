/**
 * Detection throughput on realistic agency mail, side by side in one process with:
 *  (a) the practical ceiling: one bare regex pass that finds the digit candidates detect() looks
 *      at (digit groups joined by single separators), validating and classifying nothing;
 *  (a') for reference, the classic single-pattern SSN rule of DLP tools (SSN-shaped runs only);
 *  (b) the npm packages redact-pii and @openredaction/openredaction on a 1 MB slice.
 * Also: working memory of a streaming scan with few findings and with a finding every 16 bytes.
 */
import { detect, detectEach } from '../shared/detect/index';
import { plainView } from '../shared/detect/view';
import { redact } from '../shared/redact';
import { agencyMail } from '../test/corpus/generate';
import { best, fmt, heapDelta, liveHeapDuring, table } from './util';

const MB = 1 << 20;

export async function benchDetect(): Promise<void> {
  const text = agencyMail(8 * MB);
  const slice = text.slice(0, MB);
  const mb = text.length / MB;
  console.log(`\n## Detection — ${fmt(mb, 1)} MB of generated agency mail, one core\n`);

  const count = (re: RegExp) => () => {
    let n = 0;
    re.lastIndex = 0;
    while (re.exec(text)) n++;
    return n;
  };
  const bare = best(5, count(/\d+(?:[- ./,]\d+)*/g));
  const ssnRule = best(5, count(/\b\d{3}[-\s.]?\d{2}[-\s.]?\d{4}\b/g));
  let findings = 0;
  const ours = best(5, () => {
    findings = 0;
    detectEach(text, () => findings++);
    return findings;
  });
  const redacted = best(3, () => redact(text).text.length);

  const { SyncRedactor } = await import('redact-pii');
  const { OpenRedaction } = await import('@openredaction/openredaction');
  const rp = new SyncRedactor();
  const redactPii = best(1, () => rp.redact(slice).length);
  const or = new OpenRedaction();
  const openRedaction = await (async () => {
    const t0 = performance.now();
    await or.detect(slice);
    return (performance.now() - t0) / 1000;
  })();

  const rate = (secs: number, bytes: number) => bytes / MB / secs;
  const base = rate(bare, text.length);
  table(
    ['scanner', 'input', 'MB/s', 'vs bare regex'],
    [
      ['bare digit-candidate regex (ceiling)', `${fmt(mb, 1)} MB`, fmt(base), '1.00×'],
      ['single SSN-shaped regex (reference)', `${fmt(mb, 1)} MB`, fmt(rate(ssnRule, text.length)), `${fmt(rate(ssnRule, text.length) / base, 2)}×`],
      ['detect(): all 8 types', `${fmt(mb, 1)} MB`, fmt(rate(ours, text.length)), `${fmt(rate(ours, text.length) / base, 2)}×`],
      ['redact(): detect + mask + statement', `${fmt(mb, 1)} MB`, fmt(rate(redacted, text.length)), `${fmt(rate(redacted, text.length) / base, 2)}×`],
      ['redact-pii SyncRedactor', '1 MB', fmt(rate(redactPii, slice.length)), `${fmt(rate(redactPii, slice.length) / base, 4)}×`],
      ['@openredaction/openredaction', '1 MB', fmt(rate(openRedaction, slice.length)), `${fmt(rate(openRedaction, slice.length) / base, 4)}×`],
    ],
  );
  console.log(`findings in ${fmt(mb, 1)} MB: ${findings}`);

  // Dense agency text: an identifier, wage, benefit or birth date every ~40 bytes.
  const lines = [
    'Claimant Jane Q Public, SSN 536-22-1874, earned $12,450.00 in Q3 wages from Acme Corp.',
    'Employer EIN 46-1234567; weekly benefit amount $450; DOB 04/12/1985 per the intake form.',
    'Direct deposit: routing 021000021, account number 4455667788. Case 2024-0815 closed.',
    'Please call (573) 555-0100 before faxing; ref ticket 88123 and ZIP 65101-1234 on file.',
  ];
  let denseText = '';
  for (let i = 0; denseText.length < 4 * MB; i++) denseText += lines[i % lines.length] + '\n';
  const countDense = (re: RegExp) => () => {
    let n = 0;
    re.lastIndex = 0;
    while (re.exec(denseText)) n++;
    return n;
  };
  const denseBare = best(5, countDense(/\d+(?:[- ./,]\d+)*/g));
  let denseFindings = 0;
  const denseOurs = best(5, () => {
    denseFindings = 0;
    detectEach(denseText, () => denseFindings++);
    return denseFindings;
  });
  const dm = denseText.length / MB;
  table(
    ['dense agency text (4 MB)', 'MB/s', 'vs bare regex'],
    [
      ['bare digit-candidate regex', fmt(rate(denseBare, denseText.length)), '1.00×'],
      ['detect(): all 8 types', fmt(rate(denseOurs, denseText.length)), `${fmt(denseBare / denseOurs, 2)}×`],
    ],
  );
  console.log(`findings in ${fmt(dm, 1)} MB of dense text: ${denseFindings}`);
  // Work per candidate beyond the bare pass, and what any detector of this design must pay on top
  // of that pass: the plain-view pass over the whole text, and reading characters in script (the
  // keyword context reads the text around every candidate; on dense text that is all of it).
  let sparseTokens = 0;
  let denseTokens = 0;
  for (const re = /\d+(?:[- ./,]\d+)*/g; re.exec(text); ) sparseTokens++;
  for (const re = /\d+(?:[- ./,]\d+)*/g; re.exec(denseText); ) denseTokens++;
  const perCandidate = (secs: number, bareSecs: number, n: number) => `${fmt(((secs - bareSecs) * 1e9) / n, 0)} ns`;
  console.log(
    `work per candidate beyond the bare pass: sparse mail ${perCandidate(ours, bare, sparseTokens)} (${sparseTokens} candidates), dense text ${perCandidate(denseOurs, denseBare, denseTokens)} (${denseTokens})`,
  );
  const viewPass = best(5, () => plainView(text)?.text.length ?? 0);
  const readChars = best(5, () => {
    let letters = 0;
    for (let i = 0; i < denseText.length; i++) {
      const c = denseText.charCodeAt(i) | 32;
      if (c >= 97 && c <= 122) letters++;
    }
    return letters;
  });
  console.log(
    `floor: the plain-view pass alone costs ${fmt(viewPass / bare, 2)}× the bare pass (sparse mail); reading every character of the dense text in script once costs ${fmt(readChars / denseBare, 2)}× it`,
  );
  console.log(`ratio to the bare regex pass: sparse mail ${fmt(rate(ours, text.length) / base, 2)}×, dense text ${fmt(denseBare / denseOurs, 2)}× (target 0.5×)`);
  console.log(
    `detect() is ${fmt(rate(ours, text.length) / rate(redactPii, slice.length), 0)}× redact-pii and ${fmt(
      rate(ours, text.length) / rate(openRedaction, slice.length),
      0,
    )}× openredaction`,
  );

  // Working memory of the streaming scan must not grow with the number of findings: the live heap
  // is sampled after a full collection every 32,768 findings (and at the end).
  const sparse = 'Please confirm the appointment time with the claimant. '.repeat((8 * MB) / 55);
  const dense = 'SSN 123-45-6789\n'.repeat((8 * MB) / 16);
  // Flatten both inputs first so that only the scan's own memory is measured.
  void /x/.exec(sparse);
  void /x/.exec(dense);
  const memSparse = liveHeapDuring((tick) => detectEach(sparse, tick));
  let denseCount = 0;
  const memDense = liveHeapDuring((tick) =>
    detectEach(dense, () => {
      denseCount++;
      tick();
    }),
  );
  console.log(
    `\nstreaming scan, live heap while scanning: ${fmt(memSparse / 1024, 0)} KB with 0 findings, ${fmt(memDense / 1024, 0)} KB with ${denseCount} findings`,
  );
  // detect() (collecting) for comparison: its array holds every finding.
  const memCollect = heapDelta(() => detect(dense).length);
  console.log(`detect() collecting the same ${denseCount} findings: ${fmt(memCollect / MB, 1)} MB (the result array itself)`);
}
