/**
 * A message's envelope recipients decided against the registry, as the browser's recipient check
 * decides them: an address at an email-to-fax domain (`5735550100@fax.example.com`) is a fax
 * recipient, its number normalised as the registry keys fax numbers; every other address is an
 * email recipient. The sender is decided with them.
 */
import type { Category } from '../../shared/policy';
import { normalizeFax } from '../registry/address';
import type { RecipientDecision, Registry } from '../registry/service';

export interface Decided extends RecipientDecision {
  channel: 'email' | 'fax';
}

/** `NUMBER@DOMAIN` at one of the fax domains: the number as the registry reads it, else undefined. */
export function faxNumberOf(address: string, faxDomains: readonly string[]): string | undefined {
  const at = address.lastIndexOf('@');
  if (at < 0 || !faxDomains.includes(address.slice(at + 1).toLowerCase())) return undefined;
  return address.slice(0, at);
}

export function parseFaxDomains(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
}

export async function decide(
  registry: Registry,
  recipients: readonly string[],
  sender: string,
  categories: readonly Category[],
  { faxDomains = [], optedOut = false }: { faxDomains?: readonly string[]; optedOut?: boolean } = {},
): Promise<{ sender: RecipientDecision; recipients: Decided[] }> {
  const fax = recipients.map((r) => faxNumberOf(r, faxDomains));
  const emails = recipients.filter((_, i) => fax[i] === undefined);
  const numbers = recipients.flatMap((r, i) => (fax[i] === undefined ? [] : [{ address: r, number: fax[i]! }]));
  const bySend = await registry.checkSend(emails, 'email', categories, sender, { optedOut });
  const byFax = numbers.length ? await registry.check(numbers.map((n) => n.number), 'fax', categories, { optedOut }) : [];
  let e = 0;
  let f = 0;
  const decided = recipients.map((address, i): Decided => {
    if (fax[i] === undefined) return { ...bySend.decisions[e++]!, channel: 'email' };
    const d = byFax[f++]!;
    // A number the registry cannot read is refused like an unknown address.
    return { ...d, address, normalized: normalizeFax(fax[i]!), channel: 'fax' };
  });
  return { sender: bySend.sender, recipients: decided };
}
