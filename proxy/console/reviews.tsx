/**
 * The supervisor's queue: blocked sends of their own staff (registry supervisor_email), with the
 * event's metadata only. Approve gives a one-time release bound to the recipients and the content,
 * valid 30 minutes; deny; or mark as a breach, which opens an incident due in two business days.
 */
import { consoleError, storedRefusal } from './errors';
import { newId } from '../../shared/ids';
import { storedProblems } from '../http/stored-fields';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { CHANNEL_LABEL, reasonText, REVIEW_STATUS_LABEL, summarizeTypes } from '../../shared/vocabulary';
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

  /** Reasons that make approving the wrong default: the recipient is no longer allowed at all. */
  const HARD_REFUSALS = new Set(['separated', 'suspended', 'not_in_registry']);

  /** The queue; after a failed decision, that review's form keeps what was typed and says what is wrong. */
  async function queue(c: Context<ConsoleEnv>, opts: { failed?: { id: string; reason: string; problem: string }; status?: 400 | 409 } = {}) {
    const account = c.get('account');
    const pending = await visible(account, 'pending');
    const decided = (await visible(account)).filter((r) => r.status !== 'pending').slice(0, 50);
    const events = new Map(
      (await store.searchDisclosures({ eventIds: [...pending, ...decided].map((r) => r.eventId) })).map((d) => [d.clientEventId, d]),
    );
    const incidents = new Map((await store.listIncidents()).map((i) => [i.reviewId, i]));
    const canSeeIncidents = account.role === 'security' || account.role === 'admin';
    const done = c.req.query('decided');
    const confirmed = done ? decided.find((r) => r.id === done) : undefined;
    return c.html(
      <Page title="Review queue" account={account} csrf={c.get('csrf')}>
        {confirmed && (
          <p class="card ok" role="status" data-confirmed={confirmed.id}>
            {confirmationText(confirmed, timeZone)}
            {incidents.get(confirmed.id) && ` Incident ${incidents.get(confirmed.id)!.id} is open; it must be reported by ${incidents.get(confirmed.id)!.reportDueOn}.`}
          </p>
        )}
        {pending.length === 0 && <p class="muted">No blocked sends are waiting for you.</p>}
        {pending.map((r) => {
          const e = events.get(r.eventId);
          const types = (e?.data.types ?? {}) as Record<string, number>;
          const recipients = (e?.data.recipients ?? []) as Array<{ address: string; authorized?: boolean; reasons?: string[] }>;
          const refused = recipients.filter((x) => x.authorized === false);
          const hard = refused.some((x) => (x.reasons ?? []).some((why) => HARD_REFUSALS.has(why)));
          const failed = opts.failed?.id === r.id ? opts.failed : undefined;
          return (
            <section class="card" data-review={r.id}>
              <p>
                <strong>{r.requestedBy}</strong> asked on <time datetime={r.createdAt}>{when(r.createdAt, timeZone)}</time> to send to{' '}
                <strong>{r.recipients.join(', ')}</strong>.
              </p>
              <p>
                Holds: {summarizeTypes(types) || 'not known yet (the event has not arrived)'}
                {e ? ` · ${CHANNEL_LABEL[e.channel] ?? e.channel} on ${e.site}` : ''}
              </p>
              <p>Blocked because:</p>
              <ul data-reasons>
                {refused.length
                  ? refused.map((x) => <li>{x.address} {(x.reasons ?? []).map(reasonText).join('; and ') || 'was refused'}</li>)
                  : <li>{r.recipients.join(', ')} could not be checked</li>}
              </ul>
              <p>
                Justification: <em>{r.justification}</em>
              </p>
              <form method="post" action={`/console/reviews/${r.id}/decide`}>
                <Csrf token={c.get('csrf')} />
                {failed && <p class="error-list" role="alert">{failed.problem}</p>}
                <label for={`reason-${r.id}`}>Reason for your decision (required)</label>
                <textarea id={`reason-${r.id}`} name="reason" required minlength={5}>{failed?.reason ?? ''}</textarea>
                {hard ? (
                  <p data-default="deny">
                    <button class="primary" name="decision" value="denied" type="submit">Deny</button>{' '}
                    <button name="decision" value="breach" type="submit">Mark as a breach</button>{' '}
                    <button name="decision" value="approved" type="submit">Approve once anyway (30 minutes)</button>
                    <br />
                    <span class="bad">A recipient is no longer allowed to receive confidential data at all: deny unless you are certain.</span>
                  </p>
                ) : (
                  <p data-default="approve">
                    <button class="primary" name="decision" value="approved" type="submit">Approve once (30 minutes)</button>{' '}
                    <button name="decision" value="denied" type="submit">Deny</button>{' '}
                    <button name="decision" value="breach" type="submit">Mark as a breach</button>
                  </p>
                )}
              </form>
            </section>
          );
        })}
        <h2>Decided</h2>
        {decided.length === 0 ? (
          <p class="muted">Nothing decided yet.</p>
        ) : (
          <table>
            <thead>
              <tr><th>Requested ({zoneLabel(timeZone)})</th><th>By</th><th>To</th><th>Decision</th><th>Decided by</th><th>Decided ({zoneLabel(timeZone)})</th><th>Reason</th><th>Release or incident</th></tr>
            </thead>
            <tbody>
              {decided.map((r) => {
                const incident = incidents.get(r.id);
                return (
                  <tr data-decided={r.id}>
                    <td><time datetime={r.createdAt}>{when(r.createdAt, timeZone)}</time></td>
                    <td>{r.requestedBy}</td>
                    <td>{r.recipients.join(', ')}</td>
                    <td>{REVIEW_STATUS_LABEL[r.status] ?? r.status}</td>
                    <td>{r.decidedBy}</td>
                    <td><time datetime={r.decidedAt ?? ''}>{when(r.decidedAt, timeZone)}</time></td>
                    <td>{r.decisionReason}</td>
                    <td>
                      {r.status === 'approved' && (r.releaseRedeemedAt ? 'release used' : `release valid until ${when(r.releaseExpiresAt, timeZone)}`)}
                      {incident &&
                        (canSeeIncidents ? (
                          <a href={`/console/incidents#${incident.id}`}>incident {incident.id}, report due {incident.reportDueOn}</a>
                        ) : (
                          `incident ${incident.id}, report due ${incident.reportDueOn}`
                        ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Page>,
      opts.status ?? 200,
    );
  }

  app.get('/', (c) => queue(c));

  app.post('/:id/decide', async (c) => {
    const account = c.get('account');
    const form = await c.req.parseBody();
    const decision = form.decision;
    const reason = typeof form.reason === 'string' ? form.reason.trim() : '';
    if (decision !== 'approved' && decision !== 'denied' && decision !== 'breach') {
      return consoleError(c, 400, 'Choose approve, deny or mark as a breach.');
    }
    const id = c.req.param('id');
    const mine = (await visible(account)).some((r) => r.id === id);
    if (!mine) return consoleError(c, 404, 'That review is not in your queue.');
    // A reason that cannot be saved: the queue again, that form keeping what was typed.
    const keep = (problem: string, typed = reason) => queue(c, { failed: { id, reason: typed, problem }, status: 400 });
    if (reason.length < 5) return keep('Every decision needs a reason of at least 5 characters: say why, for the record.');
    if (reason.length > 2000) return keep('A reason is at most 2,000 characters.');
    const refused = storedProblems('reviewDecision', { reason });
    // Never echo confidential data back into the page.
    if (refused.length) return keep(storedRefusal(refused), '');
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
    return c.redirect(`/console/reviews?decided=${encodeURIComponent(id)}`, 303);
  });
  return app;
}

/** What the supervisor just did, in a sentence. */
function confirmationText(r: Review, timeZone: string): string {
  const to = r.recipients.join(', ');
  if (r.status === 'approved') return `You approved ${r.requestedBy}'s send to ${to}. It may be sent once, until ${when(r.releaseExpiresAt, timeZone)}.`;
  if (r.status === 'denied') return `You denied ${r.requestedBy}'s send to ${to}: it may not go out.`;
  return `You marked ${r.requestedBy}'s send to ${to} as a breach.`;
}
