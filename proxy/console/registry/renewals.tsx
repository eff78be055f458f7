/**
 * Renewals due: every attestation, training and data-sharing agreement that lapses in the next 30
 * days, and every one already lapsed (those people receive nothing until renewed).
 */
import { Hono } from 'hono';
import { PASSING_SCORE, RENEWAL_DAYS } from '../../registry/authorize';
import { addDays, daysBetween } from '../../registry/dates';
import { Page } from '../layout';
import type { ConsoleEnv } from '../session';
import type { RegistryConsoleDeps } from './deps';

const RENEWAL_WINDOW_DAYS = 30;

export function renewalRoutes({ store, registry }: RegistryConsoleDeps) {
  const app = new Hono<ConsoleEnv>();

  app.get('/renewals', async (c) => {
    const today = registry.today();
    const until = addDays(today, RENEWAL_WINDOW_DAYS);
    // Everything that lapses in the window, and everything already lapsed (those people receive nothing now).
    const due: Array<[string, string, string | null]> = [];
    for (const u of await store.listUsers()) {
      if (u.status !== 'active') continue;
      for (const [what, on] of [['attestation', u.attestationSignedOn], ['training', u.trainingCompletedOn]] as const) {
        if (!on) {
          due.push([`${u.fullName} (${u.email})`, `${what} (never completed)`, null]);
          continue;
        }
        const expires = addDays(on, RENEWAL_DAYS);
        if (expires <= until) due.push([`${u.fullName} (${u.email})`, what, expires]);
      }
      if (u.trainingScore !== null && u.trainingScore < PASSING_SCORE && u.trainingCompletedOn) {
        due.push([`${u.fullName} (${u.email})`, `training (score ${u.trainingScore}%, below ${PASSING_SCORE})`, null]);
      }
    }
    for (const o of await store.listOrganizations()) {
      if (o.agreementExpiresOn && o.agreementExpiresOn <= until) due.push([o.name, 'data-sharing agreement', o.agreementExpiresOn]);
    }
    due.sort((a, b) => (a[2] ?? '').localeCompare(b[2] ?? ''));
    const lapsed = due.filter(([, , on]) => on === null || on < today).length;
    return c.html(
      <Page title={`Renewals due by ${until}`} account={c.get('account')} csrf={c.get('csrf')}>
        <p>{lapsed} already lapsed (they receive no confidential data until renewed), {due.length - lapsed} lapsing within {RENEWAL_WINDOW_DAYS} days.</p>
        <table>
          <thead><tr><th>Who</th><th>What</th><th>Last valid day</th><th>Days left</th></tr></thead>
          <tbody>
            {due.map(([who, what, on]) => {
              const left = on === null ? null : daysBetween(today, on);
              return (
                <tr class={left === null || left < 0 ? 'overdue' : ''} data-lapsed={left === null || left < 0 ? 'yes' : 'no'}>
                  <td>{who}</td><td>{what}</td><td>{on ?? '—'}</td>
                  <td>{left === null ? 'needs completing' : left < 0 ? `lapsed ${-left} day${left === -1 ? '' : 's'} ago` : left}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Page>,
    );
  });

  return app;
}
