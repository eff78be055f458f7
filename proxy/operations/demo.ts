/**
 * The demo registry for `npm start`: obviously fake people and organisations, dated relative to
 * today so the demo never goes stale, with one user for every reason a recipient can fail.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addBusinessDays, addDays, localDate, zonedInstant } from '../registry/dates';
import type { Opened } from './open';
import { createDeviceToken, hashToken } from '../deployment/devices';
import { categoriesOf } from '../../shared/policy';
import type { FindingType } from '../../shared/detect/types';
import type { Channel, Decision } from '../../shared/schemas';

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

/** Where the demo device token is kept between runs of `npm start` (in the secrets directory, 0600). */
export const DEMO_TOKEN_FILE = 'demo-device-token';

/**
 * Seeds the demo registry into an empty store and returns the demo device token: the one kept from
 * an earlier run while it is still valid (so an extension set up with it keeps working across
 * restarts), else a new one, which replaces earlier demo tokens.
 */
export async function seedDemo(o: Opened, secretsDir: string): Promise<{ token: string; seeded: boolean }> {
  const today = o.registry.today();
  const seeded = (await o.store.listUsers()).length === 0;
  if (seeded) {
    await o.registry.importOrganizations(demoOrganizationsCsv(today), 'demo-seed');
    await o.registry.importUsers(demoUsersCsv(today), 'demo-seed');
  }
  const file = join(secretsDir, DEMO_TOKEN_FILE);
  const kept = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (kept && (await o.store.findDeviceByTokenHash(hashToken(kept)))?.name === DEMO_DEVICE) return { token: kept, seeded };
  const at = o.clock.now().toISOString();
  await o.store.revokeDevices({ name: DEMO_DEVICE }, at);
  const token = await createDeviceToken(o.store, DEMO_DEVICE, at, DEMO_STAFF);
  mkdirSync(secretsDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, token + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return { token, seeded };
}

/** The app's request method: the demo week goes through the same routes the extension uses. */
type Requester = { request(path: string, init: RequestInit): Response | Promise<Response> };

/** Fake identifiers (never stored: the proxy keeps their fingerprints and masked samples only). */
const DEMO_SSNS = ['123-45-6789', '234-56-7891', '345-67-8912', '456-78-9123', '212-09-4471', '318-62-5590'];
const DEMO_FEIN = '12-3456789';

interface DemoSend {
  day: number;
  hour: number;
  site: string;
  channel: Channel;
  to: string[];
  types: Record<string, number>;
  decision: Decision;
  reasons?: string[];
  review?: { status: 'pending' | 'approved' | 'denied' | 'breach'; justification: string; reason?: string };
}

/** A week at a job center: mostly masked sends to partners, some blocked, a few reviews, one breach. */
function demoWeek(): DemoSend[] {
  const partner = ['avery.partner@lwdb.example.org'];
  const fax = ['+15735550100'];
  const sends: DemoSend[] = [];
  for (let day = 6; day >= 0; day--) {
    sends.push({ day, hour: 9, site: 'mail.google.com', channel: 'email', to: partner, types: { ssn: 1 }, decision: 'masked' });
    sends.push({ day, hour: 10, site: 'outlook.office.com', channel: 'email', to: partner, types: { ssn: 2, wage: 1 }, decision: 'masked' });
    if (day % 2 === 0) sends.push({ day, hour: 11, site: 'fax.jobs.example.gov', channel: 'fax', to: fax, types: { ssn: 1, dob: 1 }, decision: 'masked' });
    if (day % 3 === 0) sends.push({ day, hour: 13, site: 'mail.google.com', channel: 'email', to: partner, types: { wage: 3 }, decision: 'allowed' });
    if (day % 2 === 1) sends.push({ day, hour: 14, site: 'mail.google.com', channel: 'email', to: ['sam.separated@lwdb.example.org'], types: { ssn: 1 }, decision: 'blocked', reasons: ['separated'] });
    if (day === 5 || day === 2) sends.push({ day, hour: 15, site: 'outlook.office.com', channel: 'email', to: ['tess.training-expired@lwdb.example.org'], types: { ui_benefit: 1, ssn: 1 }, decision: 'blocked', reasons: ['training_expired'] });
    if (day === 4) sends.push({ day, hour: 16, site: 'portal.partner.example.org', channel: 'form', to: ['Example County LWDB'], types: { fein: 1 }, decision: 'warned' });
  }
  sends.push({ day: 5, hour: 16, site: 'mail.google.com', channel: 'email', to: ['nobody@unknown.example.net'], types: { ssn: 1, bank_account: 1 }, decision: 'blocked', reasons: ['not_in_registry'] });
  sends.push({
    day: 4, hour: 11, site: 'outlook.office.com', channel: 'email', to: ['ari.attestation-expired@lwdb.example.org'], types: { ssn: 1 }, decision: 'review_requested', reasons: ['attestation_expired'],
    review: { status: 'approved', justification: 'Ari re-signed the attestation this morning; the renewal is on file at the Fairview office.', reason: 'Attestation renewal confirmed by phone with the Fairview office.' },
  });
  sends.push({
    day: 3, hour: 10, site: 'mail.google.com', channel: 'email', to: ['pat.expired-agreement@partner.example.org'], types: { ssn: 1, wage: 1 }, decision: 'review_requested', reasons: ['agreement_expired'],
    review: { status: 'denied', justification: 'The training partner needs the wage history to enrol the claimant this week.', reason: 'The data-sharing agreement has lapsed; send nothing until it is renewed.' },
  });
  sends.push({
    day: 1, hour: 15, site: 'mail.google.com', channel: 'email', to: ['avery.partner@lwdb.example.org', 'avery.home@gmail.example.com'], types: { ssn: 1 }, decision: 'leaked',
    review: { status: 'breach', justification: 'I copied a personal address by mistake; asking for this to be reviewed.', reason: 'A full SSN went to a personal mailbox outside the registry.' },
  });
  sends.push({
    day: 0, hour: 10, site: 'outlook.office.com', channel: 'email', to: ['tess.training-expired@lwdb.example.org'], types: { ui_benefit: 1, ssn: 1 }, decision: 'review_requested', reasons: ['training_expired'],
    review: { status: 'pending', justification: 'Tess completes the refresher training today; the claimant appointment is tomorrow.' },
  });
  return sends;
}

/** `hour`:00 agency time, `daysAgo` days before today (a time still to come today: a minute ago). */
function agencyTime(now: Date, timeZone: string, daysAgo: number, hour: number): string {
  const at = zonedInstant(addDays(localDate(now, timeZone), -daysAgo), hour, timeZone);
  return Date.parse(at) > now.getTime() ? new Date(now.getTime() - (hour + 1) * 60_000).toISOString() : at;
}

/**
 * A realistic week of events, reviews and a breach with its incident, through the real API with the
 * demo token, so that every console page has something to show on a first look. Only into a log
 * that holds no disclosure yet.
 */
export async function seedDemoWeek(o: Opened, app: Requester, token: string, timeZone: string): Promise<{ events: number; reviews: number } | undefined> {
  if ((await o.store.searchDisclosures({ limit: 1 })).length > 0) return undefined;
  const now = o.clock.now();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const post = async (path: string, body: unknown) => {
    const res = await app.request(path, { method: 'POST', headers, body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`demo seed: ${path} answered ${res.status}: ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  let events = 0;
  let reviews = 0;
  let n = 0;
  for (const send of demoWeek()) {
    n++;
    const occurredAt = agencyTime(now, timeZone, send.day, send.hour);
    const ssns = Array.from({ length: send.types.ssn ?? 0 }, (_, i) => DEMO_SSNS[(n + i) % DEMO_SSNS.length]!);
    const identifiers = [...ssns.map((value) => ({ type: 'ssn', value })), ...(send.types.fein ? [{ type: 'fein', value: DEMO_FEIN }] : [])];
    // As the extension does: a recipient check with the identifiers, then the event naming it. A form
    // in warn mode checks no one and is logged as client-reported.
    const checked = send.channel !== 'form';
    const check = checked
      ? await post('/api/v1/recipients/check', { sender: DEMO_STAFF, channel: send.channel, categories: categoriesOf(Object.keys(send.types) as FindingType[]), recipients: send.to.map((address) => ({ address })), identifiers })
      : undefined;
    const id = `evt-demo-${String(n).padStart(3, '0')}`;
    await post('/api/v1/disclosures', {
      id,
      occurredAt,
      sender: DEMO_STAFF,
      site: send.site,
      channel: send.channel,
      ...(check ? { check: check.checkId } : { unchecked: 'not_enforced' }),
      recipients: send.to.map((address) => ({ address })),
      types: send.types,
      maskedSamples: send.decision === 'masked' && check ? ssns.map((v) => `***-*${v.slice(-6)}`) : [],
      decision: send.decision,
      reasons: send.reasons ?? [],
      statementAdded: send.decision === 'masked' || send.decision === 'allowed',
    });
    events++;
    if (!send.review) continue;
    const r = await post('/api/v1/reviews', { eventId: id, sender: DEMO_STAFF, justification: send.review.justification, recipients: send.to });
    reviews++;
    if (send.review.status === 'pending') continue;
    const at = new Date(Date.parse(occurredAt) + 25 * 60_000);
    await o.store.decideReview(String(r.reviewId), {
      status: send.review.status,
      by: 'morgan.supervisor@jobs.example.gov',
      reason: send.review.reason!,
      at: at.toISOString(),
      releaseExpiresAt: send.review.status === 'approved' ? new Date(at.getTime() + 30 * 60_000).toISOString() : null,
      ...(send.review.status === 'breach' ? { incident: { id: `inc-demo-${n}`, reportDueOn: addBusinessDays(localDate(at, timeZone), 2) } } : {}),
    });
  }
  await o.log.drain();
  return { events, reviews };
}
