/**
 * Amounts said in words, as voicemail and call transcripts and IVR prompts give them: "her weekly
 * benefit amount is three eighty-five", "four hundred sixty-eight a week", "Your payment of three
 * hundred forty-two dollars", "me llegaron trescientos cincuenta". A run of number words with a tens,
 * teens or hundreds word in it (so that digits read one by one stay the spoken-identifier reader's),
 * after a wage or benefit label in the same sentence, is that amount.
 */
import { C, categoriesIn } from './context';
import { MONEY_PRIORITY, pick } from './resolve';
import type { Finding } from './types';

const UNITS = 'one|two|three|four|five|six|seven|eight|nine|uno|un|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve';
const TEENS = 'ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|diez|once|doce|trece|catorce|quince|dieci\\w+';
const TENS = 'twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|veinte|veinti\\w+|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa';
const BIG = 'hundred|thousand|cien|ciento|doscientos|trescientos|cuatrocientos|quinientos|seiscientos|setecientos|ochocientos|novecientos|mil';
const WORD = `(?:${UNITS}|${TEENS}|${TENS}|${BIG})`;
/** A run of number words joined by spaces, hyphens, "and"/"y", ending in "even" or "dollars" at most. */
const RUN = new RegExp(`\\b${WORD}(?:(?:[ -]|[ ](?:and|y)[ ])${WORD})*\\b`, 'gi');
const WEIGHTY = new RegExp(`\\b(?:${TEENS}|${TENS}|${BIG})\\b`, 'i');
/** What may follow the amount ("dollars", "a week", "an hour"), which also makes it money. */
const UNIT_AFTER = /^[ \t]*(?:even[ \t]*)?(?:dollars|d[oó]lares|bucks|a week|per week|a la semana|por semana|an hour|per hour|la hora|por hora)\b/i;

export function spokenAmounts(t: string): Finding[] {
  const out: Finding[] = [];
  // Cheap exit: no tens, teens or hundreds word anywhere.
  if (!WEIGHTY.test(t)) return out;
  RUN.lastIndex = 0;
  for (let m = RUN.exec(t); m; m = RUN.exec(t)) {
    if (!WEIGHTY.test(m[0]) || m[0].split(/[ -]+/).length < 2 && !/hundred|thousand|cien|mil/i.test(m[0])) continue;
    const end = m.index + m[0].length;
    // The label: in the clause before, within 60 characters.
    const head = t.slice(Math.max(0, m.index - 60), m.index);
    const clause = head.slice(Math.max(head.lastIndexOf('. '), head.lastIndexOf('\n'), head.lastIndexOf('? '), head.lastIndexOf(', ')) + 1);
    const c = pick(categoriesIn(clause) & (C.WAGE | C.BENEFIT | C.MONEY_OTHER | C.DOB), [C.DOB, ...MONEY_PRIORITY]);
    if (c !== C.WAGE && c !== C.BENEFIT) continue;
    if (!UNIT_AFTER.test(t.slice(end, end + 20)) && !/(?:is|was|of|to|got|be|son|es|fue|me llegaron)[ \t:]*$/i.test(clause)) continue;
    const type = c === C.BENEFIT ? 'ui_benefit' : 'wage';
    out.push({ type, start: m.index, end, confidence: 'medium', rule: `${type}.spoken` });
  }
  return out;
}
