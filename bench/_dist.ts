import { agencyMail } from '../test/corpus/generate';
const MB = 1 << 20;
const text = agencyMail(8 * MB);
const re = /\d+(?:[- ./,]\d+)*/g; const hist = new Map<string, number>();
let m; while ((m = re.exec(text))) { const d = m[0].replace(/\D/g, '').length; const k = d < 4 ? '<4' : d <= 8 ? '4-8' : d === 9 ? '9' : '10+'; hist.set(k, (hist.get(k) ?? 0) + 1); }
console.log(hist, text.split('\n').length);
