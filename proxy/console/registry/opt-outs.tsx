/**
 * Job seekers who opted out of data sharing (WorkSource 1021): a CSV of SSNs, fingerprinted at once
 * with the server's key, never kept; messages that identify them may not leave the agency.
 */
import { Hono } from 'hono';
import { ImportError } from '../../registry/import';
import { importOptOuts } from '../../registry/opt-out';
import { Csrf, Page } from '../layout';
import type { ConsoleEnv } from '../session';
import { actor } from './deps';
import type { RegistryConsoleDeps } from './deps';
import { fileProblems, uploadedCsv } from './files';

export function optOutRoutes({ store, keys, clock }: RegistryConsoleDeps) {
  const app = new Hono<ConsoleEnv>();

  app.get('/import/opt-outs', (c) =>
    c.html(
      <Page title="Import opted-out job seekers" account={c.get('account')} csrf={c.get('csrf')}>
        <p>
          A CSV with an <code>ssn</code> column. Each number is turned into a keyed fingerprint on arrival; the numbers
          themselves are never stored or shown. Messages that identify these job seekers may not leave the agency.
        </p>
        <form method="post" action="/console/registry/import/opt-outs" enctype="multipart/form-data" class="card" autocomplete="off">
          <Csrf token={c.get('csrf')} />
          <label for="optout-file">CSV file</label>
          <input id="optout-file" name="file" type="file" accept=".csv,text/csv" />
          <p><button class="primary" type="submit">Import</button></p>
        </form>
      </Page>,
    ),
  );

  app.post('/import/opt-outs', async (c) => {
    const csv = await uploadedCsv(c);
    try {
      const r = await importOptOuts({ store, keys, clock }, csv, actor(c));
      return c.html(
        <Page title="Opted-out job seekers imported" account={c.get('account')} csrf={c.get('csrf')}>
          <p role="status">{r.added} added, {r.already} already listed. Only their fingerprints are kept.</p>
        </Page>,
      );
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      return fileProblems(c, err);
    }
  });

  return app;
}
