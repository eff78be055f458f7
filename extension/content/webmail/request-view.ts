/**
 * A request's named values as a webmail's send request carries them: form fields (urlencoded or
 * multipart), the keys of a JSON body (dotted paths: `params.to`), and the address's query. Read to
 * tell what a request does and who it goes to; written to put back a masked body and the statement.
 * Pure: no page, no browser.
 */
import type { OutgoingRequest } from '../../lib/request-events';

export interface RequestView {
  /** The value of a field (the first of that name), or of a JSON key, or of the address's query. */
  get(name: string): string | undefined;
  /** The raw JSON value at a path (a list or an object of attachments), when the body is JSON. */
  raw(name: string): unknown;
}

function queryOf(url: string): URLSearchParams {
  try {
    return new URL(url, 'http://page.invalid/').searchParams;
  } catch {
    return new URLSearchParams();
  }
}

/** The JSON body, when the body is a JSON object. */
export function jsonBody(req: Pick<OutgoingRequest, 'text' | 'fields'>): Record<string, unknown> | undefined {
  if (req.fields || !req.text || !/^\s*\{/.test(req.text)) return undefined;
  try {
    const v = JSON.parse(req.text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function at(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const key of path.split('.')) {
    if (!v || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** A URL-encoded text body read as fields (a page may post `a=1&b=2` as a string). */
function textFields(req: Pick<OutgoingRequest, 'text' | 'fields'>): URLSearchParams | undefined {
  if (req.fields || !req.text || /^\s*[{[]/.test(req.text) || !/^[^=&\s]+=/.test(req.text)) return undefined;
  return new URLSearchParams(req.text);
}

export function viewOf(req: Pick<OutgoingRequest, 'url' | 'text' | 'fields'>): RequestView {
  const query = queryOf(req.url);
  const json = jsonBody(req);
  const text = textFields(req);
  const field = (name: string): string | undefined => {
    if (req.fields) {
      const f = req.fields.find((x) => x.name === name && 'value' in x);
      if (f && 'value' in f) return f.value;
    }
    if (text?.has(name)) return text.get(name) ?? undefined;
    if (json) {
      const v = at(json, name);
      if (typeof v === 'string') return v;
      if (typeof v === 'number' || typeof v === 'boolean') return String(v);
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(', ');
    }
    return undefined;
  };
  return {
    get: (name) => field(name) ?? query.get(name) ?? undefined,
    raw: (name) => (json ? at(json, name) : field(name)),
  };
}

/**
 * True when every condition holds: `name=value` for a field or query value (`name=` for an empty
 * or absent one), or a text starting with `/` or `?` that the address contains.
 */
export function holds(conditions: readonly string[] | undefined, req: Pick<OutgoingRequest, 'url' | 'text' | 'fields'>, view = viewOf(req)): boolean {
  if (!conditions?.length) return false;
  return conditions.every((c) => {
    if (c.startsWith('/') || c.startsWith('?')) return req.url.includes(c);
    const at = c.indexOf('=');
    const want = c.slice(at + 1);
    return (view.get(c.slice(0, at)) ?? '') === want;
  });
}

/** How many attachments a field lists: a comma-separated list of ids, a JSON list, or a JSON object's keys. */
export function countListed(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (value && typeof value === 'object') return Object.keys(value).length;
  if (typeof value === 'string') return value.split(',').filter((s) => s.trim()).length;
  return 0;
}

/** A truthy flag as a form sends it: set, and not 0, false or off. */
export function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== '' && !/^(?:0|false|off|no)$/i.test(value.trim());
}
