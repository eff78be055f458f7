/**
 * What the registry's forms share: reading typed values, the list of problems above a form, the
 * category boxes, and the answer to a save (back to the registry, or the reasons it was refused).
 */
import type { Context } from 'hono';
import { CATEGORIES } from '../../../shared/policy';
import { ImportError } from '../../registry/import';
import { Page } from '../layout';
import type { ConsoleEnv } from '../session';

/** A form as it came back after a failed save: what was typed, and every problem. */
export interface FormState {
  values: Record<string, string>;
  problems: string[];
}

type Body = Record<string, string | File | Array<string | File>>;

/** A text field of a posted form, trimmed; '' when absent. */
export function typedText(form: Body, key: string): string {
  const v = form[key];
  return typeof v === 'string' ? v.trim() : '';
}

/** Every value of a repeated field (the category boxes). */
export function typedList(form: Body, key: string): string[] {
  return ([] as unknown[]).concat(form[key] ?? []).filter((x): x is string => typeof x === 'string');
}

/** What was typed, less every field the gate refused: confidential data is never echoed into the page. */
export function withoutRefused(values: Record<string, string>, problems: string[]): Record<string, string> {
  const refused = new Set(problems.map((p) => /^(\w+) holds /.exec(p)?.[1]).filter(Boolean));
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, refused.has(k) ? '' : v]));
}

export function Problems({ problems }: { problems: string[] }) {
  if (problems.length === 0) return null;
  return (
    <div class="error-list" role="alert">
      <p>Not saved: {problems.length === 1 ? 'one thing needs' : `${problems.length} things need`} correcting.</p>
      <ul>{problems.map((p) => <li>{p}</li>)}</ul>
    </div>
  );
}

/** One box per category; `checked` is the categories as a list column holds them (a;b). */
export function Categories({ checked }: { checked: string }) {
  const on = new Set(checked.split(';').filter(Boolean));
  return (
    <>
      <label>categories</label>
      {CATEGORIES.map((cat) => (
        <label style="font-weight: normal; display: inline; margin-right: 10px">
          <input type="checkbox" name="categories" value={cat} checked={on.has(cat)} /> {cat}
        </label>
      ))}
    </>
  );
}

/** A form's write: its validation problems show on the form again (400), with what was typed. */
export async function kept(c: Context<ConsoleEnv>, write: () => Promise<unknown>, again: (problems: string[]) => Promise<Response>) {
  try {
    await write();
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    const res = await again(err.problems);
    return new Response(res.body, { status: 400, headers: res.headers });
  }
  return c.redirect('/console/registry', 303);
}

/** Runs a registry write; its validation problems become a page (400), anything else is an error. */
export async function saved(c: Context<ConsoleEnv>, write: () => Promise<unknown>) {
  try {
    await write();
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    return c.html(
      <Page title="Not saved" account={c.get('account')} csrf={c.get('csrf')}>
        <ul class="error-list">{err.problems.map((p) => <li>{p.replace(/^line \d+: /, '')}</li>)}</ul>
        <p><a href="/console/registry">Back to the registry</a></p>
      </Page>,
      400,
    );
  }
  return c.redirect('/console/registry', 303);
}
