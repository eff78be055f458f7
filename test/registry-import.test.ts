/** Registry imports on a real SQLite file: all or nothing, every bad row named by its line. */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeJobs } from '../proxy/jobs/file-jobs';
import { IMPORT_BATCH } from '../proxy/registry/service';
import { ImportError } from '../proxy/registry/import';
import { testProxy } from './helpers/proxy';
import type { TestProxy } from './helpers/proxy';

let p: TestProxy;
beforeEach(async () => {
  p = await testProxy();
});
afterEach(async () => {
  await p.close();
});
afterAll(() => closeJobs());

const HEADER =
  'email,full_name,organization,worksite,fax,categories,training_completed_on,training_score,attestation_signed_on,status,separated_on,supervisor_email';

async function importError(csv: string): Promise<string[]> {
  try {
    await p.opened.registry.importUsers(csv, 'test');
  } catch (err) {
    if (err instanceof ImportError) return err.problems;
    throw err;
  }
  throw new Error('expected the import to fail');
}

describe('users import', () => {
  it('adds new users and updates changed ones, recording each change in the chain', async () => {
    const before = (await p.opened.store.logState()).seq;
    const r = await p.opened.registry.importUsers(
      [
        HEADER,
        'new.person@lwdb.example.org,New P Person,Example County LWDB,Riverton,573-555-0111,personal;wage,2026-10-01,100,2026-10-01,active,,',
        'avery.partner@lwdb.example.org,Avery Q Partner,Example County LWDB,Riverton Career Center,(573) 555-0100,personal,2026-11-01,100,2026-11-01,active,,morgan.supervisor@jobs.example.gov',
      ].join('\n'),
      'custodian@jobs.example.gov',
    );
    expect(r).toEqual({ added: 1, updated: 1, unchanged: 0 });
    expect((await p.opened.store.findRecipient('+15735550111'))?.user.email).toBe('new.person@lwdb.example.org');
    const avery = await p.opened.store.getUser('avery.partner@lwdb.example.org');
    expect(avery?.categories).toEqual(['personal']);
    expect(avery?.lastChangedBy).toBe('custodian@jobs.example.gov');
    expect((await p.opened.store.logState()).seq).toBe(before + 2);
  });

  it('a file of many batches, checked in a worker: stopped after some batches, the same file again writes only what is missing', async () => {
    const letters = (i: number) => String.fromCharCode(97 + (i % 26)) + String.fromCharCode(97 + Math.floor(i / 26) % 26) + String.fromCharCode(97 + Math.floor(i / 676));
    const rows = Array.from({ length: IMPORT_BATCH * 2 + 50 }, (_, i) => `person.${letters(i)}@lwdb.example.org,Person ${letters(i)} Staff,Example County LWDB,Riverton Career Center,,personal;wage,2026-10-01,100,2026-10-01,active,,`);
    const whole = [HEADER, ...rows].join('\n');
    expect(whole.length).toBeGreaterThan(32 * 1024);
    const before = (await p.opened.store.logState()).seq;
    // What a proxy stopped after its first batch had written.
    expect(await p.opened.registry.importUsers([HEADER, ...rows.slice(0, IMPORT_BATCH)].join('\n'), 'test')).toEqual({ added: IMPORT_BATCH, updated: 0, unchanged: 0 });
    expect(await p.opened.registry.importUsers(whole, 'test')).toEqual({ added: IMPORT_BATCH + 50, updated: 0, unchanged: IMPORT_BATCH });
    // One chain entry a person, none twice.
    expect((await p.opened.store.logState()).seq).toBe(before + rows.length);
    expect((await p.opened.store.findRecipient(`person.${letters(rows.length - 1)}@lwdb.example.org`))?.user.fullName).toBe(`Person ${letters(rows.length - 1)} Staff`);
  });

  it('changes nothing and logs nothing when the file matches the registry', async () => {
    const csv = await p.opened.registry.exportUsersCsv();
    const before = (await p.opened.store.logState()).seq;
    const r = await p.opened.registry.importUsers(csv, 'test');
    expect(r.added + r.updated).toBe(0);
    expect((await p.opened.store.logState()).seq).toBe(before);
  });

  it('rejects the whole file when any row is bad, naming every bad line, and writes nothing', async () => {
    const usersBefore = await p.opened.store.listUsers();
    const seqBefore = (await p.opened.store.logState()).seq;
    const problems = await importError(
      [
        HEADER,
        'good.one@lwdb.example.org,Good O One,Example County LWDB,,,personal,2026-10-01,100,2026-10-01,active,,',
        'not-an-email,Bad Email,Example County LWDB,,,personal,2026-10-01,100,2026-10-01,active,,',
        'x@lwdb.example.org,X,Nowhere Org,,,personal,2026-10-01,100,2026-10-01,active,,',
        'y@lwdb.example.org,Y,Example County LWDB,,555-0100,personal;secret,2026-13-01,101,2026-10-01,retired,,',
        'z@lwdb.example.org,Z,Example County LWDB,,,personal,2026-10-01,100,2026-10-01,separated,,',
        'w@lwdb.example.org,W,Example County LWDB,,(573) 555-0100,personal,2026-10-01,100,2026-10-01,active,,',
      ].join('\n'),
    );
    expect(problems).toEqual([
      'line 3: email "not-an-email" is not an email address',
      'line 4: organization "Nowhere Org" is not in the registry (import organizations first)',
      'line 5: fax "555-0100" is not a fax number',
      'line 5: unknown category "secret" (expected personal, wage, ui, employer)',
      'line 5: training_completed_on "2026-13-01" is not a date (YYYY-MM-DD)',
      'line 5: training_score "101" is not a whole number 0–100',
      'line 5: status "retired" is not one of active, suspended, separated',
      'line 6: separated_on is required when status is separated',
      'line 7: +15735550100 already belongs to avery.partner@lwdb.example.org',
    ]);
    expect(await p.opened.store.listUsers()).toEqual(usersBefore);
    expect((await p.opened.store.logState()).seq).toBe(seqBefore);
  });

  it.each([
    ['a missing column', 'email,full_name\nx@example.org,X', /line 1: missing columns organization, worksite/],
    ['an unknown column', HEADER + ',shoe_size\n', /line 1: unknown column shoe_size/],
    ['a short row', HEADER + '\nx@example.org,X', /line 2: 2 fields, the header has 12/],
    ['an empty file', '', /line 1: the file is empty/],
    ['a broken quote', HEADER + '\n"x@example.org,X', /line 2: a quoted field is not closed/],
  ])('reports %s', async (_why, csv, message) => {
    expect((await importError(csv)).join('\n')).toMatch(message);
  });
});

describe('organizations import', () => {
  it('requires an agreement for every organization but the agency, and sane dates', async () => {
    let problems: string[] = [];
    try {
      await p.opened.registry.importOrganizations(
        [
          'name,type,agreement_effective_on,agreement_expires_on',
          'No Agreement Partner,partner,,',
          'Backwards Partner,partner,2026-12-01,2026-01-01',
          'Odd Type,club,2026-01-01,2026-12-31',
          'No Agreement Partner,partner,2026-01-01,2026-12-31',
        ].join('\n'),
        'test',
      );
    } catch (err) {
      problems = (err as ImportError).problems;
    }
    expect(problems).toEqual([
      'line 2: a data-sharing agreement (effective and expiry dates) is required for every organization but the agency',
      'line 3: the agreement expires before it takes effect',
      'line 4: type "club" is not one of state_agency, lwdb, partner, contractor',
      'line 5: organization "No Agreement Partner" appears twice',
    ]);
  });
});
