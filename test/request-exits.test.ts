/**
 * The request guard's other exits, one request at a time: header values and cookie writes, bodies
 * under an encoding (base64, a JWT's payload, percent-encoded twice, gzip and zlib), and the masked
 * samples of every masked send, which the real proxy must accept into the log.
 */
import { gzipSync, zlibSync } from 'fflate';
import { Window } from 'happy-dom';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RequestGuard } from '../extension/content/request-guard';
import { handedOver } from './helpers/hook';
import { toBase64 } from '../extension/lib/base64';
import { MAX_DECODED } from '../extension/lib/encoded';
import type { CheckResult, PageConfig, SendEvent } from '../extension/lib/messages';
import type { OutgoingRequest } from '../extension/lib/request-events';
import { countsOfValues, loggedIdentifiers, plainSample } from '../extension/lib/samples';
import { DEFAULT_POLICY } from '../shared/policy';
import type { SiteRule } from '../shared/policy';
import { checkedDisclosure, testProxy } from './helpers/proxy';
import type { TestProxy } from './helpers/proxy';

const config = (rule: Partial<SiteRule>): PageConfig => ({
  rule: { match: 'intake.example.org', adapter: 'form', mode: 'enforce', organization: 'Example County LWDB', ...rule } as SiteRule,
  userEmail: 'casey.staff@jobs.example.gov',
  failMode: 'closed',
  statement: DEFAULT_POLICY.statement,
  keepDigits: DEFAULT_POLICY.keepDigits,
  categoryOfType: DEFAULT_POLICY.categoryOfType,
});

function guard(c: PageConfig) {
  const events: SendEvent[] = [];
  const bridge = {
    async checkRecipients(_channel: string, _categories: string[], recipients: string[]): Promise<CheckResult> {
      return { ok: true, cached: false, decisions: recipients.map((address) => ({ address, normalized: address, authorized: true, reasons: [] })) };
    },
    async logEvent(e: SendEvent) {
      events.push(e);
    },
  };
  const doc = new Window({ url: 'https://intake.example.org/' }).document as unknown as Document;
  return { g: handedOver(new RequestGuard(doc, Promise.resolve(c), bridge)), events };
}

const req = (o: Partial<OutgoingRequest>): OutgoingRequest => ({ id: 'r1', via: 'fetch', url: 'https://intake.example.org/api/claims', method: 'POST', ...o });
const b64 = (s: string) => toBase64(new TextEncoder().encode(s));
const b64url = (s: string) => b64(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const jwt = (payload: object) => [b64url('{"alg":"HS256","typ":"JWT"}'), b64url(JSON.stringify(payload)), b64url('signature-bytes-0123456789')].join('.');
const gz = (s: string) => ({ name: '', type: '', size: 0, data: toBase64(gzipSync(new TextEncoder().encode(s))) });

describe('headers and cookies', () => {
  it('on an enforce site a header holding an SSN (fetch, XHR, a Request\'s) is refused and logged blocked, fingerprinted only', async () => {
    for (const headers of [
      [{ name: 'X-Claimant-SSN', value: '536-22-1874' }],
      [{ name: 'x-claimant-ssn', value: '536221874' }],
      [{ name: 'Authorization', value: `Bearer ${jwt({ sub: 'claim-2024-0815', ssn: '536-22-1874' })}` }],
    ]) {
      const { g, events } = guard(config({}));
      expect(await g.decide(req({ headers }))).toMatchObject({ action: 'block', reason: 'a request header holds it, where it cannot be masked' });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ decision: 'blocked', reasons: ['identifier_in_header'], types: { ssn: 1 } });
      expect(events[0]!.identifiers).toEqual([{ type: 'ssn', value: expect.stringMatching(/^536-?22-?1874$/) }]);
      expect(events[0]!.maskedSamples).toEqual([expect.stringMatching(/^[*-]+2-?1874$/)]);
    }
  });

  it('ordinary headers go as they are, unlogged; on a warn site an SSN header goes and is logged warned', async () => {
    const { g, events } = guard(config({}));
    const ordinary = [
      { name: 'Content-Type', value: 'application/json' },
      { name: 'X-Request-Id', value: '2024-0815-000123' },
      { name: 'Authorization', value: `Bearer ${jwt({ sub: 'casey.staff', iat: 1764652800, exp: 1764656400 })}` },
    ];
    expect(await g.decide(req({ headers: ordinary, text: '{"page":2}' }))).toEqual({ id: 'r1', action: 'send' });
    expect(events).toEqual([]);
    const warn = guard(config({ mode: 'warn' }));
    expect(await warn.g.decide(req({ headers: [{ name: 'X-Claimant-SSN', value: '536-22-1874' }] }))).toEqual({ id: 'r1', action: 'send' });
    expect(warn.events.map((e) => [e.decision, e.reasons])).toEqual([['warned', ['identifier_in_header']]]);
  });

  it('a cookie write holding an SSN is dropped on an enforce site and logged; other cookies, and every cookie where nothing is guarded, are written', async () => {
    const cookie = (name: string, value: string) => req({ via: 'cookie', url: 'https://intake.example.org/claims', method: 'SET', headers: [{ name, value }] });
    const { g, events } = guard(config({}));
    expect(await g.decide(cookie('claimant_ssn', '536221874'))).toMatchObject({ action: 'block', reason: 'a cookie would hold it, and a cookie goes with every request' });
    expect(events.map((e) => [e.decision, e.reasons, e.types])).toEqual([['blocked', ['identifier_in_cookie'], { ssn: 1 }]]);
    expect(await g.decide(cookie('_ga', 'GA1.1.1234567890.1764652800'))).toEqual({ id: 'r1', action: 'send' });
    expect(await g.decide(cookie('session', 'c2Vzc2lvbi0yMDI0LTA4MTU'))).toEqual({ id: 'r1', action: 'send' });
    expect(events).toHaveLength(1);
    const off = guard(config({ mode: 'off' }));
    expect(await off.g.decide(cookie('claimant_ssn', '536221874'))).toEqual({ id: 'r1', action: 'send' });
  });
});

describe('encoded bodies', () => {
  const refused = 'it is encoded (base64, compressed or percent-encoded twice), where it cannot be masked';

  it('refuses an SSN in a JWT\'s payload, a base64 JSON body, a value percent-encoded twice, and a gzip or zlib body', async () => {
    const bodies: Array<[string, Partial<OutgoingRequest>]> = [
      ['a JWT in JSON', { text: JSON.stringify({ token: jwt({ sub: 'claim-2024-0815', ssn: '536-22-1874' }) }) }],
      ['a base64 JSON body', { text: b64(JSON.stringify({ claimant: 'Jane Q Public', ssn: '536-22-1874' })) }],
      ['a base64url form field', { fields: [{ name: 'payload', value: b64url('{"socialSecurityNumber":"536221874"}') }], form: 'urlencoded' }],
      ['percent-encoded twice', { text: 'claimant=Jane&ssn=536%252D22%252D1874' }],
      ['percent-encoded three times', { text: 'ssn=536%25252D22%25252D1874' }],
      ['a gzip body (CompressionStream)', { file: gz('{"claimant":"Jane Q Public","ssn":"536-22-1874"}') }],
      ['a zlib body', { file: { name: '', type: '', size: 0, data: toBase64(zlibSync(new TextEncoder().encode('claimant SSN 536-22-1874'))) } }],
      ['base64 of gzip', { text: toBase64(gzipSync(new TextEncoder().encode('claimant SSN 536-22-1874'))) }],
    ];
    for (const [what, body] of bodies) {
      const { g, events } = guard(config({}));
      expect(await g.decide(req(body)), what).toMatchObject({ action: 'block', reason: refused });
      expect(events.map((e) => [e.decision, e.reasons, e.types]), what).toEqual([['blocked', ['identifier_encoded'], { ssn: 1 }]]);
      expect(events[0]!.identifiers, what).toEqual([{ type: 'ssn', value: expect.stringMatching(/^536-?22-?1874$/) }]);
      expect(events[0]!.maskedSamples[0], what).toMatch(/^[*-]+2-?1874$/);
    }
  });

  it('lets encoded bodies with nothing confidential go unchanged, unlogged: tokens, ids, hashes, a gzip body of plain JSON', async () => {
    const { g, events } = guard(config({}));
    for (const body of [
      { text: JSON.stringify({ token: jwt({ sub: 'casey.staff', iat: 1764652800 }), nonce: 'dGhpcyBpcyBub3QgYW4gaWRlbnRpZmllcg' }) },
      { text: 'sha=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08&case=2024-0815' },
      { text: 'redirect=%252Fclaims%252F2024-0815' },
      { file: gz('{"claim":"2024-0815","page":2,"events":[1,2,3]}') },
    ] as Array<Partial<OutgoingRequest>>) {
      expect(await g.decide(req(body))).toEqual({ id: 'r1', action: 'send' });
    }
    expect(events).toEqual([]);
  });

  it('refuses what cannot be decoded within its bounds: a body larger than 1 MB once expanded, a corrupt gzip body', async () => {
    const bomb = gz('0'.repeat(MAX_DECODED + 1));
    const corrupt = { name: '', type: '', size: 4, data: toBase64(new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8])) };
    for (const [file, why] of [[bomb, 'larger than 1 MB once expanded'], [corrupt, 'could not be expanded']] as const) {
      const { g, events } = guard(config({}));
      expect(await g.decide(req({ file }))).toMatchObject({ action: 'block', reason: expect.stringContaining(why) });
      expect(events.map((e) => [e.decision, e.reasons])).toEqual([['blocked', ['uninspectable_content']]]);
    }
  });
});

describe('masked samples as the log takes them', () => {
  let p: TestProxy;
  beforeEach(async () => {
    p = await testProxy();
  });
  afterEach(async () => {
    await p.close();
  });

  it('decodes percent-encoding and character references', () => {
    expect(plainSample('***%2520*2%25201874')).toBe('*** *2 1874');
    expect(plainSample('***-*&#50;-1874')).toBe('***-*2-1874');
    expect(plainSample('***&#x2D;*2&ndash;18&#55;4')).toBe('***-*2-1874');
    expect(plainSample('***-*2-1874')).toBe('***-*2-1874');
  });

  it('takes out quoted-printable soft line breaks and reads digit words as digits', () => {
    expect(plainSample('***-*2-18=\r\n74')).toBe('***-*2-1874');
    expect(plainSample('**** ***** *** *** two one eight seven four')).toBe('**** ***** *** *** 21874');
    expect(plainSample('five three six, two two, one eight seven four')).toBe('536221874');
    expect(plainSample('cinco tres seis dos dos uno ocho siete cuatro')).toBe('536221874');
  });

  it('every masked send with an encoded digit or separator is logged by the proxy (samples with at most five visible digits, ending like the identifier)', async () => {
    let n = 0;
    for (const text of ['SSN 536-22-18&#55;4', 'SSN 536%2022%201874', 'SSN&#58; 536&#45;2&#50;&#45;1874', 'ssn=536%2D22%2D1874', 'SSN 536-22-18=\r\n74', 'her social is five three six two two one eight seven four']) {
      const { g, events } = guard(config({}));
      const d = await g.decide(req({ text }));
      expect(d.action, text).toBe('replace');
      expect(events.map((e) => e.decision), text).toEqual(['masked']);
      const e = events[0]!;
      const body = await checkedDisclosure(p, { id: `evt-encoded-${n++}`, site: e.site, channel: 'form', recipients: [{ address: 'Example County LWDB' }], types: e.types, maskedSamples: e.maskedSamples, statementAdded: false }, e.identifiers);
      const res = await p.call('POST', '/api/v1/disclosures', body);
      expect(res.status, `${text}: ${await res.clone().text()}`).toBe(201);
    }
  });
});

describe('a value split over boxes, as the log takes it', () => {
  const box = (value: string, masked: string, followingDigits?: number) => ({ type: 'ssn' as const, value, masked, ...(followingDigits === undefined ? {} : { followingDigits }) });

  it('is one identifier and one sample, and counts once', () => {
    const pieces = [box('536', '***', 6), box('22', '*2', 4), box('1874', '1874', 0), box('412683390', '****83390')];
    expect(loggedIdentifiers(pieces)).toEqual({ identifiers: [{ type: 'ssn', value: '536-22-1874' }, { type: 'ssn', value: '412683390' }], samples: ['***-*2-1874', '****83390'] });
    expect(countsOfValues(pieces)).toEqual({ ssn: 2 });
  });

  it('whose last box was read as something else still ends there: it is logged, and the next value stays apart', () => {
    const pieces = [box('536', '***', 6), box('22', '*2', 4), box('412683390', '****83390'), { type: 'fein' as const, value: '12-3456789', masked: '**-**56789' }];
    expect(loggedIdentifiers(pieces).identifiers).toEqual([
      { type: 'ssn', value: '536-22' },
      { type: 'ssn', value: '412683390' },
      { type: 'fein', value: '12-3456789' },
    ]);
    // A value cut off at the end of what was found is logged too.
    expect(loggedIdentifiers([box('536', '***', 6)]).identifiers).toEqual([{ type: 'ssn', value: '536' }]);
  });
});
