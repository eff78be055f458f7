/**
 * Importing the Authorized Users List: a preview of every change and every row error before
 * anything is written, then the same file written on commit.
 */
import { Hono } from 'hono';
import { ImportError, USER_EXPORT_COLUMNS } from '../../registry/import';
import { Csrf, Page } from '../layout';
import type { ConsoleEnv } from '../session';
import { actor } from './deps';
import type { RegistryConsoleDeps } from './deps';
import { fileProblems, uploadedCsv } from './files';
import { saved } from './forms';

/** Changes listed in an import's preview; a file of thousands is summed up past these. */
const PREVIEW_ROWS = 500;

export function importRoutes({ registry }: RegistryConsoleDeps) {
  const app = new Hono<ConsoleEnv>();

  app.get('/import', (c) =>
    c.html(
      <Page title="Import the Authorized Users List" account={c.get('account')} csrf={c.get('csrf')}>
        <form method="post" action="/console/registry/import" enctype="multipart/form-data" class="card">
          <Csrf token={c.get('csrf')} />
          <label for="file">CSV file ({USER_EXPORT_COLUMNS.join(', ')})</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" />
          <label for="csv">or paste it</label>
          <textarea id="csv" name="csv"></textarea>
          <p><button class="primary" type="submit">Preview</button></p>
        </form>
      </Page>,
    ),
  );

  app.post('/import', async (c) => {
    const csv = await uploadedCsv(c);
    let plan;
    try {
      plan = await registry.planUsers(csv);
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      return fileProblems(c, err);
    }
    return c.html(
      <Page title="Preview" account={c.get('account')} csrf={c.get('csrf')}>
        <p>{plan.users.filter((u) => u.action === 'add').length} to add, {plan.users.filter((u) => u.action === 'update').length} to change, {plan.unchanged} unchanged.</p>
        <table>
          <thead><tr><th>User</th><th>Action</th><th>Changes</th></tr></thead>
          <tbody>
            {plan.users.slice(0, PREVIEW_ROWS).map((u) => (
              <tr>
                <td>{u.fields.email}</td>
                <td>{u.action}</td>
                <td>{Object.entries(u.changed).map(([k, [a, b]]) => `${k}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {plan.users.length > PREVIEW_ROWS ? <p>… and {plan.users.length - PREVIEW_ROWS} more changes, not listed here.</p> : null}
        {/* Multipart: the file goes back as it came (URL-encoding would grow a 4 MB file past the limit). */}
        <form method="post" action="/console/registry/import/commit" enctype="multipart/form-data">
          <Csrf token={c.get('csrf')} />
          <textarea name="csv" hidden>{csv}</textarea>
          <p><button class="primary" type="submit">Import these changes</button></p>
        </form>
      </Page>,
    );
  });

  app.post('/import/commit', async (c) => {
    const form = await c.req.parseBody();
    return saved(c, () => registry.importUsers(typeof form.csv === 'string' ? form.csv : '', actor(c)));
  });

  return app;
}
