/** A console form checked as one row: the values as typed, the file's rules, problems without line numbers. */
import { describe, expect, it } from 'vitest';
import { ImportError, orgFromForm, userFromForm } from './import';
import type { UserImportContext } from './import';
import type { Organization } from './model';

const LWDB: Organization = {
  name: 'Example County LWDB',
  type: 'lwdb',
  agreementEffectiveOn: '2026-01-01',
  agreementExpiresOn: '2027-01-01',
  categories: ['personal', 'wage'],
  updatedAt: '2026-01-01T00:00:00Z',
  lastChangedBy: null,
};
const ctx: UserImportContext = { organizations: new Map([[LWDB.name, LWDB]]), addressOwners: new Map([['avery.partner@lwdb.example.org', 'avery.partner@lwdb.example.org']]) };

function problemsOf(f: () => unknown): string[] {
  try {
    f();
  } catch (err) {
    if (err instanceof ImportError) return err.problems;
    throw err;
  }
  throw new Error('no problems');
}

describe('userFromForm', () => {
  it('keeps every value as typed, quotes, commas and a leading apostrophe included; unset columns are blank', () => {
    const u = userFromForm({ email: 'Pat.ONeil@LWDB.example.org', full_name: `Pat "PJ" O'Neil, Jr`, organization: LWDB.name, worksite: `'=Annex, "North"`, categories: 'wage;personal', status: 'active' }, ctx);
    expect(u).toEqual({
      email: 'pat.oneil@lwdb.example.org',
      aliases: [],
      fullName: `Pat "PJ" O'Neil, Jr`,
      organization: LWDB.name,
      worksite: `'=Annex, "North"`,
      fax: [],
      categories: ['personal', 'wage'],
      trainingCompletedOn: null,
      trainingScore: null,
      attestationSignedOn: null,
      status: 'active',
      separatedOn: null,
      supervisorEmail: null,
    });
  });

  it('lists every problem by the file rules, with no line number', () => {
    expect(problemsOf(() => userFromForm({ email: 'new@lwdb.example.org', full_name: 'N', organization: 'Nowhere', training_score: '101', status: 'retired' }, ctx))).toEqual([
      'organization "Nowhere" is not in the registry (import organizations first)',
      'training_score "101" is not a whole number 0–100',
      'status "retired" is not one of active, suspended, separated',
    ]);
    expect(problemsOf(() => userFromForm({ email: 'new@lwdb.example.org', full_name: 'N', organization: LWDB.name, status: 'active', aliases: 'avery.partner@lwdb.example.org' }, ctx))).toEqual([
      'avery.partner@lwdb.example.org already belongs to avery.partner@lwdb.example.org',
    ]);
  });

  it('refuses confidential data first, naming the column, before any other check', () => {
    expect(problemsOf(() => userFromForm({ email: 'bad', worksite: 'Desk 536-22-1874', status: 'active' }, ctx))).toEqual([
      'worksite holds a Social Security number; confidential data may not be stored',
    ]);
  });
});

describe('orgFromForm', () => {
  it('keeps the name as typed and takes only the categories given (all when the column is absent)', () => {
    const base = { name: `'@Work, "East"`, type: 'partner', agreement_effective_on: '2026-01-01', agreement_expires_on: '2027-01-01' };
    expect(orgFromForm({ ...base, categories: 'wage' })).toEqual({ name: `'@Work, "East"`, type: 'partner', agreementEffectiveOn: '2026-01-01', agreementExpiresOn: '2027-01-01', categories: ['wage'] });
    expect(orgFromForm(base).categories).toEqual(['personal', 'wage', 'ui', 'employer']);
  });

  it('refuses an organization without an agreement, with no line number', () => {
    expect(problemsOf(() => orgFromForm({ name: 'No Agreement', type: 'partner' }))).toEqual([
      'a data-sharing agreement (effective and expiry dates) is required for every organization but the agency',
    ]);
  });
});
