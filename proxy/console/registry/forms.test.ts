/**
 * The registry forms save what was typed, exactly: a value holding commas, quotes or a leading
 * apostrophe before + = - @ (what a spreadsheet export would have guarded) is stored and shown as
 * typed, and stays so through a later edit or status change.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testProxy } from '../../../test/helpers/proxy';
import type { TestProxy } from '../../../test/helpers/proxy';
import { addAccounts, signedIn } from '../../../test/helpers/console';

let p: TestProxy;

beforeEach(async () => {
  p = await testProxy();
  await addAccounts(p);
});
afterEach(async () => {
  await p.close();
});

const EMAIL = 'pat.oneil@lwdb.example.org';
const NAME = `Pat "PJ" O'Neil, Jr`;
const WORKSITE = `'+1 Annex, "North" wing`;

async function addPat(s: Awaited<ReturnType<typeof signedIn>>) {
  const res = await s.post('/console/registry/users', {
    email: EMAIL,
    full_name: NAME,
    organization: 'Example County LWDB',
    worksite: WORKSITE,
    training_completed_on: '2026-11-01',
    training_score: '100',
    attestation_signed_on: '2026-11-01',
  });
  expect(res.status, await res.clone().text()).toBe(303);
}

describe('the registry forms', () => {
  it('save a user exactly as typed: commas, quotes and a leading apostrophe kept', async () => {
    const s = await signedIn(p, 'custodian');
    await addPat(s);
    expect(await p.opened.store.getUser(EMAIL)).toMatchObject({ fullName: NAME, worksite: WORKSITE, status: 'active' });
    const page = await (await s.get(`/console/registry/users/${encodeURIComponent(EMAIL)}`)).text();
    expect(page).toContain('<dd class="">&#39;+1 Annex, &quot;North&quot; wing</dd>');
    expect(page).toContain('value="&#39;+1 Annex, &quot;North&quot; wing"');
  });

  it('keep such a value through an edit that leaves it blank and through a status change', async () => {
    const s = await signedIn(p, 'custodian');
    await addPat(s);
    const edit = await s.post('/console/registry/users', { email: EMAIL, supervisor_email: 'morgan.supervisor@jobs.example.gov' });
    expect(edit.status).toBe(303);
    const suspend = await s.post(`/console/registry/users/${encodeURIComponent(EMAIL)}/status`, { status: 'suspended', confirm: 'yes', reason: 'On leave until the new year.' });
    expect(suspend.status).toBe(303);
    expect(await p.opened.store.getUser(EMAIL)).toMatchObject({
      fullName: NAME,
      worksite: WORKSITE,
      supervisorEmail: 'morgan.supervisor@jobs.example.gov',
      status: 'suspended',
    });
  });

  it('save an organization exactly as typed', async () => {
    const s = await signedIn(p, 'custodian');
    const name = `'@Work Partners, "Eastside"`;
    const res = await s.post('/console/registry/organizations', {
      name,
      type: 'contractor',
      agreement_effective_on: '2026-11-01',
      agreement_expires_on: '2027-10-31',
    });
    expect(res.status, await res.clone().text()).toBe(303);
    expect(await p.opened.store.getOrganization(name)).toMatchObject({ name, type: 'contractor', agreementExpiresOn: '2027-10-31' });
  });
});
