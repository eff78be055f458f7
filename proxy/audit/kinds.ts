/**
 * Every kind of entry the disclosure log holds, in one place: its name in the chain, what it is in
 * words (the console and exports say this), and how its body is read. Writers name a kind from this
 * list (AuditLog.append and record take nothing else), and readers take an entry's data through
 * `entryData`, never by parsing a body themselves.
 */
export const ENTRY_KINDS = {
  'log.created': 'the log began',
  'log.key_rotated': 'signing key handed over',
  'log.checkpoint': 'a signed checkpoint',
  disclosure: 'a send attempt',
  'disclosure.refused': 'a send report refused against its recipient check',
  'recipients.checked': 'recipient checks',
  'client.policy_error': 'a browser reported site rules it could not use',
  'registry.user': 'a registry change (user)',
  'registry.organization': 'a registry change (organization)',
  'registry.opt_out_import': 'opted-out job seekers imported',
  'review.requested': 'a review was requested',
  'review.decided': 'a review was decided',
  'review.release_redeemed': 'an approved send went out',
  'incident.opened': 'a breach incident was opened',
  'incident.reported': 'a breach incident was reported',
  'incident.closed': 'a breach incident was closed',
  'device.added': 'a device token was created',
  'device.revoked': 'device tokens were revoked',
  'console.signin': 'a console sign-in',
  'console.signin_failed': 'a console sign-in refused',
  'console.signout': 'a console sign-out',
  'console.account_added': 'a console account was added',
  'console.account_disabled': 'a console account was disabled',
  'console.account_role': 'a console account\'s role was changed',
  'console.device_token_issued': 'a device token was issued from the console',
  'console.export': 'the log was exported',
  'console.fingerprint_lookup': 'an identifier was looked up by fingerprint',
  'console.verify': 'the log was verified from the console',
} as const satisfies Record<string, string>;

export type EntryKind = keyof typeof ENTRY_KINDS;

export function isEntryKind(kind: string): kind is EntryKind {
  return Object.hasOwn(ENTRY_KINDS, kind);
}

/** What an entry is, in words (a kind this version does not know is shown by its name). */
export function kindLabel(kind: string): string {
  return isEntryKind(kind) ? ENTRY_KINDS[kind] : kind;
}

/** An entry's data: the `data` of its body, or an empty object when the body holds none or is not JSON. */
export function entryData(e: { body: string }): Record<string, unknown> {
  try {
    const body = JSON.parse(e.body) as { data?: unknown } | null;
    const data = body?.data;
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
