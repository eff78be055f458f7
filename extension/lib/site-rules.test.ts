import { describe, expect, it } from 'vitest';
import { effectiveRule, parsePattern, ruleMatches, strictestOriginRule, validateRules } from './site-rules';
import type { SiteRule } from '../../shared/policy';

const rule = (match: string, mode: SiteRule['mode'] = 'enforce'): SiteRule => ({ match, adapter: 'form', mode });

describe('site rules as IT writes them', () => {
  it.each([
    ['a Chrome match pattern with a subdomain wildcard', 'https://*.agency.gov/*', 'https://portal.agency.gov/fax/send', true],
    ['…which covers the bare domain too', 'https://*.agency.gov/*', 'https://agency.gov/', true],
    ['…but only over its scheme', 'https://*.agency.gov/*', 'http://portal.agency.gov/', false],
    ['any scheme and a path', '*://portal.agency.gov/fax/*', 'http://portal.agency.gov/fax/new', true],
    ['…not another path', '*://portal.agency.gov/fax/*', 'http://portal.agency.gov/mail/', false],
    ['a plain URL', 'https://portal.x.gov/FaxPortal/', 'https://portal.x.gov/FaxPortal/send.aspx', true],
    ['a path in capitals, the page in lower case', 'portal.x.gov/FaxPortal/', 'https://portal.x.gov/faxportal/send', true],
    ['a host in capitals', 'Portal.X.Gov', 'https://portal.x.gov/', true],
    ['a default port written out (http)', 'fax.x.gov:80', 'http://fax.x.gov/', true],
    ['a default port written out (https)', 'fax.x.gov:443', 'https://fax.x.gov/', true],
    ['…not another port', 'fax.x.gov:80', 'http://fax.x.gov:8080/', false],
    ['a bare host covers its www. form', 'agency.gov', 'https://www.agency.gov/forms', true],
    ['…but no other subdomain', 'agency.gov', 'https://mail.agency.gov/', false],
    ['host:port/path as before', '127.0.0.1:4173/gmail', 'http://127.0.0.1:4173/gmail.html', true],
    ['a look-alike host', 'mail.google.com', 'https://evil.example/mail.google.com', false],
    ['a folder covers its own page without the trailing slash', 'portal.agency.gov/efax/', 'https://portal.agency.gov/efax', true],
    ['…in a match pattern too', '*://portal.agency.gov/efax/*', 'https://portal.agency.gov/EFax?case=2024-0815', true],
    ['…but not a page whose name only starts like it', 'portal.agency.gov/efax/', 'https://portal.agency.gov/efaxes', false],
    ['a look-alike suffix', '*.fax.example.gov', 'https://notfax.example.gov/', false],
  ])('%s: %s vs %s → %s', (_why, match, url, expected) => expect(ruleMatches({ match }, new URL(url))).toBe(expected));

  it.each([
    ['', 'the match is empty'],
    ['<all_urls>', 'a rule must name a site, not every site'],
    ['https://*/*', 'a rule must name a host, not any host'],
    ['ftp://x.gov/', 'the scheme "ftp" is not a web page\'s'],
    ['exa mple.gov', '"exa mple.gov" is not a host name'],
    ['x.gov:99999', 'port 99999 is out of range'],
  ])('refuses %j: %s', (match, reason) => expect(parsePattern(match)).toBe(reason));
});

describe('who decides a page\'s mode', () => {
  const it_ = [rule('intake.agency.gov', 'enforce')];
  it('staff can add a site nobody else names', () => {
    expect(effectiveRule('https://partner.example.org/', [it_], [rule('partner.example.org', 'warn')])?.mode).toBe('warn');
  });
  it('staff can raise a mode IT or the proxy set', () => {
    expect(effectiveRule('https://intake.agency.gov/', [[rule('intake.agency.gov', 'audit')]], [rule('intake.agency.gov', 'enforce')])?.mode).toBe('enforce');
  });
  it('staff can never lower one, not even a built-in rule', () => {
    expect(effectiveRule('https://intake.agency.gov/', [it_], [rule('intake.agency.gov', 'off')])?.mode).toBe('enforce');
    const builtin = [{ match: 'mail.google.com', adapter: 'gmail' as const, mode: 'enforce' as const }];
    expect(effectiveRule('https://mail.google.com/mail/u/0', [[], [], builtin], [{ match: 'mail.google.com', adapter: 'gmail', mode: 'off' }])?.mode).toBe('enforce');
  });
});

describe('what a service worker of an origin sends is judged by the strictest rule naming the origin', () => {
  const portal = [rule('portal.agency.gov/help/', 'audit'), rule('portal.agency.gov/efax/', 'enforce'), rule('portal.agency.gov/news/', 'warn')];
  it('a rule for one folder of the origin applies to its worker, the strictest of them', () => {
    expect(strictestOriginRule('https://portal.agency.gov', [portal], [])?.match).toBe('portal.agency.gov/efax/');
  });
  it('rules of other hosts, ports or schemes do not', () => {
    expect(strictestOriginRule('https://other.agency.gov', [portal], [])).toBeUndefined();
    expect(strictestOriginRule('https://portal.agency.gov:8443', [[rule('portal.agency.gov:443/', 'enforce')]], [])).toBeUndefined();
    expect(strictestOriginRule('http://portal.agency.gov', [[rule('https://portal.agency.gov/', 'enforce')]], [])).toBeUndefined();
  });
  it('staff may raise it and never lower it', () => {
    expect(strictestOriginRule('https://portal.agency.gov', [[rule('portal.agency.gov/help/', 'audit')]], [rule('portal.agency.gov', 'enforce')])?.mode).toBe('enforce');
    expect(strictestOriginRule('https://portal.agency.gov', [portal], [rule('portal.agency.gov', 'off')])?.mode).toBe('enforce');
  });
});

describe('a rule the extension cannot read still guards its site (fail closed)', () => {
  const one = (raw: unknown) => {
    const r = validateRules([raw]);
    return { rule: r.rules[0], problem: r.invalid[0] };
  };
  const page = (url: string, raw: unknown) => effectiveRule(url, [validateRules([raw]).rules], []);

  it.each([
    ['an unknown kind at enforce', { match: 'mail.agency.gov', adapter: 'webmail2', mode: 'enforce' }, 'enforce', 'unknown_kind', 'unknown kind "webmail2": the site is guarded by the generic request guard at enforce'],
    ['an unknown kind keeps its valid mode', { match: 'mail.agency.gov', adapter: 'Zimbra', mode: 'warn' }, 'warn', 'unknown_kind', 'unknown kind "zimbra": the site is guarded by the generic request guard at warn'],
    ['no kind at all', { match: 'mail.agency.gov', mode: 'audit' }, 'audit', 'missing_kind', 'no kind of page: the site is guarded by the generic request guard at audit'],
    ['a kind that is not a word', { match: 'mail.agency.gov', adapter: 7, mode: 'enforce' }, 'enforce', 'unknown_kind', 'unknown kind 7: the site is guarded by the generic request guard at enforce'],
    ['an unknown mode, with an unknown kind', { match: 'mail.agency.gov', adapter: 'zimbra', mode: 'strict' }, 'enforce', 'unknown_kind', 'unknown kind "zimbra"; unknown mode "strict": the site is guarded by the generic request guard at enforce'],
    ['no mode', { match: 'mail.agency.gov', adapter: 'zimbra' }, 'enforce', 'unknown_kind', 'unknown kind "zimbra"; no mode: the site is guarded by the generic request guard at enforce'],
  ])('%s', (_why, raw, mode, code, reason) => {
    const { rule, problem } = one(raw);
    expect(rule).toEqual({ match: 'mail.agency.gov', adapter: 'form', mode });
    expect(problem).toMatchObject({ index: 0, code, reason, fallback: { adapter: 'form', mode } });
    expect(page('https://mail.agency.gov/compose', raw)).toMatchObject({ adapter: 'form', mode });
    expect(page('https://other.agency.gov/', raw)).toBeUndefined();
  });

  it('a known kind with an unknown or missing mode keeps its kind at enforce', () => {
    expect(one({ match: 'fax.agency.gov', adapter: 'fax', mode: 'sometimes' })).toMatchObject({
      rule: { match: 'fax.agency.gov', adapter: 'fax', mode: 'enforce' },
      problem: { code: 'unknown_mode', reason: 'unknown mode "sometimes": the site is guarded by its fax guard at enforce', fallback: { adapter: 'fax', mode: 'enforce' } },
    });
    expect(one({ match: 'fax.agency.gov', adapter: 'fax' }).problem).toMatchObject({ code: 'missing_mode', fallback: { adapter: 'fax', mode: 'enforce' } });
  });

  it('a bad organization is left out; the site stays guarded at its mode, and unknown extra fields are fine', () => {
    const r = one({ match: 'portal.agency.gov/claims/', adapter: 'form', mode: 'warn', organization: 'x'.repeat(201), note: 'added for the claims portal' });
    expect(r.rule).toEqual({ match: 'portal.agency.gov/claims/', adapter: 'form', mode: 'warn' });
    expect(r.problem).toMatchObject({ code: 'bad_field', fallback: { adapter: 'form', mode: 'warn' } });
    expect(r.problem!.reason).toMatch(/^organization: .*: the site is guarded by the generic request guard at warn$/);
    expect(validateRules([{ match: 'x.gov', adapter: 'form', mode: 'enforce', note: 'fine' }]).invalid).toEqual([]);
  });

  it.each([
    ['a port out of range', 'https://mail.agency.gov:99999/', 'mail.agency.gov'],
    ['a port that is not a number', 'mail.agency.gov:8O80/inbox', 'mail.agency.gov'],
    ['two ports', 'https://mail.agency.gov:443:1/', 'mail.agency.gov'],
    ['a backslash for a slash', 'mail.agency.gov\\fax', 'mail.agency.gov'],
    ['a space before the path', 'mail.agency.gov /fax', 'mail.agency.gov'],
    ['a subdomain wildcard with a bad port', '*.agency.gov:70000', '*.agency.gov'],
    ['a match longer than a rule may be', `portal.agency.gov/${'a'.repeat(260)}`, 'portal.agency.gov'],
  ])('a match that cannot be read but names a host (%s) guards that host at enforce', (_why, match, host) => {
    const { rule, problem } = one({ match, adapter: 'zimbra', mode: 'audit' });
    expect(rule).toEqual({ match: host, adapter: 'form', mode: 'enforce' });
    expect(problem).toMatchObject({ code: 'match_recovered', fallback: { adapter: 'form', mode: 'enforce' } });
    expect(problem!.reason).toMatch(new RegExp(`: the host ${host.replace(/[.*]/g, '\\$&')} is guarded by the generic request guard at enforce$`));
  });

  it('a known kind keeps it on the recovered host', () => {
    expect(one({ match: 'https://fax.agency.gov:99999/', adapter: 'fax', mode: 'warn' }).rule).toEqual({ match: 'fax.agency.gov', adapter: 'fax', mode: 'enforce' });
  });

  it('a stray character after a path is no problem: the rule applies as written', () => {
    expect(one({ match: 'mail.agency.gov/*?x', adapter: 'form', mode: 'enforce' })).toEqual({ rule: { match: 'mail.agency.gov/*?x', adapter: 'form', mode: 'enforce' }, problem: undefined });
  });

  it.each([
    ['every site', '<all_urls>', 'every_site'],
    ['any host', 'https://*/*', 'every_site'],
    ['a bare star with a port', '*:99999', 'every_site'],
    ['a wildcard over a top-level domain', '*.gov:99999', 'no_site'],
    ['a scheme no web page has', 'ftp://files.agency.gov/', 'no_site'],
    ['a broken host', 'exa mple.gov', 'no_site'],
    ['a word, not a host', 'intranet:99999', 'no_site'],
    ['a list in one string', 'mail.agency.gov,fax.agency.gov', 'no_site'],
    ['nothing', '', 'no_site'],
  ])('nothing is recovered from %s: the rule is reported and never widened', (_why, match, code) => {
    const r = validateRules([{ match, adapter: 'zimbra', mode: 'enforce' }]);
    expect(r.rules).toEqual([]);
    expect(r.invalid).toEqual([expect.objectContaining({ index: 0, code, reason: expect.stringMatching(/: the rule is not applied$/) })]);
    expect(r.invalid[0]!.fallback).toBeUndefined();
  });

  it('a match that is not text, or an entry that is not a rule, is reported', () => {
    expect(validateRules([{ match: 42, adapter: 'form', mode: 'enforce' }, 'mail.agency.gov']).invalid.map((x) => x.code)).toEqual(['no_site', 'not_a_rule']);
    expect(validateRules('all').invalid.map((x) => x.code)).toEqual(['not_a_list']);
  });
});
