/** The auditors' search over disclosures. */
import type { Param } from './driver';
import type { StoreContext } from './chain';
import { toDisclosure, type DisclosureDbRow } from './rows';
import type { DisclosureFilter, DisclosureRecord } from './types';

export async function searchDisclosures(c: StoreContext, f: DisclosureFilter): Promise<DisclosureRecord[]> {
  const d = c.db.dialect;
  const where: string[] = [];
  const args: Param[] = [];
  const when = (sql: string, ...values: Param[]) => {
    where.push(sql);
    args.push(...values);
  };
  if (f.from) when('d.occurred_at >= ?', f.from);
  if (f.to) when('d.occurred_at <= ?', f.to);
  if (f.sender) when('d.sender = ?', f.sender.toLowerCase());
  if (f.decision) when('d.decision = ?', f.decision);
  if (f.site) when('d.site = ?', f.site);
  // Only a known type name is ever put into a JSON path.
  if (f.type) when(d.hasType('e.body'), /^[a-z_]+$/.test(f.type) ? f.type : 'none');
  if (f.recipient) when(d.recipientLike('e.body'), `%${f.recipient.toLowerCase()}%`);
  if (f.seqs) when(`d.seq IN (${f.seqs.map(() => '?').join(',') || 'NULL'})`, ...f.seqs);
  if (f.eventIds) when(`d.client_event_id IN (${f.eventIds.map(() => '?').join(',') || 'NULL'})`, ...f.eventIds);
  args.push(Math.min(f.limit ?? 500, 10_000));
  const rows = await c.db.all<DisclosureDbRow & { at: string; body: string }>(
    `SELECT d.*, e.at AS at, e.body AS body FROM disclosures d JOIN log_entries e ON e.seq = d.seq
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.seq DESC LIMIT ?`,
    args,
    { adHoc: true },
  );
  return rows.map((r) => ({ ...toDisclosure(r), at: r.at, data: JSON.parse(r.body).data }));
}
