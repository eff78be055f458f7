/**
 * A realistic, labelled evaluation corpus of agency text: emails to partners, wage-record tables,
 * form submissions, employer letters, direct-deposit changes, signatures with phone/fax/ZIP+4,
 * prices, case/ticket/invoice numbers, non-birth dates, invalid SSN ranges and masked values.
 * Every value is fake and generated from a seed, so the corpus is the same on every run.
 */
import type { FindingType } from '../../shared/detect/types';

export interface Labelled {
  type: FindingType;
  start: number;
  end: number;
}

export interface Doc {
  kind: string;
  text: string;
  expected: Labelled[];
}

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Builder {
  text = '';
  expected: Labelled[] = [];
  add(s: string): this {
    this.text += s;
    return this;
  }
  value(type: FindingType, s: string): this {
    this.expected.push({ type, start: this.text.length, end: this.text.length + s.length });
    this.text += s;
    return this;
  }
}

const FIRST = ['Avery', 'Jordan', 'Casey', 'Riley', 'Morgan', 'Taylor', 'Quinn', 'Rowan', 'Emerson', 'Harper', 'Dakota', 'Skyler'];
const LAST = ['Testperson', 'Sampleton', 'Fakename', 'Exampleby', 'Demoford', 'Placeholder', 'Mockridge', 'Specimen'];
const ORGS = ['Example Staffing LLC', 'Sample Manufacturing Co', 'Demo Logistics Inc', 'Fictional Foods Corp', 'Placeholder Health Services'];
const CITIES = ['Springfield', 'Riverton', 'Fairview', 'Greenville', 'Centerville'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function makeCorpus(seed: number, docs: number): Doc[] {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const chance = (p: number) => r() < p;

  const person = () => `${pick(FIRST)} ${String.fromCharCode(65 + int(0, 25))} ${pick(LAST)}`;
  const ssnDigits = (): [string, string, string] => {
    for (;;) {
      const area = int(1, 899);
      if (area === 666) continue;
      const d: [string, string, string] = [pad(area, 3), pad(int(1, 99), 2), pad(int(1, 9999), 4)];
      const all = d.join('');
      if (all === '078051120' || all === '219099999') continue;
      return d;
    }
  };
  const ssnText = (): [string, boolean] => {
    const d = ssnDigits();
    const f = r();
    if (f < 0.55) return [d.join('-'), false];
    if (f < 0.7) return [d.join(''), true];
    if (f < 0.78) return [d.join(' '), false];
    if (f < 0.84) return [d.join('.'), false];
    if (f < 0.94) return [d.join('\u2013'), false];
    return [d.join('\u00a0'), false];
  };
  const itinText = () => {
    const groups = [...range(50, 65), ...range(70, 88), 90, 91, 92, ...range(94, 99)];
    return `9${pad(int(0, 99), 2)}-${pad(pick(groups), 2)}-${pad(int(0, 9999), 4)}`;
  };
  const einPrefixes = [...range(1, 6), ...range(10, 16), ...range(20, 27), ...range(30, 48), ...range(50, 68), ...range(71, 77), ...range(80, 88), ...range(90, 95), 98, 99];
  const feinText = (dashed: boolean) => `${pad(pick(einPrefixes), 2)}${dashed ? '-' : ''}${pad(int(0, 9999999), 7)}`;
  const routing = () => {
    const d = Array.from({ length: 8 }, () => int(0, 9));
    d[0] = int(0, 3);
    const w = [3, 7, 1, 3, 7, 1, 3, 7];
    const sum = d.reduce((s, x, i) => s + x * w[i]!, 0);
    d.push((10 - (sum % 10)) % 10);
    return d.join('');
  };
  const account = () => String(int(1, 9)) + Array.from({ length: int(5, 11) }, () => int(0, 9)).join('');
  const money = (lo: number, hi: number, cents = true) => {
    const v = int(lo, hi);
    const s = v.toLocaleString('en-US');
    return cents ? `${s}.${pad(int(0, 99), 2)}` : s;
  };
  const date = (y0: number, y1: number) => {
    const y = int(y0, y1);
    const m = int(1, 12);
    const d = int(1, 28);
    switch (int(0, 3)) {
      case 0:
        return `${pad(m, 2)}/${pad(d, 2)}/${y}`;
      case 1:
        return `${m}/${d}/${y}`;
      case 2:
        return `${y}-${pad(m, 2)}-${pad(d, 2)}`;
      default:
        return `${MONTHS[m - 1]} ${d}, ${y}`;
    }
  };
  const phone = () => {
    const a = int(200, 989);
    const b = int(200, 999);
    const c = pad(int(0, 9999), 4);
    return pick([`(${a}) ${b}-${c}`, `${a}-${b}-${c}`, `${a}.${b}.${c}`, `${a} ${b} ${c}`, `1-${a}-${b}-${c}`]);
  };
  const zip4 = () => `${pad(int(10000, 99999), 5)}-${pad(int(0, 9999), 4)}`;
  const signature = (b: Builder) => {
    b.add(`\n\nThank you,\n${pick(FIRST)} ${pick(LAST)}\nWorkforce Specialist, ${pick(CITIES)} Job Center\n`);
    b.add(`Phone ${phone()} | Fax ${phone()}\n${int(100, 9999)} Main Street, Suite ${int(100, 999)}, ${pick(CITIES)}, MO ${zip4()}\n`);
  };
  const noise = (b: Builder) => {
    switch (int(0, 17)) {
      case 0:
        return b.add(`The workshop registration fee is $${money(10, 90, false)} and tuition is $${money(1500, 9000, false)} per semester. `);
      case 1:
        return b.add(`Case #${int(100000000, 999999999)} was updated. `);
      case 2: {
        const [a, g, s] = ssnDigits();
        return b.add(`Ticket ${a}-${g}-${s} is closed. `);
      }
      case 3:
        return b.add(`Invoice no. ${int(100000000, 999999999)} for $${money(100, 5000)} is attached. `);
      case 4:
        return b.add(`Your appointment is on ${date(2026, 2027)} at ${int(8, 4 + 12)}:${pick(['00', '15', '30', '45'])}. `);
      case 5:
        return b.add(`For the week ending ${date(2025, 2026)}, please certify online. `);
      case 6:
        return b.add(`On file: SSN ${pick(['***-**-', 'XXX-XX-', '***-*' + int(0, 9) + '-'])}${pad(int(0, 9999), 4)}. `);
      case 7:
        return b.add(`The ITA voucher covers up to $${money(2000, 5000, false)} of training costs. `);
      case 8: {
        // Never issued: area 000 or 666, group 00, serial 0000; area 9XX outside the ITIN groups.
        const bad = pick([
          `000-${pad(int(1, 99), 2)}-${pad(int(1, 9999), 4)}`,
          `666-${pad(int(1, 99), 2)}-${pad(int(1, 9999), 4)}`,
          `${int(900, 999)}-${pad(int(1, 49), 2)}-${pad(int(1, 9999), 4)}`,
          `${pad(int(1, 665), 3)}-00-${pad(int(1, 9999), 4)}`,
          `${pad(int(1, 665), 3)}-${pad(int(1, 99), 2)}-0000`,
          '078-05-1120',
          '219-09-9999',
        ]);
        return b.add(`The SSN ${bad} on the form is invalid. `);
      }
      case 9:
        return b.add(`Confirmation ${int(100000000, 999999999)} was sent to the claimant. `);
      case 10:
        return b.add(`Orientation starts ${date(2026, 2027)} in room ${int(100, 450)}. `);
      case 11:
        return b.add(`Please call ${phone()} to schedule. The price of the certification exam is $${money(50, 300)}. `);
      case 12:
        return b.add(`\n\nOn ${pick(['Mon', 'Tue', 'Wed'])}, ${MONTHS[int(0, 11)]} ${int(1, 28)}, ${int(2025, 2026)} at ${int(1, 12)}:${pad(int(0, 59), 2)} PM ${pick(FIRST)} wrote:\n> Sent: ${date(2025, 2026)}\n`);
      case 13:
        return b.add(`PO ${int(100000000, 999999999)} and order #${int(10000000, 99999999)} cover the laptops. `);
      case 14:
        return b.add(`Only the last 5 of the SSN (${pad(int(0, 99999), 5)}) should appear in email. `);
      case 15:
        return b.add(`She was born in ${int(1950, 2004)} and moved here in ${int(2005, 2025)}. `);
      case 16:
        return b.add(`Claim ID ${int(100000000, 999999999)}; tracking number ${int(100000000, 999999999)}. `);
      default:
        return b.add(`Bus passes cost $${money(20, 80)} a month; parking is $${money(5, 15, false)}. `);
    }
  };

  const kinds: Array<(b: Builder) => void> = [
    // Email to a partner about a claimant.
    (b) => {
      b.add(`Hi ${pick(FIRST)},\n\nRe: ${person()}, `);
      const [ssn, bare] = ssnText();
      b.add(bare ? 'SSN ' : pick(['SSN ', 'SSN: ', 'social security number ', '', 'claimant ']));
      b.value('ssn', ssn);
      b.add(`. ${pick(['Her DOB is ', 'Date of birth: ', 'He was born on ', 'DOB '])}`).value('dob', date(1950, 2005));
      b.add(`. Gross wages for Q${int(1, 4)} were `).value('wage', '$' + money(1000, 30000));
      b.add(` and the weekly benefit amount is `).value('ui_benefit', '$' + money(100, 650, false));
      b.add('. ');
      noise(b);
      signature(b);
    },
    // Wage-record table from an employer.
    (b) => {
      const sep = pick([',', '\t', ' | ']);
      b.add(['Employee Name', 'SSN', `Q${int(1, 4)} Wages`].join(sep) + '\n');
      for (let i = 0, n = int(3, 8); i < n; i++) {
        const d = ssnDigits();
        b.add(person() + sep).value('ssn', chance(0.5) ? d.join('') : d.join('-')).add(sep);
        // CSV writers quote a field that holds the delimiter ("12,345.67").
        const wage = money(500, 25000);
        const quote = sep === ',' && wage.includes(',') ? '"' : '';
        b.add(quote).value('wage', wage).add(quote + '\n');
      }
      b.add(`\nTotal rows: ${int(3, 8)}. Report date ${date(2026, 2026)}.\n`);
    },
    // Web form submission.
    (b) => {
      b.add(`first_name=${pick(FIRST)}&last_name=${pick(LAST)}&ssn=`).value('ssn', ssnDigits().join(''));
      b.add('&dob=').value('dob', `${int(1950, 2005)}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`);
      b.add(`&phone=${int(2000000000, 9899999999)}&zip=${zip4()}&routing_number=`).value('routing_number', routing());
      b.add('&account_number=').value('bank_account', account()).add('\n');
    },
    // Employer letter.
    (b) => {
      b.add(`Employer ${pick(ORGS)}, `);
      const dashed = chance(0.7);
      b.add(dashed ? pick(['FEIN ', 'EIN ', '']) : pick(['FEIN ', 'EIN: ', 'Federal Employer ID ']));
      b.value('fein', feinText(dashed));
      b.add(`, reported quarterly wages of `).value('wage', '$' + money(5000, 90000));
      b.add(` for ${person()}, who earns `).value('wage', '$' + money(12, 45)).add(' per hour. ');
      noise(b);
      signature(b);
    },
    // Direct deposit change.
    (b) => {
      b.add(`${person()} asked to change direct deposit. Routing number `).value('routing_number', routing());
      b.add(`, checking account `).value('bank_account', account());
      b.add(`. Benefits paid to date: `).value('ui_benefit', '$' + money(500, 12000));
      b.add('. ');
      noise(b);
      signature(b);
    },
    // ITIN holder.
    (b) => {
      b.add(`The applicant ${person()} has no SSN; ITIN `).value('itin', itinText());
      b.add(`. Born ${pick(['on ', ''])}`).value('dob', date(1960, 2004));
      b.add('. ');
      noise(b);
      noise(b);
      signature(b);
    },
    // Caseworker note in prose, identifiers without a label.
    (b) => {
      b.add(`Case note: met with ${person()} (`).value('ssn', ssnDigits().join('-'));
      b.add(`). ${pick(['She makes ', 'He earns ', 'Current pay rate is '])}`).value('wage', '$' + money(11, 40));
      b.add(pick([' an hour', '/hr', ' per hour']) + '. ');
      b.add(pick(['Birthday: ', 'D.O.B. ', 'birth date '])).value('dob', date(1950, 2005));
      b.add(`. Received `).value('ui_benefit', '$' + money(300, 9000, false)).add(' in UI benefits so far. ');
      noise(b);
      noise(b);
    },
    // Nothing confidential: scheduling, prices, cases.
    (b) => {
      b.add(`Hello ${pick(FIRST)},\n\n`);
      for (let i = 0, n = int(3, 6); i < n; i++) noise(b);
      signature(b);
    },
  ];

  const out: Doc[] = [];
  for (let i = 0; i < docs; i++) {
    const k = i % kinds.length;
    const b = new Builder();
    kinds[k]!(b);
    out.push({ kind: ['email', 'wage-table', 'form', 'employer-letter', 'direct-deposit', 'itin', 'case-note', 'no-data'][k]!, text: b.text, expected: b.expected });
  }
  return out;
}

function range(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

const PROSE = [
  'Thank you for meeting with our team this week to review the reemployment services plan.',
  'As discussed, the participant has completed the initial assessment and is ready for the next step.',
  'Please let me know if you need anything else from our office before the review.',
  'The local workforce development board asked us to confirm eligibility before enrollment.',
  'Our records show that the job seeker attended the resume workshop and the interview practice session.',
  'I have attached the signed release of information so that you can proceed with the referral.',
  'Remember that email is not a secure channel, so only the minimum necessary information is included.',
  'The employer would like to schedule a hiring event at the job center next month.',
  'If the claimant has questions about the work search requirement, they can call the contact center.',
  'We are still waiting for the wage verification from the employer before we can close the case.',
  'The participant is interested in the welding program and has applied for training funds.',
  'Could you confirm whether the apprenticeship sponsor received the paperwork we sent last week?',
  'Staff should verify the recipient address and fax number before sending anything confidential.',
  'The monitoring visit found no issues with the files we reviewed, and the report will follow.',
  'Please remind your team to complete the annual confidentiality training and sign the attestation.',
  'The job seeker opted out of data sharing, so do not forward the case notes to the partner agency.',
  'We will discuss the updated service delivery procedures at the next partner meeting.',
  'Her supervisor approved the accommodation request and the schedule change takes effect soon.',
  'The veteran representative will follow up with the candidate about the priority of service.',
  'Attached is the agenda for the quarterly meeting of the one-stop operator consortium.',
];

/** About `bytes` of agency mail as one text (for benchmarks): mostly prose, as real mail is, with
 * headers, signatures, quoted replies, and a labelled record in about half the messages. */
export function agencyMail(bytes: number, seed = 7): string {
  const r = rng(seed);
  const pickN = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const parts: string[] = [];
  let size = 0;
  let docs: Doc[] = [];
  let s = seed;
  while (size < bytes) {
    if (docs.length === 0) docs = makeCorpus(s++, 200);
    const lines: string[] = [];
    lines.push(`From: ${pickN(FIRST)} ${pickN(LAST)} <staff${Math.floor(r() * 900)}@jobs.example.gov>`);
    lines.push(`To: ${pickN(FIRST)} ${pickN(LAST)} <partner@${pickN(['lwdb', 'partner', 'provider'])}.example.org>`);
    lines.push(`Subject: ${pickN(['Referral', 'Follow-up', 'Wage verification', 'Training enrollment', 'Hiring event'])} for ${pickN(FIRST)}`);
    lines.push('');
    lines.push(`Hello ${pickN(FIRST)},`);
    lines.push('');
    for (let p = 0, n = 1 + Math.floor(r() * 3); p < n; p++) {
      const sentences = Array.from({ length: 2 + Math.floor(r() * 4) }, () => pickN(PROSE));
      lines.push(sentences.join(' '));
      lines.push('');
    }
    if (r() < 0.5) lines.push(docs.pop()!.text);
    else lines.push(`Regards,\n${pickN(FIRST)} ${pickN(LAST)}\n${pickN(CITIES)} Job Center`);
    if (r() < 0.3) {
      lines.push('');
      lines.push(`> ${pickN(PROSE)}\n> ${pickN(PROSE)}`);
    }
    const mail = lines.join('\n');
    parts.push(mail);
    size += mail.length + 2;
  }
  return parts.join('\n\n').slice(0, bytes);
}
