/**
 * Options: the settings IT can manage by policy; managed values win and are shown read-only (and
 * with every field managed there is nothing to save). Sites are rows with an address, the kind of
 * page and what to do there. Saving tests the connection, and so does "Test the connection": the
 * proxy must answer, take the token, and know the token's person as this email.
 */
import { browser } from 'wxt/browser';
import { mergeSettings, SETTING_KEYS, SettingsSchema } from '../../lib/settings';
import type { SettingKey } from '../../lib/settings';
import { validateRules } from '../../lib/site-rules';
import { reasonText } from '../../../shared/vocabulary';
import type { SiteRule } from '../../../shared/policy';
import { WEBMAIL_PRESET_NAMES } from '../../../shared/webmail';

const form = document.getElementById('form') as HTMLFormElement;
const message = document.getElementById('message')!;
const rows = document.getElementById('site-rows')!;
const field = (k: Exclude<SettingKey, 'sites'>) => document.getElementById(k) as HTMLInputElement | HTMLSelectElement;

/** Kinds of page; a webmail is named with its client (`webmail:roundcube`), whose send request the extension knows. */
const ADAPTERS: Array<[string, string]> = [
  ['fax', 'fax portal'],
  ['form', 'web form'],
  ['gmail', 'Gmail'],
  ['outlook', 'Outlook on the web'],
  ...WEBMAIL_PRESET_NAMES.map((p): [string, string] => [`webmail:${p}`, `webmail (${p === 'roundcube' ? 'Roundcube' : 'SnappyMail'})`]),
];
const kindOfRule = (rule: Partial<SiteRule>) => (rule.adapter === 'webmail' && rule.preset && !rule.send ? `webmail:${rule.preset}` : rule.adapter);
const MODES: Array<[SiteRule['mode'], string]> = [
  ['enforce', 'enforce (mask, block unauthorized recipients)'],
  ['warn', 'warn only'],
  ['audit', 'log only'],
  ['off', 'off'],
];

let managedKeys: SettingKey[] = [];

function say(text: string, kind: 'ok' | 'error' | ''): void {
  message.textContent = text;
  message.className = kind;
}

function select(options: Array<[string, string]>, value: string, label: string): HTMLSelectElement {
  const s = document.createElement('select');
  s.setAttribute('aria-label', label);
  for (const [v, text] of options) s.add(new Option(text, v, false, v === value));
  return s;
}

function input(value: string, label: string, placeholder = ''): HTMLInputElement {
  const i = document.createElement('input');
  i.value = value;
  i.placeholder = placeholder;
  i.setAttribute('aria-label', label);
  return i;
}

function addRow(rule: Partial<SiteRule>, disabled: boolean): void {
  const n = rows.children.length + 1;
  const tr = document.createElement('tr');
  tr.dataset.site = String(n);
  const cells: HTMLElement[] = [
    input(rule.match ?? '', `Site ${n}: address`, 'fax.agency.gov'),
    select(ADAPTERS, kindOfRule(rule) ?? 'fax', `Site ${n}: kind of page`),
    select(MODES, rule.mode ?? 'enforce', `Site ${n}: what to do`),
    input(rule.organization ?? '', `Site ${n}: receiving organization`),
  ];
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.textContent = 'Remove';
  remove.setAttribute('aria-label', `Remove site ${n}`);
  remove.addEventListener('click', () => tr.remove());
  cells.push(remove);
  for (const c of cells) {
    (c as HTMLInputElement).disabled = disabled;
    const td = document.createElement('td');
    td.append(c);
    tr.append(td);
  }
  rows.append(tr);
}

function siteRules(): Array<Record<string, string>> {
  return [...rows.querySelectorAll('tr')].flatMap((tr) => {
    const [match, adapter, mode, organization] = [...tr.querySelectorAll('input, select')].map((e) => (e as HTMLInputElement).value.trim());
    if (!match) return [];
    const [kind, preset] = adapter!.split(':');
    return [{ match: match!, adapter: kind!, mode: mode!, ...(preset ? { preset } : {}), ...(organization ? { organization } : {}) }];
  });
}

async function load(): Promise<void> {
  const managed = await browser.storage.managed.get().catch(() => ({}));
  const local = await browser.storage.local.get(SETTING_KEYS);
  const merged = mergeSettings(managed as Record<string, unknown>, local);
  managedKeys = merged.managed;
  const list = document.getElementById('invalid-rules')!;
  list.replaceChildren(
    ...merged.invalidRules.map((r) => {
      const li = document.createElement('li');
      li.textContent = `${r.source === 'managed' ? 'Set by your agency' : 'Set here'}: ${r.rule} — ${r.reason}`;
      return li;
    }),
  );
  list.hidden = merged.invalidRules.length === 0;
  for (const k of SETTING_KEYS) {
    const isManaged = managedKeys.includes(k);
    document.querySelector(`[data-managed="${k}"]`)!.textContent = isManaged ? '(set by your agency)' : '';
    if (k === 'sites') continue;
    const f = field(k);
    f.value = String(merged.settings[k]);
    f.disabled = isManaged;
  }
  rows.replaceChildren();
  for (const r of merged.settings.sites) addRow(r, managedKeys.includes('sites'));
  const sitesManaged = managedKeys.includes('sites');
  (document.getElementById('add-site') as HTMLButtonElement).hidden = sitesManaged;
  const everything = SETTING_KEYS.every((k) => managedKeys.includes(k));
  (document.getElementById('save') as HTMLButtonElement).hidden = everything;
  if (everything) say('Every setting is managed by your agency: there is nothing to save here.', '');
}

/** Asks the proxy, with these values, whether the token is good and whose it is. */
async function testConnection(proxyUrl: string, apiToken: string, userEmail: string): Promise<{ ok: boolean; text: string }> {
  if (!proxyUrl) return { ok: false, text: 'No proxy URL is set.' };
  let res: Response;
  try {
    res = await fetch(new URL('/api/v1/recipients/check', proxyUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sender: userEmail, channel: 'email', categories: ['personal'], recipients: [{ address: userEmail }] }),
      signal: AbortSignal.timeout(8000),
    });
  } catch (err) {
    return { ok: false, text: `The proxy at ${proxyUrl} could not be reached (${(err as Error).message}).` };
  }
  if (res.status === 401) return { ok: false, text: 'The proxy answered, but refused the device token: ask IT for a new one.' };
  if (res.status === 403) return { ok: false, text: `The device token belongs to someone other than ${userEmail}: check your email, or ask IT for your own token.` };
  if (res.status === 400) return { ok: false, text: 'The proxy answered, but your email is not one it can check: enter your agency email.' };
  if (!res.ok) return { ok: false, text: `The proxy answered ${res.status}; try again shortly.` };
  const body = (await res.json()) as { sender?: { authorized: boolean; reasons: string[] } };
  const sender = body.sender;
  if (sender && !sender.authorized) {
    return { ok: true, text: `Connected to ${proxyUrl} as ${userEmail}, but the registry says you ${sender.reasons.map(reasonText).join('; and ')}: confidential sends will be refused until that is fixed.` };
  }
  return { ok: true, text: `Connected to ${proxyUrl} as ${userEmail}.` };
}

function current(): { proxyUrl: string; apiToken: string; userEmail: string } {
  return { proxyUrl: field('proxyUrl').value.trim(), apiToken: field('apiToken').value.trim(), userEmail: field('userEmail').value.trim() };
}

document.getElementById('add-site')!.addEventListener('click', () => {
  addRow({}, false);
  (rows.lastElementChild?.querySelector('input') as HTMLInputElement | null)?.focus();
});

document.getElementById('test')!.addEventListener('click', async () => {
  say('Testing…', '');
  const c = current();
  const r = await testConnection(c.proxyUrl, c.apiToken, c.userEmail);
  say(r.text, r.ok ? 'ok' : 'error');
});

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const k of SETTING_KEYS) {
    if (managedKeys.includes(k)) continue;
    if (k === 'sites') {
      values.sites = siteRules();
      // Rule by rule, with the reason: a rule that would not apply is not saved.
      for (const r of validateRules(values.sites).invalid) problems.push(`site ${r.index + 1}: ${r.reason}`);
      continue;
    }
    values[k] = field(k).value.trim();
    const r = SettingsSchema.shape[k].safeParse(values[k]);
    if (!r.success) problems.push(`${k}: ${r.error.issues[0]?.message ?? 'invalid'}`);
  }
  if (problems.length) {
    say(`Not saved: ${problems.join('; ')}`, 'error');
    return;
  }
  await browser.storage.local.set(values);
  const c = current();
  const r = await testConnection(c.proxyUrl, c.apiToken, c.userEmail);
  say(r.ok ? `Saved. ${r.text}` : `Saved, but: ${r.text}`, r.ok ? 'ok' : 'error');
});

void load();
