import { detectEach } from '../shared/detect/index';
import { agencyMail } from '../test/corpus/generate';
const which = process.argv[2];
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
const text = which === 'dense' ? dense(4 << 20) : agencyMail(8 << 20);
let f = 0; let best = Infinity;
for (let i = 0; i < 9; i++) { const t0 = performance.now(); detectEach(text, () => f++); best = Math.min(best, performance.now() - t0); }
console.log(which, 'best ms', best.toFixed(1));
