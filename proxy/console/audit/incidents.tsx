/**
 * Breach incidents: each with its report deadline in business days, the send and review behind it,
 * and the next step (reported, then closed), each saying to whom and how.
 */
import { Hono } from 'hono';
import { decisionText } from '../../../shared/vocabulary';
import { businessDaysUntil, localDate } from '../../registry/dates';
import { storedProblems } from '../../http/stored-fields';
import { consoleError, storedRefusal } from '../errors';
import { when, zoneLabel } from '../format';
import { Csrf, Page } from '../layout';
import type { ConsoleEnv } from '../session';
import type { AuditConsoleDeps } from './deps';

export function incidentRoutes({ store, clock, timeZone }: AuditConsoleDeps) {
  const app = new Hono<ConsoleEnv>();

  app.get('/incidents', async (c) => {
    const today = localDate(clock.now(), timeZone);
    const incidents = await store.listIncidents();
    const events = new Map((await store.searchDisclosures({ eventIds: incidents.map((i) => i.eventId) })).map((d) => [d.clientEventId, d]));
    const reviews = new Map((await Promise.all(incidents.map((i) => store.getReview(i.reviewId)))).flatMap((r) => (r ? [[r.id, r] as const] : [])));
    const open = incidents.filter((i) => i.status !== 'closed');
    const done = c.req.query('done');
    return c.html(
      <Page title="Breach incidents" account={c.get('account')} csrf={c.get('csrf')}>
        <p class="muted">Breach information is itself confidential. Each incident must be reported within two business days of the breach; mark it reported, then closed, saying to whom and how.</p>
        {done && <p class="card ok" role="status" data-confirmed={done}>Incident {done} updated.</p>}
        {incidents.length === 0 ? (
          <p class="card" data-empty="incidents">No breach incidents. When a supervisor marks a blocked send as a breach, it appears here with its deadline.</p>
        ) : (
          <table>
            <thead>
              <tr><th>Incident</th><th>Status</th><th>Report due</th><th>Opened ({zoneLabel(timeZone)})</th><th>Reason</th><th>Event and review</th><th>Next step</th></tr>
            </thead>
            <tbody>
              {incidents.map((i) => {
                const left = businessDaysUntil(today, i.reportDueOn);
                const overdue = i.status === 'open' && left < 0;
                const event = events.get(i.eventId);
                const review = reviews.get(i.reviewId);
                return (
                  <tr id={i.id} class={overdue ? 'overdue' : ''} data-status={i.status}>
                    <td>{i.id}</td>
                    <td>
                      {i.status}
                      {i.reportedAt && <div class="muted">reported <time datetime={i.reportedAt}>{when(i.reportedAt, timeZone)}</time> by {i.reportedBy}</div>}
                      {i.closedAt && <div class="muted">closed <time datetime={i.closedAt}>{when(i.closedAt, timeZone)}</time> by {i.closedBy}</div>}
                      {i.note && <div class="muted">“{i.note}”</div>}
                    </td>
                    <td class={overdue ? 'bad' : ''} data-due={left}>
                      {i.reportDueOn}
                      <div>
                        {i.status !== 'open'
                          ? ''
                          : left > 0
                            ? `${left} business day${left === 1 ? '' : 's'} left`
                            : left === 0
                              ? 'due today'
                              : `overdue by ${-left} business day${left === -1 ? '' : 's'}`}
                      </div>
                    </td>
                    <td><time datetime={i.openedAt}>{when(i.openedAt, timeZone)}</time> by {i.openedBy}</td>
                    <td>{i.reason}</td>
                    <td>
                      {event ? <a href={`/console/log/${event.seq}`}>the send ({decisionText(event.decision)})</a> : `event ${i.eventId}`}
                      {review && (
                        <>
                          {' · '}
                          <a href={`/console/log/${review.seq}`}>the review request</a>
                        </>
                      )}
                    </td>
                    <td>
                      {i.status !== 'closed' && (
                        <form method="post" action={`/console/incidents/${encodeURIComponent(i.id)}/${i.status === 'open' ? 'reported' : 'closed'}`}>
                          <Csrf token={c.get('csrf')} />
                          <label for={`note-${i.id}`}>{i.status === 'open' ? 'Reported to (name, office)' : 'How it was closed'}</label>
                          <input id={`note-${i.id}`} name="note" required minlength={5} maxlength={500} />
                          <button type="submit" class="primary">{i.status === 'open' ? 'Mark reported' : 'Close'}</button>
                        </form>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <p>{open.length} open or reported, {incidents.length - open.length} closed.</p>
      </Page>,
    );
  });

  app.post('/incidents/:id/:step{(?:reported|closed)}', async (c) => {
    const form = await c.req.parseBody();
    const note = typeof form.note === 'string' ? form.note.trim() : '';
    const step = c.req.param('step') as 'reported' | 'closed';
    if (note.length < 5 || note.length > 500) return consoleError(c, 400, step === 'reported' ? 'Say to whom it was reported (5 to 500 characters).' : 'Say how it was closed (5 to 500 characters).');
    const refused = storedProblems('incidentStep', { note });
    if (refused.length) return consoleError(c, 400, storedRefusal(refused));
    const id = c.req.param('id');
    const updated = await store.advanceIncident(id, step, c.get('account').email, clock.now().toISOString(), note);
    if (!updated) {
      const exists = (await store.listIncidents()).some((i) => i.id === id);
      return exists ? consoleError(c, 409, `Incident ${id} is not at the step before "${step}" (it was updated in the meantime).`) : consoleError(c, 404, `There is no incident ${id}.`);
    }
    return c.redirect(`/console/incidents?done=${encodeURIComponent(id)}#${encodeURIComponent(id)}`, 303);
  });

  return app;
}
