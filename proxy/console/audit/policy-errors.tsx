/**
 * Site rules browsers reported they could not use as written (client.policy_error entries), newest
 * first, for the chain status page: IT sees which rule of which list, the problem, and what guards the
 * site instead. Only the log's latest entries are read, so the page stays quick on a long log.
 */
import { ruleProblemText, RULE_PROBLEMS } from '../../../shared/rule-problems';
import type { RuleFallback, RuleProblem } from '../../../shared/rule-problems';
import { entryData } from '../../audit/kinds';
import type { Store } from '../../store/types';
import { when, zoneLabel } from '../format';

/** How many of the latest entries are read, and how many reports are shown. */
const SCAN = 5000;
const SHOWN = 20;

interface ReportedRule {
  source?: string;
  index?: number;
  code?: string;
  reason?: string;
  fallback?: RuleFallback;
}
export interface PolicyErrorReport {
  seq: number;
  at: string;
  device: string;
  user: string;
  rules: ReportedRule[];
}

const SOURCE: Record<string, string> = { managed: 'IT policy (managed)', local: 'set in the browser', proxy: 'the proxy\'s policy' };

export async function recentPolicyErrors(store: Store, lastSeq: number): Promise<PolicyErrorReport[]> {
  const out: PolicyErrorReport[] = [];
  for await (const e of store.entries(Math.max(1, lastSeq - SCAN + 1), lastSeq)) {
    if (e.kind !== 'client.policy_error') continue;
    const d = entryData(e);
    out.push({ seq: e.seq, at: e.at, device: String(d.device ?? ''), user: String(d.user ?? ''), rules: Array.isArray(d.rules) ? (d.rules as ReportedRule[]) : [] });
  }
  return out.reverse().slice(0, SHOWN);
}

/** One reported rule in words; the stored reason only for a report that predates the codes. */
export function reportedRuleText(r: ReportedRule): string {
  const where = `${SOURCE[r.source ?? ''] ?? r.source ?? '?'}${typeof r.index === 'number' && r.index >= 0 ? `, rule ${r.index + 1}` : ''}`;
  const what = r.code && Object.hasOwn(RULE_PROBLEMS, r.code) ? ruleProblemText(r.code as RuleProblem, r.fallback) : (r.reason ?? '');
  return `${where}: ${what}`;
}

export function PolicyErrors({ reports, timeZone }: { reports: PolicyErrorReport[]; timeZone: string }) {
  return (
    <section id="policy-errors">
      <h2>Site rules browsers could not use as written</h2>
      {reports.length === 0 ? (
        <p class="muted">No browser reported a site rule it could not use among the latest {SCAN.toLocaleString('en-US')} entries.</p>
      ) : (
        <table>
          <thead>
            <tr><th>Entry</th><th>When ({zoneLabel(timeZone)})</th><th>Device</th><th>User</th><th>Rules</th></tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr data-policy-error={r.seq}>
                <td><a href={`/console/log/${r.seq}`}>{r.seq}</a></td>
                <td><time datetime={r.at}>{when(r.at, timeZone)}</time></td>
                <td>{r.device}</td>
                <td>{r.user}</td>
                <td>{r.rules.map((x) => <div>{reportedRuleText(x)}</div>)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
