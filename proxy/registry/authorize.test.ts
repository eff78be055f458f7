/** The authorization table: every reason, and the boundary days of renewals and agreements. */
import { describe, expect, it } from 'vitest';
import { authorize, authorizeOrganization } from './authorize';
import type { Organization, RegistryUser } from './model';

const TODAY = '2026-11-21';

const org = (o: Partial<Organization> = {}): Organization => ({
  name: 'Example County LWDB',
  type: 'lwdb',
  agreementEffectiveOn: '2026-01-01',
  agreementExpiresOn: '2027-06-30',
  categories: ['personal', 'wage', 'ui', 'employer'],
  updatedAt: '',
  lastChangedBy: null,
  ...o,
});

const user = (u: Partial<RegistryUser> = {}): RegistryUser => ({
  email: 'avery.partner@lwdb.example.org',
  aliases: [],
  fullName: 'Avery Q Partner',
  organization: 'Example County LWDB',
  worksite: '',
  fax: [],
  categories: ['personal', 'wage', 'ui', 'employer'],
  trainingCompletedOn: '2026-10-01',
  trainingScore: 100,
  attestationSignedOn: '2026-10-01',
  status: 'active',
  separatedOn: null,
  supervisorEmail: null,
  updatedAt: '',
  lastChangedBy: null,
  ...u,
});

describe('authorize', () => {
  it('authorizes an active, trained, attested user of an organization with an agreement in force', () => {
    expect(authorize(user(), org(), ['personal', 'wage'], TODAY)).toEqual({ authorized: true, reasons: [] });
  });

  it.each([
    ['not_in_registry', undefined, org()],
    ['separated', user({ status: 'separated', separatedOn: '2026-11-20' }), org()],
    ['separated', user({ status: 'active', separatedOn: TODAY }), org()],
    ['suspended', user({ status: 'suspended' }), org()],
    ['attestation_missing', user({ attestationSignedOn: null }), org()],
    ['attestation_expired', user({ attestationSignedOn: '2025-11-20' }), org()],
    ['training_incomplete', user({ trainingScore: 99 }), org()],
    ['training_incomplete', user({ trainingCompletedOn: null, trainingScore: null }), org()],
    ['training_expired', user({ trainingCompletedOn: '2025-11-20' }), org()],
    ['agreement_expired', user(), org({ agreementExpiresOn: '2026-11-20' })],
    ['agreement_not_started', user(), org({ agreementEffectiveOn: '2026-11-22' })],
  ] as const)('%s', (reason, u, o) => {
    const a = authorize(u, o, ['personal'], TODAY);
    expect(a.authorized).toBe(false);
    expect(a.reasons).toEqual([reason]);
  });

  it('names each category the user may not receive', () => {
    const a = authorize(user({ categories: ['employer'] }), org(), ['personal', 'wage', 'employer'], TODAY);
    expect(a.reasons).toEqual(['category_not_permitted:personal', 'category_not_permitted:wage']);
  });

  it('lists every failing reason at once', () => {
    const a = authorize(
      user({ status: 'suspended', attestationSignedOn: null, trainingScore: 80, categories: [] }),
      org({ agreementExpiresOn: '2026-01-31' }),
      ['ui'],
      TODAY,
    );
    expect(a.reasons).toEqual([
      'suspended',
      'attestation_missing',
      'training_incomplete',
      'agreement_expired',
      'category_not_permitted:ui',
    ]);
  });

  describe('boundary days', () => {
    it.each([
      ['attestation 364 days old', { attestationSignedOn: '2025-11-22' }, []],
      ['attestation exactly 365 days old: still within 365 days', { attestationSignedOn: '2025-11-21' }, []],
      ['attestation 366 days old', { attestationSignedOn: '2025-11-20' }, ['attestation_expired']],
      ['training exactly 365 days old', { trainingCompletedOn: '2025-11-21' }, []],
      ['training 366 days old', { trainingCompletedOn: '2025-11-20' }, ['training_expired']],
      ['attestation signed today', { attestationSignedOn: TODAY }, []],
      ['attestation dated in the future', { attestationSignedOn: '2026-11-22' }, ['attestation_missing']],
      ['separation dated tomorrow: not yet', { separatedOn: '2026-11-22' }, []],
    ] as const)('%s', (_why, u, reasons) => {
      expect(authorize(user(u), org(), ['personal'], TODAY).reasons).toEqual(reasons);
    });

    it.each([
      ["the agreement's last day", { agreementExpiresOn: TODAY }, []],
      ['the day after the last day', { agreementExpiresOn: '2026-11-20' }, ['agreement_expired']],
      ["the agreement's first day", { agreementEffectiveOn: TODAY }, []],
      ['the day before the first day', { agreementEffectiveOn: '2026-11-22' }, ['agreement_not_started']],
      ['the agency itself, with no agreement dates', { type: 'state_agency' as const, agreementEffectiveOn: null, agreementExpiresOn: null }, []],
    ])('%s', (_why, o, reasons) => {
      expect(authorize(user(), org(o), ['personal'], TODAY).reasons).toEqual(reasons);
    });

    it('counts a leap day as a day', () => {
      // 2028 is a leap year: 2027-03-01 → 2028-02-29 is 365 days, → 2028-03-01 is 366.
      expect(authorize(user({ attestationSignedOn: '2027-03-01', trainingCompletedOn: '2028-01-01' }), org({ agreementExpiresOn: null }), [], '2028-02-29').reasons).toEqual([]);
      expect(authorize(user({ attestationSignedOn: '2027-03-01', trainingCompletedOn: '2028-01-01' }), org({ agreementExpiresOn: null }), [], '2028-03-01').reasons).toEqual(['attestation_expired']);
    });
  });
});

describe('authorizeOrganization (web forms)', () => {
  it('checks the agreement and the categories of the receiving organization', () => {
    expect(authorizeOrganization(org(), ['wage'], TODAY).authorized).toBe(true);
    expect(authorizeOrganization(org({ categories: ['employer'] }), ['wage'], TODAY).reasons).toEqual(['category_not_permitted:wage']);
    expect(authorizeOrganization(org({ agreementExpiresOn: '2026-11-01' }), [], TODAY).reasons).toEqual(['agreement_expired']);
    expect(authorizeOrganization(undefined, [], TODAY).reasons).toEqual(['not_in_registry']);
  });
});
