/** What the two file imports share: reading the upload, and the page listing a file's problems. */
import type { Context } from 'hono';
import type { ImportError } from '../../registry/import';
import { Page } from '../layout';
import type { ConsoleEnv } from '../session';

/** The CSV of an upload form: the file if one was chosen, else the pasted text. */
export async function uploadedCsv(c: Context<ConsoleEnv>): Promise<string> {
  const form = await c.req.parseBody();
  const file = form.file;
  return file instanceof File && file.size > 0 ? file.text() : typeof form.csv === 'string' ? form.csv : '';
}

export function fileProblems(c: Context<ConsoleEnv>, err: ImportError) {
  return c.html(
    <Page title="The file has problems" account={c.get('account')} csrf={c.get('csrf')}>
      <p>Nothing was imported. Fix these rows and try again:</p>
      <ul class="error-list">{err.problems.map((p) => <li>{p}</li>)}</ul>
    </Page>,
    400,
  );
}
