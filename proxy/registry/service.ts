/**
 * Registry operations shared by the CLI, the API and the console: imports, the console's one-record
 * saves, export, and the recipient check. Time comes from the injected clock, in the agency's time zone.
 */
import type { Category } from '../../shared/policy';
import { CATEGORIES } from '../../shared/policy';
import type { Store, RegistryChanges } from '../store/types';
import { normalizeAddress } from './address';
import { authorize, authorizeOrganization } from './authorize';
import type { Authorization } from './authorize';
import { csvLine } from './csv';
import { localDate } from './dates';
import { diff, orgFromForm, parseOrgsCsv, parseUsersCsv, userFromForm, USER_EXPORT_COLUMNS, userToCsvRow } from './import';
import type { OrgColumn, UserColumn, UserImportContext } from './import';
import type { Organization, OrgFields, Reason, RegistryUser, UserFields } from './model';

import type { Channel } from '../../shared/schemas';
export type { Channel };

export interface RecipientDecision {
  address: string;
  /** The address as the registry keys it (lower-case email, E.164 fax), or null if unreadable. */
  normalized: string | null;
  authorized: boolean;
  reasons: Reason[];
  /** Who the address belongs to, when it is in the registry. */
  name?: string;
  organization?: string;
}

export interface ImportSummary {
  added: number;
  updated: number;
  unchanged: number;
}

/** How an import's CSV is checked: here by default; the proxy passes one that uses its job workers. */
export interface ImportParser {
  users(csv: string, ctx: UserImportContext): Promise<UserFields[]>;
  orgs(csv: string): Promise<OrgFields[]>;
}

const IN_PROCESS: ImportParser = {
  users: async (csv, ctx) => parseUsersCsv(csv, ctx),
  orgs: async (csv) => parseOrgsCsv(csv),
};

/**
 * Rows written per transaction. An import is checked whole before anything is written; it is then
 * written a batch at a time, so that recipient checks go between batches instead of waiting seconds
 * behind one transaction of thousands of rows. Each row's chain entry is written with it; a file
 * imported again after a crash mid-way writes only what is still missing (unchanged rows are skipped).
 */
export const IMPORT_BATCH = 200;

export class Registry {
  constructor(
    private readonly store: Store,
    private readonly clock: { now(): Date },
    private readonly timeZone: string,
    private readonly parse: ImportParser = IN_PROCESS,
  ) {}

  private async applyInBatches(changes: RegistryChanges, actor: string, reason?: string): Promise<void> {
    const at = this.clock.now().toISOString();
    const batches: RegistryChanges[] = [];
    for (let i = 0; i < changes.orgs.length; i += IMPORT_BATCH) batches.push({ orgs: changes.orgs.slice(i, i + IMPORT_BATCH), users: [] });
    for (let i = 0; i < changes.users.length; i += IMPORT_BATCH) batches.push({ orgs: [], users: changes.users.slice(i, i + IMPORT_BATCH) });
    for (const [i, batch] of batches.entries()) {
      if (i > 0) await new Promise((r) => setImmediate(r));
      await this.store.applyRegistryChanges(batch, actor, at, reason);
    }
  }

  today(): string {
    return localDate(this.clock.now(), this.timeZone);
  }

  async importOrganizations(csv: string, actor: string): Promise<ImportSummary> {
    return this.writeOrganizations(await this.parse.orgs(csv), actor);
  }

  /** One organization from the console's form, by column, checked as a file's row is. */
  async saveOrganization(values: Partial<Record<OrgColumn, string>>, actor: string): Promise<ImportSummary> {
    return this.writeOrganizations([orgFromForm(values)], actor);
  }

  private async writeOrganizations(rows: OrgFields[], actor: string): Promise<ImportSummary> {
    const changes: RegistryChanges = { orgs: [], users: [] };
    let unchanged = 0;
    for (const fields of rows) {
      const before = await this.store.getOrganization(fields.name);
      const { updatedAt: _u, lastChangedBy: _l, ...beforeFields } = before ?? ({} as never);
      const changed = diff(before ? beforeFields : undefined, fields);
      if (before && Object.keys(changed).length === 0) unchanged++;
      else changes.orgs.push({ fields, action: before ? 'update' : 'add', changed });
    }
    await this.applyInBatches(changes, actor);
    return summarize(changes.orgs, unchanged);
  }

  /** What a users file is checked against: the organizations, and who holds each address now. */
  private async userContext(): Promise<{ ctx: UserImportContext; existing: Map<string, RegistryUser> }> {
    const organizations = new Map((await this.store.listOrganizations()).map((o) => [o.name, o]));
    const users = await this.store.listUsers();
    const addressOwners = new Map<string, string>();
    for (const u of users) for (const a of [u.email, ...u.aliases, ...u.fax]) addressOwners.set(a, u.email);
    return { ctx: { organizations, addressOwners }, existing: new Map(users.map((u) => [u.email, u])) };
  }

  /** Validates a users CSV and works out every change, writing nothing (the console's preview). */
  async planUsers(csv: string): Promise<RegistryChanges & { unchanged: number }> {
    const { ctx, existing } = await this.userContext();
    return plan(await this.parse.users(csv, ctx), existing);
  }

  /** `reason`: why (a console status change says it), kept in each change's chain entry. */
  async importUsers(csv: string, actor: string, reason?: string): Promise<ImportSummary> {
    return this.writeUsers(await this.planUsers(csv), actor, reason);
  }

  /** One user from the console's form, by column, checked as a file's row is; `reason` as for importUsers. */
  async saveUser(values: Partial<Record<UserColumn, string>>, actor: string, reason?: string): Promise<ImportSummary> {
    const { ctx, existing } = await this.userContext();
    return this.writeUsers(plan([userFromForm(values, ctx)], existing), actor, reason);
  }

  private async writeUsers(changes: RegistryChanges & { unchanged: number }, actor: string, reason?: string): Promise<ImportSummary> {
    await this.applyInBatches({ orgs: changes.orgs, users: changes.users }, actor, reason);
    return summarize(changes.users, changes.unchanged);
  }

  async exportUsersCsv(): Promise<string> {
    let out = csvLine(USER_EXPORT_COLUMNS);
    for (const u of await this.store.listUsers()) out += csvLine(userToCsvRow(u));
    return out;
  }

  async exportOrganizationsCsv(): Promise<string> {
    let out = csvLine(['name', 'type', 'agreement_effective_on', 'agreement_expires_on', 'categories']);
    for (const o of await this.store.listOrganizations()) {
      out += csvLine([o.name, o.type, o.agreementEffectiveOn ?? '', o.agreementExpiresOn ?? '', o.categories.join(';')]);
    }
    return out;
  }

  /** Decides every recipient now; separation or suspension shows on the very next check. */
  /**
   * `optedOut`: the message carries an identifier of a job seeker who opted out of data sharing
   * (WorkSource 1021); then only the state agency's own people may receive it.
   */
  async check(
    recipients: readonly string[],
    channel: Channel,
    categories: readonly Category[],
    { optedOut = false }: { optedOut?: boolean } = {},
  ): Promise<RecipientDecision[]> {
    const today = this.today();
    const wanted = CATEGORIES.filter((c) => categories.includes(c));
    const out: RecipientDecision[] = [];
    const normalized = recipients.map((a) => normalizeAddress(a, channel));
    // One query for every address of the check, not one each.
    if (channel === 'form') {
      const orgs = await this.store.getOrganizations(normalized.filter((n): n is string => n !== null));
      recipients.forEach((address, i) => {
        const org = normalized[i] ? orgs.get(normalized[i]!) : undefined;
        const a = withOptOut(authorizeOrganization(org, wanted, today), optedOut, org);
        out.push({ address, normalized: normalized[i] ?? null, ...a, ...(org ? { organization: org.name } : {}) });
      });
      return out;
    }
    return this.people(recipients, normalized, wanted, today, () => optedOut);
  }

  /**
   * A send's recipients and its sender, decided together: on email, one query finds them all. The
   * sender is the person sending (opting out concerns the people a message is about, not them).
   */
  async checkSend(
    recipients: readonly string[],
    channel: Channel,
    categories: readonly Category[],
    sender: string,
    { optedOut = false }: { optedOut?: boolean } = {},
  ): Promise<{ decisions: RecipientDecision[]; sender: RecipientDecision }> {
    if (channel !== 'email') {
      const decisions = await this.check(recipients, channel, categories, { optedOut });
      const [self] = await this.check([sender], 'email', categories);
      return { decisions, sender: self! };
    }
    const all = [...recipients, sender];
    const wanted = CATEGORIES.filter((c) => categories.includes(c));
    const decided = await this.people(all, all.map((a) => normalizeAddress(a, 'email')), wanted, this.today(), (i) => optedOut && i < recipients.length);
    return { decisions: decided.slice(0, recipients.length), sender: decided[recipients.length]! };
  }

  private async people(
    addresses: readonly string[],
    normalized: ReadonlyArray<string | null>,
    wanted: Category[],
    today: string,
    optedOut: (i: number) => boolean,
  ): Promise<RecipientDecision[]> {
    const found = await this.store.findRecipients(normalized.filter((n): n is string => n !== null));
    return addresses.map((address, i) => {
      const hit = normalized[i] ? found.get(normalized[i]!) : undefined;
      const user = hit?.user;
      const org = hit?.organization;
      const a = withOptOut(authorize(user, org, wanted, today), optedOut(i), org);
      return { address, normalized: normalized[i] ?? null, ...a, ...(user ? { name: user.fullName, organization: user.organization } : {}) };
    });
  }
}

function withOptOut(a: Authorization, optedOut: boolean, org: Organization | undefined): Authorization {
  if (!optedOut || org?.type === 'state_agency') return a;
  return { authorized: false, reasons: [...a.reasons, 'subject_opted_out'] };
}

/** Each user's change against what is stored; an identical row is counted, not written. */
function plan(rows: UserFields[], existing: ReadonlyMap<string, RegistryUser>): RegistryChanges & { unchanged: number } {
  const changes: RegistryChanges & { unchanged: number } = { orgs: [], users: [], unchanged: 0 };
  for (const fields of rows) {
    const before = existing.get(fields.email);
    const { updatedAt: _u, lastChangedBy: _l, ...beforeFields } = before ?? ({} as never);
    const changed = diff(before ? beforeFields : undefined, fields);
    if (before && Object.keys(changed).length === 0) changes.unchanged++;
    else changes.users.push({ fields, action: before ? 'update' : 'add', changed });
  }
  return changes;
}

function summarize(changes: Array<{ action: 'add' | 'update' }>, unchanged: number): ImportSummary {
  return {
    added: changes.filter((c) => c.action === 'add').length,
    updated: changes.filter((c) => c.action === 'update').length,
    unchanged,
  };
}
