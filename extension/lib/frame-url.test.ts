import { describe, expect, it } from 'vitest';
import { backstopPage, frameUrl, ruleAddresses } from './frame-url';

/** A window as a frame sees it: its own address, its parent's (or a throw), its referrer. */
function frame(href: string, parent: string | 'opaque' | 'self', referrer = ''): Window {
  const win: { location: { href: string }; document: { referrer: string }; parent?: unknown } = { location: { href }, document: { referrer } };
  win.parent =
    parent === 'self'
      ? win
      : {
          get location() {
            if (parent === 'opaque') throw new DOMException('Blocked a frame with origin "null"', 'SecurityError');
            return { href: parent };
          },
        };
  return win as unknown as Window;
}

describe('frameUrl: the address a frame is judged by', () => {
  it('a frame with an address of its own', () => {
    expect(frameUrl(frame('https://portal.agency.gov/fax/send', 'self'))).toEqual({ url: 'https://portal.agency.gov/fax/send', generated: false });
  });

  it('about:blank, srcdoc and Blob frames: the page that made them', () => {
    const parent = 'https://mail.agency.gov/compose?id=7';
    for (const href of ['about:blank', 'about:srcdoc', 'blob:https://mail.agency.gov/5d1f0c1e-2f7a-4c55-9a52-5b8a3c0e1d2f']) {
      expect(frameUrl(frame(href, parent))).toEqual({ url: parent, generated: true });
    }
  });

  it('a data: or sandboxed frame cannot read its parent: its referrer, else its own address', () => {
    expect(frameUrl(frame('data:text/html,<p>x', 'opaque', 'https://mail.agency.gov/'))).toEqual({ url: 'https://mail.agency.gov/', generated: true });
    expect(frameUrl(frame('data:text/html,<p>x', 'opaque'))).toEqual({ url: 'data:text/html,<p>x', generated: true });
  });

  it('a top-level Blob URL: the origin that made it', () => {
    expect(frameUrl(frame('blob:https://portal.agency.gov/0b6c', 'self'))).toEqual({ url: 'https://portal.agency.gov/0b6c', generated: true });
  });
});

describe('ruleAddresses: where the background looks for the rule', () => {
  const tab = 'https://portal.agency.gov/fax/send.html';
  it('a frame of its own is judged by its address only', () => {
    expect(ruleAddresses('https://widget.vendor.com/x', false, tab)).toEqual(['https://widget.vendor.com/x']);
  });
  it('a generated frame: its maker, then its tab (a referrer often names only an origin)', () => {
    expect(ruleAddresses('https://portal.agency.gov/', true, tab)).toEqual(['https://portal.agency.gov/', tab]);
  });
  it('no address at all: the tab, when there is one', () => {
    expect(ruleAddresses('data:text/html,x', true, tab)).toEqual([tab]);
    expect(ruleAddresses('data:text/html,x', true, undefined)).toEqual(['data:text/html,x']);
    expect(ruleAddresses('data:text/html,x', true, 'chrome://newtab/')).toEqual(['data:text/html,x']);
  });
});

describe('backstopPage: the page the network backstop judges a request by', () => {
  const ruled = new Set(['https://portal.agency.gov/claims', 'https://id-check.example.com/trusted']);
  const hasRule = (u: string) => ruled.has(u);
  it('a widget frame with no rule of its own is judged by its tab\'s top page', () => {
    expect(backstopPage('https://id-check.example.com/verify', 'https://portal.agency.gov/claims', 3, hasRule)).toBe('https://portal.agency.gov/claims');
  });
  it('a frame with a rule of its own (an exempt widget) keeps it; the top frame is never judged by anything else', () => {
    expect(backstopPage('https://id-check.example.com/trusted', 'https://portal.agency.gov/claims', 3, hasRule)).toBe('https://id-check.example.com/trusted');
    expect(backstopPage('https://elsewhere.example.org/', 'https://portal.agency.gov/claims', 0, hasRule)).toBe('https://elsewhere.example.org/');
    expect(backstopPage('https://id-check.example.com/verify', 'https://news.example.org/', 3, hasRule)).toBe('https://id-check.example.com/verify');
    expect(backstopPage(undefined, 'https://portal.agency.gov/claims', undefined, hasRule)).toBeUndefined();
  });
});
