/**
 * The supervisor's queue: blocked sends of their own staff (registry supervisor_email), with the
 * event's metadata only. Approve gives a one-time release bound to the recipients and the content,
 * valid 30 minutes; deny; or mark as a breach, which opens an incident due in two business days.
 */
import { consoleError } from './errors';
import { newId } from '../../shared/ids';
import { gateProblems } from '../gate';
import { Hono } from 'hono';
import { addBusinessDays } from '../registry/dates';
import { localDate } from '../registry/dates';
import type { Review, Store } from '../store/types';
import { when, zoneLabel } from './format';
import { Csrf, Page } from './layout';
import type { ConsoleEnv } from './session';
import { requireRole } from './session';

/** How long an approval may be used (the 30 minutes). */
export const RELEASE_MINUTES = 30;
/** Missouri DWD plan: breaches reported to the supervisor within two business days. */
export const BREACH_REPORT_BUSINESS_DAYS = 2;

export function reviewConsoleRoutes({ store, clock, timeZone }: { store: Store; clock: { now(): Date }; timeZone: string }) {
  const app = new Hono<ConsoleEnv>();
  app.use(requireRole('supervisor'));

  /** The reviews this account may decide: its staff's, or all for an admin. */
  async function visible(account: { email: string; role: string }, status?: Review['status']): Promise<Review[]> {
    if (account.role === 'admin') return store.listReviews({ status });
    const staff = (await store.listUsers()).filter((u) => u.supervisorEmail === account.email).map((u) => u.email);
    return store.listReviews({ status, requesters: staff });
  }

  app.get('/', async (c) => {
    const account = c.get('account');
    const pending = await visible(account, 'pending');
    const decided = (await visible(account)).filter((r) => r.status !== 'pending').slice(0, 50);
    const events = new Map(
      (await store.searchDisclosures({ eventIds: [...pending, ...decided].map((r) => r.eventId) })).map((d) => [d.clientEventId, d]),
    );
    return c.html(
      <Page title="Review queue" account={account} csrf={c.get('csrf')}>
        {pending.length === 0 && <p class="muted">No blocked sends are waiting for you.</p>}
        {pending.map((r) => {
          const e = events.get(r.eventId);
          const types = (e?.data.types ?? {}) as Record<string, number>;
          const recipients = (e?.data.recipients ?? []) as Array<{ address: string; authorized?: boolean; reasons?: string[] }>;
          return (
            <section class="card" data-review={r.id}>
              <p>
                <strong>{r.requestedBy}</strong> asked on <time datetime={r.createdAt}>{when(r.createdAt, timeZone)}</time> to send to{' '}
                <strong>{r.recipients.join(', ')}</strong>.
              </p>
              <p>
                Holds: {Object.entries(types).map(([t, n]) => `${t} ×${n}`).join(', ') || 'unknown (event not yet received)'}
                {e ? ` · ${e.channel} on ${e.site}` : ''}
              </p>
              <p>
                Blocked because:{' '}
                {recipients
                  .filter((x) => x.authorized === false)
                  .map((x) => `${x.address}: ${(x.reasons ?? []).join(', ')}`)
                  .join('; ') || r.recipients.join(', ')}
              </p>
              <p>
                Justification: <em>{r.justification}</em>
              </p>
              <form method="post" action={`/console/reviews/${r.id}/decide`}>
                <Csrf token={c.get('csrf')} />
                <label for={`reason-${r.id}`}>Reason for your decision (required)</label>
                <textarea id={`reason-${r.id}`} name="reason" required minlength={5}></textarea>
                <p>
                  <button class="primary" name="decision" value="approved" type="submit">Approve once (30 minutes)</button>{' '}
                  <button name="decision" value="denied" type="submit">Deny</button>{' '}
                  <button name="decision" value="breach" type="submit">Mark as a breach</button>
                </p>
              </form>
            </section>
          );
        })}
        <h2>Decided</h2>
        <table>
          <thead>
            <tr><th>Requested ({zoneLabel(timeZone)})</th><th>By</th><th>To</th><th>Decision</th><th>Reason</th><th>Release</th></tr>
          </thead>
          <tbody>
            {decided.map((r) => (
              <tr>
                <td><time datetime={r.createdAt}>{when(r.createdAt, timeZone)}</time></td>
                <td>{r.requestedBy}</td>
                <td>{r.recipients.join(', ')}</td>
                <td>{r.status}</td>
                <td>{r.decisionReason}</td>
                <td>{r.status === 'approved' ? (r.releaseRedeemedAt ? 'used' : `until ${r.releaseExpiresAt?.slice(11, 16)} UTC`) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Page>,
    );
  });

  app.post('/:id/decide', async (c) => {
    const account = c.get('account');
    const form = await c.req.parseBody();
    const decision = form.decision;
    const reason = typeof form.reason === 'string' ? form.reason.trim() : '';
    if (decision !== 'approved' && decision !== 'denied' && decision !== 'breach') {
      return consoleError(c, 400, 'Choose approve, deny or mark as a breach.');
    }
    if (reason.length < 5) return consoleError(c, 400, 'Every decision needs a reason of at least 5 characters: say why, for the record.');
    if (reason.length > 2000) return consoleError(c, 400, 'A reason is at most 2,000 characters.');
    const raw = gateProblems([['reason', reason]]);
    if (raw.length) return consoleError(c, 400, 'The reason holds an identifier (a full number). Describe the decision without it; nothing was saved.');
    const id = c.req.param('id');
    const mine = (await visible(account)).some((r) => r.id === id);
    if (!mine) return consoleError(c, 404, 'That review is not in your queue.');
    const now = clock.now();
    const review = await store.decideReview(id, {
      status: decision,
      by: account.email,
      reason,
      at: now.toISOString(),
      releaseExpiresAt: decision === 'approved' ? new Date(now.getTime() + RELEASE_MINUTES * 60_000).toISOString() : null,
      ...(decision === 'breach'
        ? { incident: { id: newId('inc'), reportDueOn: addBusinessDays(localDate(now, timeZone), BREACH_REPORT_BUSINESS_DAYS) } }
        : {}),
    });
    if (!review || review.decidedBy !== account.email || review.status !== decision) {
      return consoleError(c, 409, 'This review was already decided.');
    }
    return c.redirect('/console/reviews', 303);
  });
  return app;
}
