/** The popup: connected or not, who is signed in, policy version, queue length, the last 20 events. */
import { browser } from 'wxt/browser';
import type { Status } from '../../lib/messages';
import { summarizeTypes } from '../../ui/words';

const $ = (id: string) => document.getElementById(id)!;

function row(cells: string[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const text of cells) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.append(td);
  }
  return tr;
}

async function render(): Promise<void> {
  const s = (await browser.runtime.sendMessage({ type: 'status' })) as Status;
  $('connection').textContent = s.connected ? `connected (${s.proxyUrl})` : `not connected${s.lastError ? `: ${s.lastError}` : ''}`;
  $('connection').className = s.connected ? 'ok' : 'bad';
  $('user').textContent = s.userEmail || 'not set';
  $('policy').textContent = s.policyVersion ?? 'built-in defaults';
  $('queue').textContent = String(s.queueLength);
  $('reviews').replaceChildren(
    ...s.reviews.map((r) => row([new Date(r.askedAt).toLocaleTimeString(), r.site, r.recipients.join(', '), r.reason && r.status !== 'pending' ? `${r.status}: ${r.reason}` : r.status])),
  );
  $('invalid-rules').replaceChildren(...s.invalidRules.map((r) => row([r.source === 'managed' ? 'your agency (policy)' : r.source === 'proxy' ? 'the proxy' : 'this browser', r.rule, r.reason])));
  $('invalid-rules-section').hidden = s.invalidRules.length === 0;
  $('recent').replaceChildren(
    ...s.recent.map((e) => row([new Date(e.at).toLocaleTimeString(), e.site, `${e.decision}${e.delivered ? '' : ' (queued)'}`, summarizeTypes(e.types)])),
  );
}

$('options').addEventListener('click', (e) => {
  e.preventDefault();
  void browser.runtime.openOptionsPage();
});
void render();
