/**
 * Settings: what IT sets through managed storage (policy) wins and shows read-only; what is not
 * managed can be set on the options page (storage.local). Site rules decide which adapter and mode
 * apply to a page: managed rules first, then local ones, then the proxy's policy, then the defaults.
 */
import { z } from 'zod';
import { SiteRuleSchema } from '../../shared/policy';
import type { SiteRule } from '../../shared/policy';
import { ruleMatches as matchesRule, validateRules } from './site-rules';
import type { InvalidRule } from './site-rules';

export const SettingsSchema = z.object({
  proxyUrl: z.string().url().or(z.literal('')),
  apiToken: z.string().max(200),
  userEmail: z.string().max(320),
  failMode: z.enum(['closed', 'open']),
  sites: z.array(SiteRuleSchema).max(500),
});
export type Settings = z.infer<typeof SettingsSchema>;
export type SettingKey = keyof Settings;
export const SETTING_KEYS: SettingKey[] = ['proxyUrl', 'apiToken', 'userEmail', 'failMode', 'sites'];

export const DEFAULT_SETTINGS: Settings = {
  proxyUrl: 'http://127.0.0.1:8787',
  apiToken: '',
  userEmail: '',
  failMode: 'closed',
  sites: [],
};

export const BUILTIN_SITES: SiteRule[] = [
  { match: 'mail.google.com', adapter: 'gmail', mode: 'enforce' },
  { match: 'outlook.office.com', adapter: 'outlook', mode: 'enforce' },
  { match: 'outlook.office365.com', adapter: 'outlook', mode: 'enforce' },
  { match: 'outlook.live.com', adapter: 'outlook', mode: 'enforce' },
];

export interface EffectiveSettings {
  settings: Settings;
  /** Which keys IT manages (read-only on the options page). */
  managed: SettingKey[];
  /** IT's site rules (first in line) and the ones staff added (which may only add or raise). */
  managedSites: SiteRule[];
  localSites: SiteRule[];
  /** Rules not valid as written, with the reason and what guards their site instead, for the popup, the options page and the proxy. */
  invalidRules: Array<InvalidRule & { source: 'managed' | 'local' }>;
}

/**
 * Managed values win key by key; invalid values from either source are ignored, never fatal. Site
 * rules are taken one by one: a bad rule is reported, the others still apply, and a bad rule that names
 * a site still guards it (validateRules), in its place in its list.
 */
export function mergeSettings(managed: Record<string, unknown>, local: Record<string, unknown>): EffectiveSettings {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  const managedKeys: SettingKey[] = [];
  const m = validateRules(managed.sites);
  const l = validateRules(local.sites);
  const invalidRules = [...m.invalid.map((r) => ({ ...r, source: 'managed' as const })), ...l.invalid.map((r) => ({ ...r, source: 'local' as const }))];
  // IT's list counts as managed when it is a list, even if some of its rules were refused.
  const itList = Array.isArray(managed.sites);
  const managedSites = itList ? m.rules : [];
  if (itList) managedKeys.push('sites');
  settings.sites = itList ? m.rules : l.rules;
  for (const key of SETTING_KEYS) {
    if (key === 'sites') continue;
    const field = SettingsSchema.shape[key];
    const m = field.safeParse(managed[key]);
    if (managed[key] !== undefined && m.success) {
      (settings as Record<string, unknown>)[key] = m.data;
      managedKeys.push(key);
      continue;
    }
    const l = field.safeParse(local[key]);
    if (local[key] !== undefined && l.success) (settings as Record<string, unknown>)[key] = l.data;
  }
  return { settings, managed: managedKeys, managedSites, localSites: l.rules, invalidRules };
}

/** See site-rules.ts for the forms a rule's `match` may take. */
export const ruleMatches = matchesRule;

export function siteRuleFor(url: string, ...ruleLists: ReadonlyArray<readonly SiteRule[]>): SiteRule | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  for (const rules of ruleLists) for (const r of rules) if (ruleMatches(r, parsed)) return r;
  return undefined;
}
