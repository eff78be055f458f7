/**
 * Site rules as IT writes them. A rule's `match` may be
 *  - a Chrome match pattern: `https://*.agency.gov/*`, `*://portal.agency.gov/fax/*`;
 *  - a plain URL: `https://portal.agency.gov/FaxPortal/`;
 *  - `host[:port][/path]`: `mail.google.com`, `*.fax.agency.gov`, `fax.agency.gov:80`, `127.0.0.1:4173/gmail`.
 * Hosts compare without case; paths are prefixes, compared without case too (matching a little
 * more is the safe side), and a folder (`/efax/`) covers its page without the slash (`/efax`); a default port (80, 443) equals no port; a bare host also matches its
 * `www.` form (`agency.gov` covers `www.agency.gov`), while `*.agency.gov` covers every subdomain.
 * Rules are validated one by one: a bad rule is reported with its reason and never disables others,
 * and a rule that names a site still guards it however else it is wrong (fail closed): see validateRules.
 */
import { SiteModeSchema, SiteRuleSchema } from '../../shared/policy';
import type { SiteMode, SiteRule } from '../../shared/policy';
import { guardWords } from '../../shared/rule-problems';
import type { RuleProblem } from '../../shared/rule-problems';

export interface Pattern {
  scheme: string | null;
  wildcard: boolean;
  host: string;
  port: string | null;
  /** Lower-case path prefix; `*` in a match pattern ends it. */
  path: string;
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/** The pattern of a rule's `match`, or the reason it is not one. */
export function parsePattern(match: string): Pattern | string {
  const p = readPattern(match);
  return 'problem' in p ? p.problem : p;
}

/** A pattern, or why not: `everySite` when the match names every site or any host. */
function readPattern(match: string): Pattern | { problem: string; everySite?: true } {
  const bad = (problem: string) => ({ problem });
  const every = (problem: string) => ({ problem, everySite: true as const });
  const s = match.trim();
  if (!s) return bad('the match is empty');
  if (s === '<all_urls>' || s === '*') return every('a rule must name a site, not every site');
  let rest = s;
  let scheme: string | null = null;
  const sm = /^([a-z*][a-z0-9+.-]*):\/\//i.exec(rest);
  if (sm) {
    scheme = sm[1]!.toLowerCase();
    if (scheme !== '*' && scheme !== 'http' && scheme !== 'https') return bad(`the scheme "${scheme}" is not a web page's`);
    rest = rest.slice(sm[0].length);
  }
  const hm = /^(\*\.|\*(?=$|[/:]))?([^/:?#]*)(?::(\d{1,5}|\*))?([/?#].*)?$/.exec(rest);
  if (!hm) return bad('not a host, a URL or a match pattern');
  const [, star, hostRaw, portRaw, pathRaw] = hm;
  const host = hostRaw!.toLowerCase().replace(/\.$/, '');
  if (star === '*' || (!host && star)) return every('a rule must name a host, not any host');
  if (!/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$|^\[[0-9a-f:.]+\]$/.test(host)) {
    return bad(`"${hostRaw}" is not a host name`);
  }
  const port = portRaw === undefined || portRaw === '*' ? null : portRaw;
  if (port !== null && (+port < 1 || +port > 65535)) return bad(`port ${port} is out of range`);
  let path = (pathRaw ?? '').split(/[?#]/)[0]!;
  const starAt = path.indexOf('*');
  if (starAt >= 0) path = path.slice(0, starAt);
  return { scheme: scheme === '*' ? null : scheme, wildcard: star === '*.', host, port, path: path.toLowerCase() };
}

export function patternMatches(p: Pattern, url: URL): boolean {
  if (p.scheme && `${p.scheme}:` !== url.protocol) return false;
  const h = url.hostname.toLowerCase();
  const hostOk = p.wildcard ? h === p.host || h.endsWith(`.${p.host}`) : h === p.host || h === `www.${p.host}`;
  if (!hostOk) return false;
  if (p.port !== null) {
    const effective = url.port || DEFAULT_PORTS[url.protocol] || '';
    if (effective !== p.port) return false;
  }
  const path = url.pathname.toLowerCase();
  // A folder's rule ("/efax/") covers the folder's own page without its trailing slash ("/efax").
  return path.startsWith(p.path) || (p.path.length > 1 && p.path.endsWith('/') && path === p.path.slice(0, -1));
}

export function ruleMatches(rule: Pick<SiteRule, 'match'>, url: URL): boolean {
  const p = parsePattern(rule.match);
  return typeof p !== 'string' && patternMatches(p, url);
}

export interface InvalidRule {
  index: number;
  /** The rule as written, shortened (shown in this browser only, never reported). */
  rule: string;
  /** What is wrong and what the extension does instead, in words (shown in this browser only). */
  reason: string;
  /** The same as a code: what the proxy receives. */
  code: RuleProblem;
  /** What guards the rule's site instead; absent when the rule names no site it could guard. */
  fallback?: { adapter: SiteRule['adapter']; mode: SiteMode };
}

/**
 * The host a `match` that cannot be read still names, when it names one plainly: a web scheme (or
 * none), then a host name with a dot (after `*.` too: never a top-level domain), then the end or
 * what starts a port or a path. Anything else recovers nothing, so no rule ever widens to a word, a
 * top-level domain or every site.
 */
function recoverHost(match: string): string | undefined {
  let rest = match.trim();
  const sm = /^([a-z*][a-z0-9+.-]*):\/\//i.exec(rest);
  if (sm) {
    if (!['*', 'http', 'https'].includes(sm[1]!.toLowerCase())) return undefined;
    rest = rest.slice(sm[0].length);
  }
  const hm = /^(\*\.)?([a-z0-9.-]+|\[[0-9a-f:.]+\])(?=$|[:/\\?#\s])/i.exec(rest);
  if (!hm) return undefined;
  const host = hm[2]!.toLowerCase().replace(/\.$/, '');
  if (!host.startsWith('[') && !host.includes('.')) return undefined;
  const recovered = `${hm[1] ?? ''}${host}`;
  return 'problem' in readPattern(recovered) ? undefined : recovered;
}

const written = (v: unknown) => (typeof v === 'string' ? `"${v.slice(0, 40)}"` : String(JSON.stringify(v)).slice(0, 40));

/**
 * Every rule of a list that guards a site, with case and spacing normalised ("Enforce" is enforce),
 * and every rule that is not valid as written, with its reason. A rule that is not valid still guards
 * the site it names (fail closed): an unknown or missing kind becomes the generic request guard (form,
 * which reads every request body leaving the page), an unknown or missing mode becomes enforce, a bad
 * organization is left out; a match that cannot be read guards the host it plainly names at enforce.
 * Only a rule that names no site (or every site) guards nothing. Never throws.
 */
export function validateRules(input: unknown): { rules: SiteRule[]; invalid: InvalidRule[] } {
  const rules: SiteRule[] = [];
  const invalid: InvalidRule[] = [];
  if (input === undefined || input === null) return { rules, invalid };
  if (!Array.isArray(input)) {
    return { rules, invalid: [{ index: -1, rule: String(JSON.stringify(input)).slice(0, 80), reason: 'sites must be a list of rules', code: 'not_a_list' }] };
  }
  input.slice(0, 500).forEach((raw, index) => {
    const shown = String(JSON.stringify(raw)).slice(0, 120);
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      return invalid.push({ index, rule: shown, reason: 'a rule is an object with match, adapter and mode', code: 'not_a_rule' });
    }
    const r = raw as Record<string, unknown>;
    const norm = {
      ...r,
      match: typeof r.match === 'string' ? r.match.trim() : r.match,
      adapter: typeof r.adapter === 'string' ? r.adapter.trim().toLowerCase() : r.adapter,
      mode: typeof r.mode === 'string' ? r.mode.trim().toLowerCase() : r.mode,
    };
    const parsed = SiteRuleSchema.safeParse(norm);
    const pattern = typeof norm.match === 'string' ? readPattern(norm.match) : { problem: 'match: not text' };
    if (parsed.success && !('problem' in pattern)) return rules.push(parsed.data);

    // The site first: as written, or the host it plainly names (then at enforce), or none.
    const matchOk = !('problem' in pattern) && SiteRuleSchema.shape.match.safeParse(norm.match).success;
    const problems: string[] = [];
    let code: RuleProblem | undefined;
    let match: string | undefined;
    if (matchOk) match = norm.match as string;
    else {
      const why = 'problem' in pattern ? pattern.problem : 'match: longer than 253 characters';
      match = 'everySite' in pattern ? undefined : typeof norm.match === 'string' ? recoverHost(norm.match) : undefined;
      if (!match) {
        const every = 'everySite' in pattern;
        return invalid.push({ index, rule: shown, reason: `${why}: the rule is not applied`, code: every ? 'every_site' : 'no_site' });
      }
      problems.push(why);
      code = 'match_recovered';
    }
    const adapter = SiteRuleSchema.shape.adapter.safeParse(norm.adapter);
    if (!adapter.success) {
      problems.push(norm.adapter === undefined ? 'no kind of page' : `unknown kind ${written(norm.adapter)}`);
      code ??= norm.adapter === undefined ? 'missing_kind' : 'unknown_kind';
    }
    const mode = SiteModeSchema.safeParse(norm.mode);
    if (!mode.success) {
      problems.push(norm.mode === undefined ? 'no mode' : `unknown mode ${written(norm.mode)}`);
      code ??= norm.mode === undefined ? 'missing_mode' : 'unknown_mode';
    }
    const organization = SiteRuleSchema.shape.organization.safeParse(r.organization);
    if (!organization.success) {
      problems.push(`organization: ${organization.error.issues[0]?.message ?? 'invalid'}`);
      code ??= 'bad_field';
    }
    // A webmail rule is read by its send request: without one it gets the generic request guard.
    let webmail: Pick<SiteRule, 'preset' | 'send'> | undefined;
    if (adapter.success && adapter.data === 'webmail') {
      const candidate = { preset: r.preset, send: r.send } as Pick<SiteRule, 'preset' | 'send'>;
      const checked = SiteRuleSchema.safeParse({ match: 'webmail.invalid', adapter: 'webmail', mode: 'enforce', ...candidate });
      if (checked.success) webmail = { ...(checked.data.preset ? { preset: checked.data.preset } : {}), ...(checked.data.send ? { send: checked.data.send } : {}) };
      else {
        const issue = checked.error.issues[0];
        problems.push(`${issue?.path.join('.') || 'send'}: ${issue?.message ?? 'invalid'}`);
        code ??= 'bad_send';
      }
    }
    const rule: SiteRule = {
      match,
      adapter: adapter.success && (adapter.data !== 'webmail' || webmail) ? adapter.data : 'form',
      ...(webmail ?? {}),
      mode: code === 'match_recovered' || !mode.success ? 'enforce' : mode.data,
      ...(organization.success && organization.data !== undefined ? { organization: organization.data } : {}),
    };
    const what = code === 'match_recovered' ? `the host ${match} is guarded` : 'the site is guarded';
    rules.push(rule);
    invalid.push({
      index,
      rule: shown,
      reason: `${problems.join('; ')}: ${what} by ${guardWords(rule.adapter)} at ${rule.mode}`,
      code: code ?? 'bad_field',
      fallback: { adapter: rule.adapter, mode: rule.mode },
    });
  });
  return { rules, invalid };
}

const RANK: Record<SiteMode, number> = { off: 0, audit: 1, warn: 2, enforce: 3 };

/**
 * The rule for a page: the first match among the rules IT and the agency set (managed, then the
 * proxy's policy, then the built-in ones); a rule staff added locally applies only where none of
 * those matches, or to raise the mode (never to lower it).
 */
export function effectiveRule(url: string, authoritative: ReadonlyArray<readonly SiteRule[]>, local: readonly SiteRule[]): SiteRule | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const first = (rules: readonly SiteRule[]) => rules.find((r) => ruleMatches(r, parsed));
  let auth: SiteRule | undefined;
  for (const list of authoritative) if ((auth = first(list))) break;
  const mine = first(local);
  if (!auth) return mine;
  if (mine && RANK[mine.mode] > RANK[auth.mode]) return { ...auth, mode: mine.mode };
  return auth;
}

/**
 * The rule for what an origin does outside any page (a service worker's request, a shared worker's):
 * such a worker serves every page of its origin, so the strictest rule naming the origin applies,
 * whatever its path. Among equally strict rules the first stands; a local rule only raises the mode.
 */
export function strictestOriginRule(origin: string, authoritative: ReadonlyArray<readonly SiteRule[]>, local: readonly SiteRule[]): SiteRule | undefined {
  const strictest = (rules: readonly SiteRule[]) => {
    let best: SiteRule | undefined;
    for (const r of rules) {
      const p = parsePattern(r.match);
      if (typeof p === 'string') continue;
      let url: URL;
      try {
        url = new URL(p.path, origin);
      } catch {
        continue;
      }
      if (url.origin !== origin || !patternMatches(p, url)) continue;
      if (!best || RANK[r.mode] > RANK[best.mode]) best = r;
    }
    return best;
  };
  let auth: SiteRule | undefined;
  for (const list of authoritative) {
    const r = strictest(list);
    if (r && (!auth || RANK[r.mode] > RANK[auth.mode])) auth = r;
  }
  const mine = strictest(local);
  if (!auth) return mine;
  if (mine && RANK[mine.mode] > RANK[auth.mode]) return { ...auth, mode: mine.mode };
  return auth;
}
