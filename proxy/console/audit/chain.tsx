/**
 * The chain's state (its head and last checkpoint), a full verification on demand, and the site rules
 * browsers reported they could not use as written.
 */
import { Hono } from 'hono';
import { describeVerify, verifyLog } from '../../audit/verify';
import { when } from '../format';
import { Csrf, Page } from '../layout';
import type { ConsoleEnv } from '../session';
import type { AuditConsoleDeps } from './deps';
import { PolicyErrors, recentPolicyErrors } from './policy-errors';

export function chainRoutes({ store, keys, publicKeys, log, clock, timeZone }: AuditConsoleDeps) {
  const app = new Hono<ConsoleEnv>();

  app.get('/chain', async (c) => {
    const state = await store.logState();
    const cps = await store.checkpoints();
    const last = cps.at(-1);
    const reports = await recentPolicyErrors(store, state.seq);
    return c.html(
      <Page title="Chain status" account={c.get('account')} csrf={c.get('csrf')}>
        <p>{state.seq} entries; head <code>{state.head}</code></p>
        <p>
          {last ? `Last checkpoint: entry ${last.seq}, signed ${when(last.at, timeZone)} by key ${last.keyId}.` : 'No checkpoint yet.'} {cps.length} checkpoints in all.
        </p>
        <form method="post" action="/console/chain/verify">
          <Csrf token={c.get('csrf')} />
          <button class="primary" type="submit">Verify now</button>
        </form>
        <PolicyErrors reports={reports} timeZone={timeZone} />
      </Page>,
    );
  });

  app.post('/chain/verify', async (c) => {
    const r = await verifyLog(store, publicKeys ?? keys);
    await log.append('console.verify', { by: c.get('account').email, ok: r.ok, entries: r.entries, firstBad: r.firstBad ?? null }, clock.now().toISOString());
    return c.html(
      <Page title="Chain verification" account={c.get('account')} csrf={c.get('csrf')}>
        <p class={r.ok ? 'ok' : 'bad'} data-verify={r.ok ? 'ok' : 'bad'}>{describeVerify(r)}</p>
      </Page>,
    );
  });

  return app;
}
