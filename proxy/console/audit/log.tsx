/**
 * The disclosure log: search and filter it, see the filter drawn as two charts, export it, and look
 * up an identifier by its fingerprint (the form; the lookup is fingerprint.tsx).
 */
import { Hono } from 'hono';
import { FINDING_TYPES, IDENTIFIER_TYPES } from '../../../shared/detect/types';
import { DECISIONS } from '../../../shared/schemas';
import { decisionText, TYPE_LABEL } from '../../../shared/vocabulary';
import { Csrf, Page } from '../layout';
import type { ConsoleEnv } from '../session';
import { Chart } from './chart';
import type { AuditConsoleDeps } from './deps';
import { filterFrom } from './filter';
import { Rows } from './rows';

/** Rows listed on the page; an export takes up to 10,000. */
const LIST_LIMIT = 1000;

export function logRoutes({ store, timeZone }: AuditConsoleDeps) {
  const app = new Hono<ConsoleEnv>();

  app.get('/log', async (c) => {
    const f = filterFrom(c, timeZone);
    const rows = await store.searchDisclosures({ ...f, limit: LIST_LIMIT });
    const q = new URL(c.req.url).search;
    const v = (k: string) => c.req.query(k) ?? '';
    return c.html(
      <Page title="Disclosure log" account={c.get('account')} csrf={c.get('csrf')}>
        <form method="get" action="/console/log" class="filters">
          <span><label for="from">From</label><input id="from" name="from" type="date" value={v('from')} /></span>
          <span><label for="to">To</label><input id="to" name="to" type="date" value={v('to')} /></span>
          <span><label for="sender">Sender</label><input id="sender" name="sender" value={v('sender')} /></span>
          <span><label for="recipient">Recipient</label><input id="recipient" name="recipient" value={v('recipient')} /></span>
          <span>
            <label for="type">Type</label>
            <select id="type" name="type">
              <option value="">any</option>
              {FINDING_TYPES.map((t) => <option value={t} selected={v('type') === t}>{TYPE_LABEL[t]}</option>)}
            </select>
          </span>
          <span>
            <label for="decision">Decision</label>
            <select id="decision" name="decision">
              <option value="">any</option>
              {DECISIONS.map((d) => <option value={d} selected={v('decision') === d}>{decisionText(d)}</option>)}
            </select>
          </span>
          <span><label for="site">Site</label><input id="site" name="site" value={v('site')} /></span>
          <button class="primary" type="submit">Filter</button>
          <a href={`/console/log/export.csv${q}`}>Export CSV</a> <a href={`/console/log/export.jsonl${q}`}>Export JSONL</a>
        </form>
        <Chart rows={rows} by="decision" timeZone={timeZone} />
        <Chart rows={rows} by="type" timeZone={timeZone} />
        <h2>Was this identifier sent?</h2>
        <form method="post" action="/console/fingerprint" class="filters" autocomplete="off">
          <Csrf token={c.get('csrf')} />
          <span>
            <label for="fp-type">Type</label>
            <select id="fp-type" name="type">
              {IDENTIFIER_TYPES.map((t) => <option value={t}>{t}</option>)}
            </select>
          </span>
          <span><label for="fp-value">Value (not stored, not shown again)</label><input id="fp-value" name="value" type="password" autocomplete="off" /></span>
          <button type="submit">Look up</button>
        </form>
        <h2>{rows.length} event{rows.length === 1 ? '' : 's'}</h2>
        <Rows rows={rows} timeZone={timeZone} />
      </Page>,
    );
  });

  return app;
}
