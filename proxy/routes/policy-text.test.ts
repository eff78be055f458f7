import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testProxy } from '../../test/helpers/proxy';
import type { TestProxy } from '../../test/helpers/proxy';
import { CONFIDENTIALITY_STATEMENT } from '../../shared/statement';

let p: TestProxy;
beforeEach(async () => {
  p = await testProxy();
});
afterEach(async () => {
  await p.close();
});

describe('GET /api/v1/policy', () => {
  it('serves the statement, masking, categories and sites with an ETag; unchanged policy is a 304', async () => {
    const res = await p.call('GET', '/api/v1/policy');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.statement).toBe(CONFIDENTIALITY_STATEMENT);
    expect(body.keepDigits).toMatchObject({ ssn: 5, fein: 5, bank_account: 4 });
    expect(body.categoryOfType).toMatchObject({ ssn: 'personal', wage: 'wage', ui_benefit: 'ui', fein: 'employer' });
    expect(body.failMode).toBe('closed');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await p.call('GET', '/api/v1/policy', undefined, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });
});

describe('POST /api/v1/scan and /redact', () => {
  it('scan returns findings and echoes other fields, never the text', async () => {
    const res = await p.call('POST', '/api/v1/scan', { id: 'm1', text: 'SSN 123-45-6789' });
    expect(await res.json()).toEqual({
      id: 'm1',
      findings: [{ type: 'ssn', start: 4, end: 15, confidence: 'high', rule: 'ssn.formatted.dash' }],
    });
  });

  it('redact masks and adds the statement once', async () => {
    const body = await (await p.call('POST', '/api/v1/redact', { text: 'SSN 123-45-6789' })).json();
    expect(body.text).toBe(`SSN ***-*5-6789\n\n${CONFIDENTIALITY_STATEMENT}`);
    const again = await (await p.call('POST', '/api/v1/redact', { text: body.text })).json();
    expect(again.text).toBe(body.text);
  });

  it.each([
    ['no text', { id: 1 }, 400],
    ['text not a string', { text: 5 }, 400],
  ])('%s → %i', async (_why, body, status) => {
    const res = await p.call('POST', '/api/v1/scan', body);
    expect(res.status).toBe(status);
    expect((await res.json()).error.details[0].message).toMatch(/text/);
  });

  it('refuses a body over 1 MB with 413', async () => {
    const res = await p.call('POST', '/api/v1/redact', { text: 'a'.repeat(1024 * 1024 + 10) });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('too_large');
  });
});
