import { describe, expect, it } from 'vitest';
import { effectiveRule, parsePattern, ruleMatches, strictestOriginRule } from './site-rules';
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
