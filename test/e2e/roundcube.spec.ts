/**
 * Roundcube 1.6, the real webmail (test/e2e/webmail/roundcube.ts), in Chromium with the built
 * extension configured against the real proxy and the demo registry, and no site rule for the
 * webmail's origin: what Roundcube sends on its own, asserted on what its mail server (the SMTP sink)
 * received. Messages hold no confidential data, so nothing here is the guard's to stop.
 */
import { expect, test } from '@playwright/test';
import type { BrowserContext, Page, Request } from '@playwright/test';
import type { Server } from 'node:http';
import { configure, freePort, launch, Proxy, serveFixtures } from './harness';
import { Roundcube } from './webmail/roundcube';

const STAFF = 'casey.staff@jobs.example.gov';
const AUTHORIZED = 'avery.partner@lwdb.example.org';
const SUPERVISOR = 'morgan.supervisor@jobs.example.gov';
const UNREGISTERED = 'nobody@unknown.example.net';
const SEPARATED = 'sam.separated@lwdb.example.org';

let proxy: Proxy;
let fixtures: { server: Server; origin: string };
let webmail: Roundcube;
let context: BrowserContext;
let page: Page;

test.beforeAll(async () => {
  test.setTimeout(60_000);
  proxy = new Proxy(await freePort());
  proxy.seed();
  [webmail, fixtures] = await Promise.all([Roundcube.start(), serveFixtures(), proxy.start()]).then(([w, f]) => [w, f] as const);
  webmail.addUser(STAFF);
  const launched = await launch();
  context = launched.context;
  // The extension as staff have it: the proxy and the fixture sites' rules, none for the webmail.
  await configure(launched.worker, proxy, fixtures.origin);
  page = await context.newPage();
  await webmail.login(page, STAFF);
});

test.afterAll(async () => {
  await context?.close();
  await webmail?.stop();
  await proxy?.stop();
  fixtures?.server.close();
});

/** The POSTs a page's frames navigate with (Roundcube's compose form submitted into its hidden iframe). */
function framePosts(p: Page): Request[] {
  const posts: Request[] = [];
  p.on('request', (r) => {
    if (r.method() === 'POST' && r.isNavigationRequest() && r.frame() !== p.mainFrame()) posts.push(r);
  });
  return posts;
}

test('a plain message with an attachment reaches the mail server unchanged, to its To, Cc and Bcc, posted as a form into a hidden frame', async () => {
  const before = (await webmail.received()).length;
  const posts = framePosts(page);
  await webmail.compose(page);
  await webmail.fill(page, { to: [AUTHORIZED], cc: [SUPERVISOR], bcc: [UNREGISTERED], subject: 'Job fair on Thursday', body: 'The job fair opens at nine in the main hall.' });
  await webmail.attach(page, { name: 'agenda.txt', mimeType: 'text/plain', buffer: Buffer.from('9:00 welcome\n10:00 employer tables\n') });
  await webmail.send(page);

  const m = await webmail.message(before + 1);
  expect(m.envelope.from).toBe(STAFF);
  expect([...m.envelope.to].sort()).toEqual([AUTHORIZED, SUPERVISOR, UNREGISTERED].sort());
  expect(m.from).toEqual([STAFF]);
  expect(m.to).toEqual([AUTHORIZED]);
  expect(m.cc).toEqual([SUPERVISOR]);
  expect(m.raw).not.toMatch(/^Bcc:/im);
  expect(m.subject).toBe('Job fair on Thursday');
  expect(m.parts).toEqual([
    { contentType: 'text/plain', text: 'The job fair opens at nine in the main hall.' },
    { contentType: 'text/plain', filename: 'agenda.txt', text: '9:00 welcome\n10:00 employer tables\n' },
  ]);

  // What a site rule for Roundcube reads: one url-encoded form post, the recipients, subject and body as fields.
  expect(posts).toHaveLength(1);
  const form = new URLSearchParams(posts[0]!.postData() ?? '');
  expect(posts[0]!.headers()['content-type']).toBe('application/x-www-form-urlencoded');
  expect(new URL(posts[0]!.url()).searchParams.get('_task')).toBe('mail');
  expect(Object.fromEntries([...form].filter(([k]) => ['_action', '_to', '_cc', '_bcc', '_subject', '_message', '_is_html', '_draft'].includes(k)))).toEqual({
    _action: 'send',
    _to: `${AUTHORIZED},`,
    _cc: `${SUPERVISOR},`,
    _bcc: `${UNREGISTERED},`,
    _subject: 'Job fair on Thursday',
    _message: 'The job fair opens at nine in the main hall.',
    _is_html: '0',
    _draft: '',
  });
  expect(form.get('_attachments')).toMatch(/^\w+$/);
});

test('an HTML message sent from the keyboard reaches the mail server with its HTML and a plain-text copy', async () => {
  const before = (await webmail.received()).length;
  await webmail.compose(page);
  await webmail.fill(page, { to: [SEPARATED], subject: 'Office closed Monday', body: 'The office is closed on Monday.', html: true });
  await webmail.send(page, { by: 'keyboard' });

  const m = await webmail.message(before + 1);
  expect(m.envelope.to).toEqual([SEPARATED]);
  expect(m.subject).toBe('Office closed Monday');
  expect(m.parts.map((p) => p.contentType)).toEqual(['text/plain', 'text/html']);
  expect(m.parts[0]!.text).toBe('The office is closed on Monday.');
  expect(m.parts[1]!.text).toContain('<p>The office is closed on Monday.</p>');
});

test('a reply to a message in the inbox reaches the mail server threaded, with the original quoted', async () => {
  const before = (await webmail.received()).length;
  const original = webmail.deliver(STAFF, { from: `Avery Q Partner <${AUTHORIZED}>`, to: STAFF, subject: 'Interview moved', text: 'The interview for claim 2024-0815 moved to Tuesday.' });
  await webmail.reply(page, original.uid);
  await webmail.fill(page, { body: 'Tuesday works for us.' });
  await webmail.send(page);

  const m = await webmail.message(before + 1);
  expect(m.envelope).toEqual({ from: STAFF, to: [AUTHORIZED] });
  expect(m.subject).toBe('Re: Interview moved');
  expect(m.inReplyTo).toBe(original.messageId);
  expect(m.parts).toHaveLength(1);
  expect(m.parts[0]!.text).toMatch(/^Tuesday works for us\.\n\nOn .+, Avery Q Partner wrote:\n> The interview for claim 2024-0815 moved to Tuesday\.$/);
});
