/**
 * Registry imports from CSV, and the console's forms. Checked whole: every row is checked first,
 * every problem is reported (with its line number, for a file), and nothing is written unless the
 * whole file is good. A form is one row by column name, checked by the same rules without the CSV.
 */
import type { Category } from '../../shared/policy';
import { CATEGORIES } from '../../shared/policy';
import { rawValueIn } from '../http/gate';
import { csvColumnKind } from '../http/stored-fields';
import { normalizeEmail, normalizeFax } from './address';
import { parseCsv } from './csv';
import type { CsvRecord } from './csv';
import { isIsoDate } from './dates';
import type { Organization, OrgFields, RegistryUser, UserFields } from './model';
import { ORG_TYPES, USER_STATUSES } from './model';

export const ORG_COLUMNS = ['name', 'type', 'agreement_effective_on', 'agreement_expires_on'] as const;
export const ORG_OPTIONAL = ['categories'] as const;
export const USER_COLUMNS = [
  'email',
  'full_name',
  'organization',
  'worksite',
  'fax',
  'categories',
  'training_completed_on',
  'training_score',
  'attestation_signed_on',
  'status',
  'separated_on',
  'supervisor_email',
] as const;
export const USER_OPTIONAL = ['aliases'] as const;
/** What `registry export` writes: every column, aliases last. */
export const USER_EXPORT_COLUMNS = [...USER_COLUMNS, ...USER_OPTIONAL] as const;
export type UserColumn = (typeof USER_EXPORT_COLUMNS)[number];
export type OrgColumn = (typeof ORG_COLUMNS)[number] | (typeof ORG_OPTIONAL)[number];

export class ImportError extends Error {
  constructor(readonly problems: string[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported:\n  ${problems.join('\n  ')}`);
  }
}

type Row = Record<string, string>;

function rows(text: string, required: readonly string[], optional: readonly string[], where: 'usersCsv' | 'orgsCsv'): Array<{ line: number; row: Row }> {
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (err) {
    throw new ImportError([(err as Error).message]);
  }
  if (records.length === 0) throw new ImportError(['line 1: the file is empty; expected a header row']);
  const [header, ...data] = records;
  const names = header!.fields.map((f) => f.trim().toLowerCase());
  const problems: string[] = [];
  const missing = required.filter((c) => !names.includes(c));
  if (missing.length) problems.push(`line ${header!.line}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  const unknown = names.filter((n) => !required.includes(n) && !optional.includes(n));
  if (unknown.length) problems.push(`line ${header!.line}: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);
  const dupes = names.filter((n, i) => names.indexOf(n) !== i);
  if (dupes.length) problems.push(`line ${header!.line}: repeated column ${dupes.join(', ')}`);
  for (const r of data) {
    if (r.fields.length !== names.length) {
      problems.push(`line ${r.line}: ${r.fields.length} fields, the header has ${names.length}`);
    }
  }
  for (const r of data) {
    names.forEach((n, i) => {
      const cell = r.fields[i] ?? '';
      refused(where, n, csvColumnKind(where, n) === 'address' ? unguard(cell.trim()) : cell, (m) => problems.push(`line ${r.line}: ${m}`));
    });
  }
  if (problems.length) throw new ImportError(problems);
  return data.map((r) => ({
    line: r.line,
    row: Object.fromEntries(names.map((n, i) => [n, unguard((r.fields[i] ?? '').trim())])),
  }));
}

/**
 * A cell that holds what the detector finds in a message (stored-fields.ts). An address column holds
 * a list (fax numbers, other addresses), each item an address; every other cell is text.
 */
function refused(where: 'usersCsv' | 'orgsCsv', column: string, value: string, problem: (m: string) => void): void {
  const kind = csvColumnKind(where, column);
  for (const cell of kind === 'address' ? list(value) : [value]) {
    const why = rawValueIn(cell, kind);
    // A fax cell that is no phone number is reported by the fax check, without its value.
    if (why && !why.startsWith('is not a fax')) problem(`${column} ${why}; confidential data may not be stored`);
  }
}

/** A form's values as a row: every listed column, blank when not given; refused cells throw first. */
function formRow(where: 'usersCsv' | 'orgsCsv', columns: readonly string[], values: Readonly<Record<string, string | undefined>>): Row {
  const row: Row = {};
  for (const c of columns) row[c] = values[c] ?? '';
  for (const [c, v] of Object.entries(values)) if (v !== undefined) row[c] = v;
  const problems: string[] = [];
  for (const [c, v] of Object.entries(row)) refused(where, c, v, (m) => problems.push(m));
  if (problems.length) throw new ImportError(problems);
  return row;
}

/** Our exports prefix "'" to cells a spreadsheet would run as formulas ("+1573…"); undo it. */
function unguard(v: string): string {
  return /^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v;
}

function list(v: string | undefined): string[] {
  return (v ?? '')
    .split(';')
    .map((x) => x.trim())
    .filter(Boolean);
}

function categoriesFrom(v: string | undefined, problem: (m: string) => void): Category[] {
  const out: Category[] = [];
  for (const c of list(v).map((x) => x.toLowerCase())) {
    if ((CATEGORIES as readonly string[]).includes(c)) {
      if (!out.includes(c as Category)) out.push(c as Category);
    } else problem(`unknown category "${c}" (expected ${CATEGORIES.join(', ')})`);
  }
  return CATEGORIES.filter((c) => out.includes(c));
}

function date(v: string, column: string, problem: (m: string) => void): string | null {
  if (v === '') return null;
  if (!isIsoDate(v)) {
    problem(`${column} "${v}" is not a date (YYYY-MM-DD)`);
    return null;
  }
  return v;
}

/** Where a problem is: a file's line, or nothing for a form. */
function at(line: number | undefined): string {
  return line === undefined ? '' : `line ${line}: `;
}

export function parseOrgsCsv(text: string): OrgFields[] {
  return orgsFromRows(rows(text, ORG_COLUMNS, ORG_OPTIONAL, 'orgsCsv'));
}

/** The console's organization form: its values by column, checked as one row of a file is. */
export function orgFromForm(values: Readonly<Partial<Record<OrgColumn, string>>>): OrgFields {
  return orgsFromRows([{ row: formRow('orgsCsv', ORG_COLUMNS, values) }])[0]!;
}

function orgsFromRows(rows: ReadonlyArray<{ line?: number; row: Row }>): OrgFields[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const out: OrgFields[] = [];
  for (const { line, row } of rows) {
    const problem = (m: string) => problems.push(`${at(line)}${m}`);
    const name = row.name!;
    if (!name) problem('name is empty');
    else if (seen.has(name.toLowerCase())) problem(`organization "${name}" appears twice`);
    seen.add(name.toLowerCase());
    const type = row.type!.toLowerCase();
    if (!(ORG_TYPES as readonly string[]).includes(type)) problem(`type "${row.type}" is not one of ${ORG_TYPES.join(', ')}`);
    const effective = date(row.agreement_effective_on!, 'agreement_effective_on', problem);
    const expires = date(row.agreement_expires_on!, 'agreement_expires_on', problem);
    if (type !== 'state_agency' && (row.agreement_effective_on === '' || row.agreement_expires_on === '')) {
      // WA ESD 4013: no data-sharing contract, no access.
      problem('a data-sharing agreement (effective and expiry dates) is required for every organization but the agency');
    }
    if (effective && expires && expires < effective) problem('the agreement expires before it takes effect');
    const categories =
      row.categories === undefined ? [...CATEGORIES] : categoriesFrom(row.categories, problem);
    out.push({
      name,
      type: type as OrgFields['type'],
      agreementEffectiveOn: effective,
      agreementExpiresOn: expires,
      categories,
    });
  }
  if (problems.length) throw new ImportError(problems);
  return out;
}

export interface UserImportContext {
  organizations: ReadonlyMap<string, Organization>;
  /** Addresses (email, aliases, fax) held by users not in this file → their email. */
  addressOwners: ReadonlyMap<string, string>;
}

export function parseUsersCsv(text: string, ctx: UserImportContext): UserFields[] {
  return usersFromRows(rows(text, USER_COLUMNS, USER_OPTIONAL, 'usersCsv'), ctx);
}

/** The console's user form: its values by column, checked as one row of a file is. */
export function userFromForm(values: Readonly<Partial<Record<UserColumn, string>>>, ctx: UserImportContext): UserFields {
  return usersFromRows([{ row: formRow('usersCsv', USER_EXPORT_COLUMNS, values) }], ctx)[0]!;
}

function usersFromRows(parsed: ReadonlyArray<{ line?: number; row: Row }>, ctx: UserImportContext): UserFields[] {
  const problems: string[] = [];
  const out: UserFields[] = [];
  const owners = new Map(ctx.addressOwners);
  const inFile = new Set<string>();
  const claim = (address: string, email: string, problem: (m: string) => void) => {
    const owner = owners.get(address);
    if (owner !== undefined && owner !== email) problem(`${address} already belongs to ${owner}`);
    else owners.set(address, email);
  };
  // Addresses of users being re-imported are theirs to reassign.
  for (const { row } of parsed) {
    const email = normalizeEmail(row.email!);
    if (email) for (const [a, o] of owners) if (o === email) owners.delete(a);
  }
  for (const { line, row } of parsed) {
    const problem = (m: string) => problems.push(`${at(line)}${m}`);
    const email = normalizeEmail(row.email!);
    if (!email) {
      problem(`email "${row.email}" is not an email address`);
      continue;
    }
    if (inFile.has(email)) problem(`${email} appears twice`);
    inFile.add(email);
    claim(email, email, problem);
    const aliases: string[] = [];
    for (const a of list(row.aliases)) {
      const n = normalizeEmail(a);
      if (!n) problem(`alias "${a}" is not an email address`);
      else if (n !== email && !aliases.includes(n)) {
        aliases.push(n);
        claim(n, email, problem);
      }
    }
    const fullName = row.full_name!;
    if (!fullName) problem('full_name is empty');
    const organization = row.organization!;
    if (!ctx.organizations.has(organization)) {
      problem(`organization "${organization}" is not in the registry (import organizations first)`);
    }
    const fax: string[] = [];
    for (const f of list(row.fax)) {
      const n = normalizeFax(f);
      if (!n) problem(`fax "${f}" is not a fax number`);
      else if (!fax.includes(n)) {
        fax.push(n);
        claim(n, email, problem);
      }
    }
    const categories = categoriesFrom(row.categories, problem);
    const trainingCompletedOn = date(row.training_completed_on!, 'training_completed_on', problem);
    let trainingScore: number | null = null;
    if (row.training_score !== '') {
      const n = Number(row.training_score);
      if (!Number.isInteger(n) || n < 0 || n > 100) problem(`training_score "${row.training_score}" is not a whole number 0–100`);
      else trainingScore = n;
    }
    const attestationSignedOn = date(row.attestation_signed_on!, 'attestation_signed_on', problem);
    const status = row.status!.toLowerCase();
    if (!(USER_STATUSES as readonly string[]).includes(status)) {
      problem(`status "${row.status}" is not one of ${USER_STATUSES.join(', ')}`);
    }
    const separatedOn = date(row.separated_on!, 'separated_on', problem);
    if (status === 'separated' && row.separated_on === '') problem('separated_on is required when status is separated');
    let supervisorEmail: string | null = null;
    if (row.supervisor_email !== '') {
      supervisorEmail = normalizeEmail(row.supervisor_email!);
      if (!supervisorEmail) problem(`supervisor_email "${row.supervisor_email}" is not an email address`);
    }
    out.push({
      email,
      aliases,
      fullName,
      organization,
      worksite: row.worksite!,
      fax,
      categories,
      trainingCompletedOn,
      trainingScore,
      attestationSignedOn,
      status: status as UserFields['status'],
      separatedOn,
      supervisorEmail,
    });
  }
  if (problems.length) throw new ImportError(problems);
  return out;
}

/** Fields that differ between what is stored and what is imported: { field: [from, to] }. */
export function diff<T extends object>(before: T | undefined, after: T): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const k of Object.keys(after) as Array<keyof T>) {
    const a = before ? before[k] : undefined;
    const b = after[k];
    if (JSON.stringify(a) !== JSON.stringify(b)) changes[k as string] = [a ?? null, b];
  }
  return changes;
}

/** A stored user as the columns of a file or a form say it. */
export function userRow(u: RegistryUser): Record<UserColumn, string> {
  return {
    email: u.email,
    full_name: u.fullName,
    organization: u.organization,
    worksite: u.worksite,
    fax: u.fax.join(';'),
    categories: u.categories.join(';'),
    training_completed_on: u.trainingCompletedOn ?? '',
    training_score: u.trainingScore === null ? '' : String(u.trainingScore),
    attestation_signed_on: u.attestationSignedOn ?? '',
    status: u.status,
    separated_on: u.separatedOn ?? '',
    supervisor_email: u.supervisorEmail ?? '',
    aliases: u.aliases.join(';'),
  };
}

export function userToCsvRow(u: RegistryUser): string[] {
  const row = userRow(u);
  return USER_EXPORT_COLUMNS.map((c) => row[c]);
}
