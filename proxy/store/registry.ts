/** The Authorized User Registry's tables: organizations, users and every address a user is reached at. */
import type { Organization, RegistryUser } from '../registry/model';
import type { StoreContext } from './chain';
import { toOrg, toUser, type OrgRow, type UserRow } from './rows';
import type { RegistryChanges } from './types';

const UPSERT_ORG = `INSERT INTO organizations (name, type, agreement_effective_on, agreement_expires_on, categories, updated_at, last_changed_by)
  VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT(name) DO UPDATE SET type = excluded.type, agreement_effective_on = excluded.agreement_effective_on,
    agreement_expires_on = excluded.agreement_expires_on, categories = excluded.categories,
    updated_at = excluded.updated_at, last_changed_by = excluded.last_changed_by`;

const UPSERT_USER = `INSERT INTO users (email, full_name, organization, worksite, categories, training_completed_on, training_score,
    attestation_signed_on, status, separated_on, supervisor_email, aliases, fax, updated_at, last_changed_by)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT(email) DO UPDATE SET full_name = excluded.full_name, organization = excluded.organization,
    worksite = excluded.worksite, categories = excluded.categories,
    training_completed_on = excluded.training_completed_on, training_score = excluded.training_score,
    attestation_signed_on = excluded.attestation_signed_on, status = excluded.status,
    separated_on = excluded.separated_on, supervisor_email = excluded.supervisor_email,
    aliases = excluded.aliases, fax = excluded.fax, updated_at = excluded.updated_at,
    last_changed_by = excluded.last_changed_by`;

export async function listOrganizations(c: StoreContext): Promise<Organization[]> {
  return (await c.db.all<OrgRow>('SELECT * FROM organizations ORDER BY name')).map(toOrg);
}

export async function getOrganization(c: StoreContext, name: string): Promise<Organization | undefined> {
  const r = await c.db.get<OrgRow>('SELECT * FROM organizations WHERE name = ?', [name]);
  return r ? toOrg(r) : undefined;
}

export async function listUsers(c: StoreContext): Promise<RegistryUser[]> {
  return (await c.db.all<UserRow>('SELECT * FROM users ORDER BY email')).map(toUser);
}

export async function getUser(c: StoreContext, email: string): Promise<RegistryUser | undefined> {
  const r = await c.db.get<UserRow>('SELECT * FROM users WHERE email = ?', [email]);
  return r ? toUser(r) : undefined;
}

export type RecipientRow = UserRow & { [K in keyof OrgRow as `org_${K & string}`]: OrgRow[K] | null };

export type Recipient = { user: RegistryUser; organization: Organization | undefined };

export const RECIPIENT_COLUMNS = `a.address AS found_address, u.*, o.name AS org_name, o.type AS org_type,
  o.agreement_effective_on AS org_agreement_effective_on, o.agreement_expires_on AS org_agreement_expires_on,
  o.categories AS org_categories, o.updated_at AS org_updated_at, o.last_changed_by AS org_last_changed_by
  FROM user_addresses a JOIN users u ON u.email = a.email LEFT JOIN organizations o ON o.name = u.organization`;

/**
 * Every address's person and organization in one query (a recipient check names several, and the
 * sender): on PostgreSQL a round trip each was most of a check's time.
 */
export async function findRecipients(c: StoreContext, addresses: readonly string[]): Promise<Map<string, Recipient>> {
  const unique = [...new Set(addresses)];
  const out = new Map<string, Recipient>();
  if (unique.length === 0) return out;
  const rows = await c.db.all<RecipientRow & { found_address: string }>(`SELECT ${RECIPIENT_COLUMNS} WHERE a.address IN (${unique.map(() => '?').join(', ')})`, unique);
  for (const r of rows) out.set(r.found_address, recipientOf(r));
  return out;
}

/** Organizations by name, in one query. */
export async function getOrganizations(c: StoreContext, names: readonly string[]): Promise<Map<string, Organization>> {
  const unique = [...new Set(names)];
  const out = new Map<string, Organization>();
  if (unique.length === 0) return out;
  for (const r of await c.db.all<OrgRow>(`SELECT * FROM organizations WHERE name IN (${unique.map(() => '?').join(', ')})`, unique)) out.set(r.name, toOrg(r));
  return out;
}

export function recipientOf(r: RecipientRow): Recipient {
  const organization =
    r.org_name === null
      ? undefined
      : toOrg({
          name: r.org_name,
          type: r.org_type!,
          agreement_effective_on: r.org_agreement_effective_on,
          agreement_expires_on: r.org_agreement_expires_on,
          categories: r.org_categories!,
          updated_at: r.org_updated_at!,
          last_changed_by: r.org_last_changed_by,
        });
  return { user: toUser(r), organization };
}

export async function applyRegistryChanges(c: StoreContext, changes: RegistryChanges, actor: string, at: string, reason?: string): Promise<void> {
  const why = reason === undefined ? {} : { reason };
  await c.transact(async (q, chain) => {
    for (const o of changes.orgs) {
      const f = o.fields;
      await q.run(UPSERT_ORG, [f.name, f.type, f.agreementEffectiveOn, f.agreementExpiresOn, f.categories.join(';'), at, actor]);
      await chain.append('registry.organization', at, { action: o.action, name: f.name, changed: o.changed, by: actor, ...why });
    }
    for (const u of changes.users) {
      const f = u.fields;
      await q.run(UPSERT_USER, [
        f.email,
        f.fullName,
        f.organization,
        f.worksite,
        f.categories.join(';'),
        f.trainingCompletedOn,
        f.trainingScore,
        f.attestationSignedOn,
        f.status,
        f.separatedOn,
        f.supervisorEmail,
        JSON.stringify(f.aliases),
        JSON.stringify(f.fax),
        at,
        actor,
      ]);
      await q.run('DELETE FROM user_addresses WHERE email = ?', [f.email]);
      for (const a of new Set([f.email, ...f.aliases, ...f.fax])) await q.run('INSERT INTO user_addresses (address, email) VALUES (?, ?)', [a, f.email]);
      await chain.append('registry.user', at, { action: u.action, email: f.email, changed: u.changed, by: actor, ...why });
    }
  });
}

/** Job seekers who opted out of data sharing: keyed fingerprints only. */
export async function addOptOuts(c: StoreContext, fingerprints: readonly string[], by: string, at: string): Promise<{ added: number; already: number }> {
  return c.transact(async (q, chain) => {
    const unique = new Set(fingerprints);
    let added = 0;
    for (const fp of unique) added += await q.run('INSERT INTO opted_out (fingerprint, added_at, added_by) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [fp, at, by]);
    const already = unique.size - added;
    // The chain records how many, never which: a fingerprint list would tell who opted out.
    await chain.append('registry.opt_out_import', at, { by, added, already });
    return { added, already };
  });
}

export async function optedOut(c: StoreContext, fingerprints: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const fp of fingerprints) if (await c.db.get('SELECT fingerprint FROM opted_out WHERE fingerprint = ?', [fp])) out.add(fp);
  return out;
}
