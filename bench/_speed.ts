import { detectEach } from '../shared/detect/index';
import { agencyMail } from '../test/corpus/generate';
import { best } from './util';
const MB = 1 << 20;
function dense(bytes: number): string {
  const lines = [
    'Claimant Jane Q Public, SSN 536-22-1874, earned $12,450.00 in Q3 wages from Acme Corp.',
    'Employer EIN 46-1234567; weekly benefit amount $450; DOB 04/12/1985 per the intake form.',
    'Direct deposit: routing 021000021, account number 4455667788. Case 2024-0815 closed.',
    'Please call (573) 555-0100 before faxing; ref ticket 88123 and ZIP 65101-1234 on file.',
  ];
  let s = ''; let i = 0;
  while (s.length < bytes) s += lines[i++ % lines.length] + '\n';
  return s;
}
for (const [name, text] of [['sparse mail', agencyMail(8 * MB)], ['dense', dense(8 * MB)]] as const) {
  const count = (re: RegExp) => () => { let n = 0; re.lastIndex = 0; while (re.exec(text)) n++; return n; };
  const bare = best(9, count(/\d+(?:[- ./,]\d+)*/g));
  let f = 0;
  const ours = best(9, () => { f = 0; detectEach(text, () => f++); return f; });
  console.log(`${name}: bare ${(text.length / MB / bare).toFixed(0)} MB/s, detect ${(text.length / MB / ours).toFixed(0)} MB/s, ratio ${(bare / ours).toFixed(2)}x, findings ${f}`);
}
