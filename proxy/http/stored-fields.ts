/**
 * Every string the proxy stores that a person typed (or the extension sends for them), in one list:
 * where it arrives, its path in the body, form or file, and its kind. Each passes the gate (gate.ts)
 * before anything is stored, so a wage, a benefit amount, a birth date or an identifier typed into
 * any of them is refused naming the field. A new stored field is added here; the table test
 * (stored-fields.test.ts) sends each field listed here every kind of value. `*` is each item of a list.
 */
import { gate, gateProblems } from './gate';
import type { FieldKind, GateProblem } from './gate';

export const STORED_FIELDS = {
  /** POST /api/v1/reviews: a blocked send goes to the supervisor. */
  review: { sender: 'address', 'recipients.*': 'address', justification: 'text' },
  /** POST /api/v1/disclosures: one send in the log. */
  disclosure: { sender: 'address', site: 'address', 'recipients.*.address': 'address' },
  /** POST /api/v1/recipients/check: every check is recorded in the chain. */
  recipientCheck: { sender: 'address', 'recipients.*.address': 'address' },
  /** POST /api/v1/client-events: site rules the extension refused, and why. */
  clientEvent: { 'rules.*.reason': 'text' },
  /** Console, POST /console/reviews/:id/decide. */
  reviewDecision: { reason: 'text' },
  /** Console, POST /console/registry/users/:email/status. */
  statusChange: { reason: 'text' },
  /** Console, POST /console/incidents/:id/reported|closed. */
  incidentStep: { note: 'text' },
  /** Console, GET /console/log/export.csv|jsonl: the filter is recorded with the export. */
  exportFilter: { sender: 'text', recipient: 'text', site: 'text' },
  /**
   * The Authorized Users List, by column: `registry import`, the console's import and its user form.
   * Every other column is a date, a number or a word from a fixed list, checked as text too.
   */
  usersCsv: {
    email: 'address',
    full_name: 'text',
    organization: 'text',
    worksite: 'text',
    fax: 'address',
    supervisor_email: 'address',
    aliases: 'address',
  },
  /** Organizations, by column: `registry import-orgs` and the console's organization form. */
  orgsCsv: { name: 'text' },
  /** `token create --name`. */
  tokenCommand: { '--name': 'text' },
  /** `account add --email`. */
  accountCommand: { '--email': 'address' },
} as const satisfies Record<string, Record<string, FieldKind>>;

export type StoredWhere = keyof typeof STORED_FIELDS;

/** The listed fields of `body` as the gate takes them: [path, value, kind], lists expanded. */
export function storedFields(where: StoredWhere, body: unknown): Array<[string, unknown, FieldKind]> {
  const out: Array<[string, unknown, FieldKind]> = [];
  for (const [pattern, kind] of Object.entries(STORED_FIELDS[where]) as Array<[string, FieldKind]>) {
    // A flag's leading dashes are part of its name, not a path.
    const steps = pattern.startsWith('--') ? [pattern] : pattern.split('.');
    const walk = (value: unknown, i: number, path: string) => {
      if (i === steps.length) return out.push([path, value, kind]);
      if (value === null || typeof value !== 'object') return;
      const step = steps[i]!;
      const next = (key: string | number) => walk((value as Record<string, unknown>)[key], i + 1, path ? `${path}.${key}` : String(key));
      if (step === '*') {
        if (Array.isArray(value)) value.forEach((_v, k) => next(k));
      } else next(step);
    };
    walk(body, 0, '');
  }
  return out;
}

/** Every problem of the listed fields of `body`. */
export function storedProblems(where: StoredWhere, body: unknown): GateProblem[] {
  return gateProblems(storedFields(where, body));
}

/** Throws 400 `raw_value` naming every listed field of `body` that holds confidential data. */
export function gateStored(where: StoredWhere, body: unknown): void {
  gate(storedFields(where, body));
}

/** The kind of a registry CSV column: listed ones by the list, every other one as text. */
export function csvColumnKind(where: 'usersCsv' | 'orgsCsv', column: string): FieldKind {
  return (STORED_FIELDS[where] as Record<string, FieldKind>)[column] ?? 'text';
}
