/**
 * Settings: what IT sets through managed storage (policy) wins and shows read-only; what is not
 * managed can be set on the options page (storage.local). Site rules decide which adapter and mode
 * apply to a page: managed rules first, then local ones, then the proxy's policy, then the defaults.
 */
import { z } from 'zod';
import { SiteRuleSchema } from '../../shared/policy';
import type { SiteRule } from '../../shared/policy';

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
}

/** Managed values win key by key; invalid values from either source are ignored, never fatal. */
export function mergeSettings(managed: Record<string, unknown>, local: Record<string, unknown>): EffectiveSettings {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  const managedKeys: SettingKey[] = [];
  for (const key of SETTING_KEYS) {
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
  return { settings, managed: managedKeys };
}

/**
 * A rule's `match` is `host[:port][/path-prefix]`; the host may start with `*.` for any subdomain.
 * "mail.google.com", "*.fax.example.gov", "127.0.0.1:4173/gmail".
 */
export function ruleMatches(rule: Pick<SiteRule, 'match'>, url: URL): boolean {
  const m = /^(\*\.)?([^/:]+)(?::(\d+))?(\/.*)?$/.exec(rule.match.trim().toLowerCase());
  if (!m) return false;
  const [, wildcard, host, port, path] = m;
  const h = url.hostname.toLowerCase();
  if (wildcard ? !(h === host || h.endsWith(`.${host}`)) : h !== host) return false;
  if (port !== undefined && url.port !== port) return false;
  if (path !== undefined && !url.pathname.startsWith(path)) return false;
  return true;
}

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
