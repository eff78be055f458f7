/**
 * A fixture page in happy-dom, with its own scripts running (the page's send handlers and its
 * React-style controlled fields), for adapter and guard unit tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'sites');

export function fixtureWindow(name: string, url = 'https://fixtures.example.test/'): Window {
  const controlled = readFileSync(join(FIXTURES, 'controlled.js'), 'utf8');
  const html = readFileSync(join(FIXTURES, name), 'utf8').replace('<script src="controlled.js"></script>', `<script>${controlled}</script>`);
  const window = new Window({
    url,
    width: 1280,
    height: 800,
    settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true },
  });
  // The pages post what they send to their server; here there is none, so a post is answered empty
  // (the unit tests read the page's own record of what it sent).
  Object.assign(window, { fetch: async () => new window.Response('') });
  window.document.write(html);
  return window;
}

export function sentOf(window: Window): Array<Record<string, unknown>> {
  return (window as unknown as { __sent: Array<Record<string, unknown>> }).__sent;
}
