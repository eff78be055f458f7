/** Send attempts as a table and as plain words: the log list, a fingerprint lookup and the CSV export share them. */
import { CHANNEL_LABEL, decisionText, reasonText, summarizeTypes } from '../../../shared/vocabulary';
import type { DisclosureRecord } from '../../store/types';
import { when, zoneLabel } from '../format';

export type RecipientData = Array<{ address: string; authorized?: boolean; reasons?: string[] }>;

/** Each recipient, and for one refused, why: "sam@… (refused: has separated from their organization)". */
export function recipientList(recipients: RecipientData): string {
  return recipients.map((x) => `${x.address}${x.authorized === false ? ` (refused: ${(x.reasons ?? []).map(reasonText).join('; ') || 'not authorized'})` : ''}`).join(', ');
}

export function typesOf(r: DisclosureRecord): string {
  return summarizeTypes((r.data.types ?? {}) as Record<string, number>);
}

export function recipientsOf(r: DisclosureRecord): string {
  return recipientList((r.data.recipients ?? []) as RecipientData);
}

export function reasonsOf(r: DisclosureRecord): string {
  return ((r.data.reasons ?? []) as string[]).map(reasonText).join('; ');
}

export function Rows({ rows, timeZone }: { rows: DisclosureRecord[]; timeZone: string }) {
  return (
    <table>
      <thead>
        <tr><th>Seq</th><th>When ({zoneLabel(timeZone)})</th><th>Sender</th><th>Recipients</th><th>Types</th><th>Decision</th><th>Site</th></tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <td><a href={`/console/log/${r.seq}`}>{r.seq}</a></td>
            <td><time datetime={r.occurredAt}>{when(r.occurredAt, timeZone)}</time></td>
            <td>{r.sender}</td>
            <td>{recipientsOf(r)}</td>
            <td>{typesOf(r)}</td>
            <td data-decision={r.decision}>{decisionText(r.decision)}</td>
            <td>{r.site} ({CHANNEL_LABEL[r.channel] ?? r.channel})</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
