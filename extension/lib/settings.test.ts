import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, mergeSettings, ruleMatches, siteRuleFor } from './settings';
import { effectiveRule } from './site-rules';

describe('mergeSettings', () => {
  it('lets managed values win key by key and reports which keys are managed', () => {
    const r = mergeSettings(
      { proxyUrl: 'https://dg.workforce.example.gov', failMode: 'closed' },
      { proxyUrl: 'http://127.0.0.1:8787', apiToken: 'dgd_local', failMode: 'open' },
    );
    expect(r.settings).toMatchObject({ proxyUrl: 'https://dg.workforce.example.gov', apiToken: 'dgd_local', failMode: 'closed' });
    expect(r.managed.sort()).toEqual(['failMode', 'proxyUrl']);
  });

  it('ignores invalid values from either source instead of failing, and reports bad site rules', () => {
    const r = mergeSettings({ failMode: 'sometimes', sites: 'all' }, { proxyUrl: 'not a url' });
    expect(r.settings).toEqual(DEFAULT_SETTINGS);
    expect(r.managed).toEqual([]);
    expect(r.invalidRules).toEqual([{ source: 'managed', index: -1, rule: '"all"', reason: 'sites must be a list of rules', code: 'not_a_list' }]);
  });

  it('takes site rules one by one: a bad rule is reported, the others apply, case is forgiven', () => {
    const r = mergeSettings(
      {
        sites: [
          { match: 'https://*.agency.gov/*', adapter: 'form', mode: 'Enforce' },
          { match: 'ftp://files.agency.gov/', adapter: 'form', mode: 'enforce' },
          { match: '*', adapter: 'form', mode: 'enforce' },
        ],
      },
      {},
    );
    expect(r.managedSites).toEqual([{ match: 'https://*.agency.gov/*', adapter: 'form', mode: 'enforce' }]);
    expect(r.managed).toEqual(['sites']);
    expect(r.invalidRules.map((x) => [x.index, x.code, x.reason])).toEqual([
      [1, 'no_site', 'the scheme "ftp" is not a web page\'s: the rule is not applied'],
      [2, 'every_site', 'a rule must name a site, not every site: the rule is not applied'],
    ]);
  });

  it('a managed rule the extension cannot read still guards its site, in its place in IT\'s list, and is reported', () => {
    const r = mergeSettings(
      {
        sites: [
          { match: 'mail.agency.gov', adapter: 'zimbra', mode: 'enforce' },
          { match: 'fax.agency.gov', adapter: 'fax', mode: 'sometimes' },
          { match: 'https://portal.agency.gov:99999/claims/', adapter: 'form', mode: 'audit' },
          { match: 'intake.agency.gov', adapter: 'form', mode: 'warn' },
        ],
      },
      // Staff cannot lower what IT's unreadable rule now guards.
      { sites: [{ match: 'mail.agency.gov', adapter: 'form', mode: 'off' }] },
    );
    expect(r.managedSites).toEqual([
      { match: 'mail.agency.gov', adapter: 'form', mode: 'enforce' },
      { match: 'fax.agency.gov', adapter: 'fax', mode: 'enforce' },
      { match: 'portal.agency.gov', adapter: 'form', mode: 'enforce' },
      { match: 'intake.agency.gov', adapter: 'form', mode: 'warn' },
    ]);
    expect(r.settings.sites).toEqual(r.managedSites);
    expect(effectiveRule('https://mail.agency.gov/#compose', [r.managedSites], r.localSites)).toEqual({ match: 'mail.agency.gov', adapter: 'form', mode: 'enforce' });
    expect(r.invalidRules).toEqual([
      expect.objectContaining({ source: 'managed', index: 0, code: 'unknown_kind', reason: 'unknown kind "zimbra": the site is guarded by the generic request guard at enforce', fallback: { adapter: 'form', mode: 'enforce' } }),
      expect.objectContaining({ source: 'managed', index: 1, code: 'unknown_mode', fallback: { adapter: 'fax', mode: 'enforce' } }),
      expect.objectContaining({ source: 'managed', index: 2, code: 'match_recovered', reason: 'port 99999 is out of range: the host portal.agency.gov is guarded by the generic request guard at enforce' }),
    ]);
  });

  it('a local rule the extension cannot read guards its site too (it can only raise IT\'s mode)', () => {
    const r = mergeSettings({}, { sites: [{ match: 'partner.example.org', adapter: 'webmail2', mode: 'warn' }] });
    expect(r.localSites).toEqual([{ match: 'partner.example.org', adapter: 'form', mode: 'warn' }]);
    expect(r.invalidRules).toEqual([expect.objectContaining({ source: 'local', code: 'unknown_kind' })]);
  });
});

describe('site rules', () => {
  const url = (u: string) => new URL(u);
  it.each([
    ['mail.google.com', 'https://mail.google.com/mail/u/0/#inbox', true],
    ['mail.google.com', 'https://evil.example/mail.google.com', false],
    ['*.fax.example.gov', 'https://portal.fax.example.gov/send', true],
    ['*.fax.example.gov', 'https://fax.example.gov/send', true],
    ['*.fax.example.gov', 'https://notfax.example.gov/send', false],
    ['127.0.0.1:4173/gmail', 'http://127.0.0.1:4173/gmail.html', true],
    ['127.0.0.1:4173/gmail', 'http://127.0.0.1:4174/gmail.html', false],
    ['127.0.0.1:4173/gmail', 'http://127.0.0.1:4173/outlook.html', false],
  ])('%s vs %s → %s', (match, u, expected) => expect(ruleMatches({ match }, url(u))).toBe(expected));

  it('takes the first matching rule across lists (managed, local, policy, built-in)', () => {
    const rule = siteRuleFor(
      'https://mail.google.com/',
      [{ match: 'mail.google.com', adapter: 'gmail', mode: 'audit' }],
      [{ match: 'mail.google.com', adapter: 'gmail', mode: 'enforce' }],
    );
    expect(rule?.mode).toBe('audit');
    expect(siteRuleFor('not a url', [{ match: 'x', adapter: 'form', mode: 'enforce' }])).toBeUndefined();
  });
});
