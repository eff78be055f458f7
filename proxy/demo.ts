/**
 * The demo registry for `npm start`: obviously fake people and organisations, dated relative to
 * today so the demo never goes stale, with one user for every reason a recipient can fail.
 */
import { addDays } from './registry/dates';
import type { Opened } from './open';
import { createDeviceToken } from './devices';

export const DEMO_DEVICE = 'demo';
/** The demo device token belongs to this staff member (in the demo registry). */
export const DEMO_STAFF = 'casey.staff@jobs.example.gov';

export interface DemoUser {
  email: string;
  expect: string;
}

export function demoOrganizationsCsv(today: string): string {
  const d = (n: number) => addDays(today, n);
  return [
    'name,type,agreement_effective_on,agreement_expires_on,categories',
    'Example State Workforce Agency,state_agency,,,personal;wage;ui;employer',
    `Example County LWDB,lwdb,${d(-200)},${d(165)},personal;wage;ui;employer`,
    `Sample Training Partner (agreement expired),partner,${d(-400)},${d(-30)},personal;wage`,
    `Future Youth Provider (agreement not started),contractor,${d(30)},${d(395)},personal`,
    `Demo Employer Services Contractor,contractor,${d(-100)},${d(265)},employer`,
  ].join('\n');
}

export function demoUsersCsv(today: string): string {
  const d = (n: number) => addDays(today, n);
  const ok = `${d(-30)},100,${d(-30)}`;
  const rows: string[] = [
    'email,full_name,organization,worksite,fax,categories,training_completed_on,training_score,attestation_signed_on,status,separated_on,supervisor_email,aliases',
    `morgan.supervisor@jobs.example.gov,Morgan S Supervisor,Example State Workforce Agency,Springfield Job Center,(573) 555-0101,personal;wage;ui;employer,${ok},active,,,`,
    `casey.staff@jobs.example.gov,Casey T Staff,Example State Workforce Agency,Springfield Job Center,,personal;wage;ui;employer,${ok},active,,morgan.supervisor@jobs.example.gov,`,
    `avery.partner@lwdb.example.org,Avery Q Partner,Example County LWDB,Riverton Career Center,(573) 555-0100,personal;wage;ui;employer,${ok},active,,morgan.supervisor@jobs.example.gov,avery@lwdb.example.org`,
    `sam.separated@lwdb.example.org,Sam R Separated,Example County LWDB,Riverton Career Center,,personal;wage;ui,${ok},separated,${d(-3)},,`,
    `sue.suspended@lwdb.example.org,Sue P Suspended,Example County LWDB,Riverton Career Center,,personal;wage;ui,${ok},suspended,,,`,
    `ari.attestation-expired@lwdb.example.org,Ari A Lapsed,Example County LWDB,Fairview Office,,personal;wage;ui,${d(-30)},100,${d(-400)},active,,,`,
    `ana.no-attestation@lwdb.example.org,Ana N Unsigned,Example County LWDB,Fairview Office,,personal;wage;ui,${d(-30)},100,,active,,,`,
    `tom.training-incomplete@lwdb.example.org,Tom I Partial,Example County LWDB,Fairview Office,,personal;wage;ui,${d(-30)},90,${d(-30)},active,,,`,
    `tess.training-expired@lwdb.example.org,Tess E Overdue,Example County LWDB,Fairview Office,,personal;wage;ui,${d(-400)},100,${d(-30)},active,,,`,
    `pat.expired-agreement@partner.example.org,Pat X Partner,Sample Training Partner (agreement expired),Greenville Campus,,personal;wage,${ok},active,,,`,
    `fran.future@youth.example.org,Fran F Future,Future Youth Provider (agreement not started),Centerville Site,,personal,${ok},active,,,`,
    `eli.employer-only@contractor.example.com,Eli E Employer,Demo Employer Services Contractor,Remote,(573) 555-0199,employer,${ok},active,,,`,
  ];
  return rows.join('\n');
}

/** One address per outcome, for the README and the start banner. */
export const DEMO_RECIPIENTS: DemoUser[] = [
  { email: 'avery.partner@lwdb.example.org', expect: 'authorized' },
  { email: 'nobody@unknown.example.net', expect: 'not_in_registry' },
  { email: 'sam.separated@lwdb.example.org', expect: 'separated' },
  { email: 'sue.suspended@lwdb.example.org', expect: 'suspended' },
  { email: 'ari.attestation-expired@lwdb.example.org', expect: 'attestation_expired' },
  { email: 'ana.no-attestation@lwdb.example.org', expect: 'attestation_missing' },
  { email: 'tom.training-incomplete@lwdb.example.org', expect: 'training_incomplete' },
  { email: 'tess.training-expired@lwdb.example.org', expect: 'training_expired' },
  { email: 'pat.expired-agreement@partner.example.org', expect: 'agreement_expired' },
  { email: 'fran.future@youth.example.org', expect: 'agreement_not_started' },
  { email: 'eli.employer-only@contractor.example.com', expect: 'category_not_permitted:personal' },
];

/**
 * Seeds the demo registry into an empty store, replaces earlier demo device tokens with a fresh one
 * and returns it (tokens are shown once; only their hash is kept).
 */
export async function seedDemo(o: Opened): Promise<{ token: string; seeded: boolean }> {
  const today = o.registry.today();
  const seeded = (await o.store.listUsers()).length === 0;
  if (seeded) {
    await o.registry.importOrganizations(demoOrganizationsCsv(today), 'demo-seed');
    await o.registry.importUsers(demoUsersCsv(today), 'demo-seed');
  }
  const at = o.clock.now().toISOString();
  await o.store.revokeDevices({ name: DEMO_DEVICE }, at);
  const token = await createDeviceToken(o.store, DEMO_DEVICE, at, DEMO_STAFF);
  return { token, seeded };
}
