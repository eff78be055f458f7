/** Options: the same settings IT can manage; managed values win and are shown read-only. */
import { browser } from 'wxt/browser';
import { mergeSettings, SETTING_KEYS, SettingsSchema } from '../../lib/settings';
import type { SettingKey } from '../../lib/settings';
import { validateRules } from '../../lib/site-rules';

const form = document.getElementById('form') as HTMLFormElement;
const message = document.getElementById('message')!;
const field = (k: SettingKey) => document.getElementById(k) as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

async function load(): Promise<void> {
  const managed = await browser.storage.managed.get().catch(() => ({}));
  const local = await browser.storage.local.get(SETTING_KEYS);
  const { settings, managed: managedKeys, invalidRules } = mergeSettings(managed as Record<string, unknown>, local);
  const list = document.getElementById('invalid-rules')!;
  list.replaceChildren(
    ...invalidRules.map((r) => {
      const li = document.createElement('li');
      li.textContent = `${r.source === 'managed' ? 'Set by your agency' : 'Set here'}: ${r.rule} — ${r.reason}`;
      return li;
    }),
  );
  list.hidden = invalidRules.length === 0;
  for (const k of SETTING_KEYS) {
    const f = field(k);
    f.value = k === 'sites' ? JSON.stringify(settings.sites, null, 2) : String(settings[k]);
    const isManaged = managedKeys.includes(k);
    f.disabled = isManaged;
    document.querySelector(`[data-managed="${k}"]`)!.textContent = isManaged ? '(set by your agency)' : '';
  }
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const values: Record<string, unknown> = {};
  for (const k of SETTING_KEYS) {
    const f = field(k);
    if (f.disabled) continue;
    if (k === 'sites') {
      try {
        values.sites = f.value.trim() ? JSON.parse(f.value) : [];
      } catch {
        message.textContent = 'Sites must be a JSON list.';
        message.className = 'error';
        return;
      }
    } else values[k] = f.value.trim();
  }
  const problems: string[] = [];
  if (values.sites !== undefined) {
    // Rule by rule, with the reason: a rule that would not apply is not saved.
    for (const r of validateRules(values.sites).invalid) problems.push(`site rule ${r.index + 1}: ${r.reason}`);
  }
  for (const [k, v] of Object.entries(values)) {
    if (k === 'sites') continue;
    const r = SettingsSchema.shape[k as SettingKey].safeParse(v);
    if (!r.success) problems.push(`${k}: ${r.error.issues[0]?.message ?? 'invalid'}`);
  }
  if (problems.length) {
    message.textContent = problems.join('; ');
    message.className = 'error';
    return;
  }
  await browser.storage.local.set(values);
  message.textContent = 'Saved.';
  message.className = 'ok';
});

void load();
