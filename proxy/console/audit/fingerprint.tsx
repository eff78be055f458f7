/**
 * Was this identifier sent? The value typed is turned into its keyed fingerprint and looked up; it is
 * never stored, logged or shown again (the lookup itself is recorded, with the fingerprint).
 */
import { Hono } from 'hono';
import { IDENTIFIER_TYPES } from '../../../shared/detect/types';
import { consoleError } from '../errors';
import { Page } from '../layout';
import type { ConsoleEnv } from '../session';
import type { AuditConsoleDeps } from './deps';
import { Rows } from './rows';

/** Events listed for one fingerprint; the export link takes them all. */
const LIST_LIMIT = 1000;

export function fingerprintRoutes({ store, keys, log, clock, timeZone }: AuditConsoleDeps) {
  const app = new Hono<ConsoleEnv>();

  app.post('/fingerprint', async (c) => {
    const form = await c.req.parseBody();
    const type = typeof form.type === 'string' && (IDENTIFIER_TYPES as readonly string[]).includes(form.type) ? form.type : 'ssn';
    const digits = (typeof form.value === 'string' ? form.value : '').replace(/\D/g, '');
    if (digits.length < 4 || digits.length > 17) {
      return consoleError(c, 400, 'Enter the identifier to look up: 4 to 17 digits.');
    }
    const fp = keys.fingerprint(type, digits);
    const matches = await store.disclosuresByFingerprint(fp);
    const rows = matches.length ? await store.searchDisclosures({ seqs: matches.map((m) => m.seq), limit: LIST_LIMIT }) : [];
    await log.append('console.fingerprint_lookup', { by: c.get('account').email, type, fingerprint: fp, matches: rows.length }, clock.now().toISOString());
    return c.html(
      <Page title="Fingerprint lookup" account={c.get('account')} csrf={c.get('csrf')}>
        <p>
          {rows.length ? `${rows.length} event${rows.length === 1 ? '' : 's'} sent this ${type}.` : `No event holds this ${type}.`} The value you entered is
          not stored and not shown.
        </p>
        <p>
          <a href={`/console/log/export.csv?fingerprint=${fp}`}>Export these events (CSV)</a>
        </p>
        <Rows rows={rows} timeZone={timeZone} />
      </Page>,
    );
  });

  return app;
}
