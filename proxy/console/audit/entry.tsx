/** One entry of the log in words, and a check that it (and everything before it) verifies. */
import { Hono } from 'hono';
import { CHANNEL_LABEL, decisionText, reasonText, summarizeTypes } from '../../../shared/vocabulary';
import { entryData, kindLabel } from '../../audit/kinds';
import { verifyLog } from '../../audit/verify';
import { consoleError } from '../errors';
import { when } from '../format';
import { Csrf, Page } from '../layout';
import type { ConsoleEnv } from '../session';
import type { AuditConsoleDeps } from './deps';
import type { RecipientData } from './rows';
import { recipientList } from './rows';

function plainValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.length ? v.map(plainValue).join('; ') : 'none';
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${plainValue(x)}`).join(', ');
  return String(v);
}

/** An entry's data as labelled lines: a send in the vocabulary's words, anything else field by field (no-op changes left out). */
function readable(kind: string, data: Record<string, unknown>, timeZone: string): Array<[string, string]> {
  if (kind === 'disclosure') {
    return [
      ['When', when(String(data.occurredAt ?? ''), timeZone)],
      ['Sender', plainValue(data.sender)],
      ['Recipients', recipientList((data.recipients ?? []) as RecipientData) || 'none'],
      ['Holds', summarizeTypes((data.types ?? {}) as Record<string, number>) || 'nothing confidential'],
      ['Decision', decisionText(String(data.decision ?? ''))],
      ['Why', ((data.reasons ?? []) as string[]).map(reasonText).join('; ') || '—'],
      ['Where', `${plainValue(data.site)} (${CHANNEL_LABEL[String(data.channel)] ?? plainValue(data.channel)})`],
      ['Masked as', plainValue(data.maskedSamples)],
      ['Statement added', plainValue(data.statementAdded)],
      ['Identifier fingerprints', String(((data.fingerprints ?? []) as unknown[]).length)],
      ['Device', plainValue(data.device)],
      ['Client event id', plainValue(data.clientEventId)],
    ];
  }
  const out: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(data)) {
    if (k === 'changed' && v && typeof v === 'object') {
      const real = Object.entries(v as Record<string, [unknown, unknown]>).filter(([, pair]) => plainValue(pair?.[0]) !== plainValue(pair?.[1]));
      out.push(['Changed', real.map(([f, [a, b]]) => `${f}: ${plainValue(a)} → ${plainValue(b)}`).join('; ') || 'nothing']);
      continue;
    }
    if (k === 'publicKey' || k === 'previousPublicKey' || k === 'handover') continue;
    out.push([k.replace(/([A-Z])/g, ' $1').replace(/^./, (x) => x.toUpperCase()), plainValue(v)]);
  }
  return out;
}

export function entryRoutes({ store, keys, publicKeys, log, clock, timeZone }: AuditConsoleDeps) {
  const app = new Hono<ConsoleEnv>();

  app.get('/log/:seq{[0-9]+}', async (c) => {
    const e = await store.getEntry(Number(c.req.param('seq')));
    if (!e) return consoleError(c, 404, `The log has no entry ${c.req.param('seq')}.`);
    const data = entryData(e);
    return c.html(
      <Page title={`Entry ${e.seq}: ${kindLabel(e.kind)}`} account={c.get('account')} csrf={c.get('csrf')}>
        <p>
          Written <time datetime={e.at}>{when(e.at, timeZone)}</time> · leaf <code>{e.leaf.slice(0, 16)}…</code> · head <code>{e.head.slice(0, 16)}…</code>
        </p>
        <dl class="card" data-entry={e.seq}>
          {readable(e.kind, data, timeZone).map(([k, v]) => (
            <>
              <dt><strong>{k}</strong></dt>
              <dd>{v}</dd>
            </>
          ))}
        </dl>
        <form method="post" action={`/console/log/${e.seq}/verify`}>
          <Csrf token={c.get('csrf')} />
          <button type="submit">Verify this entry</button>
        </form>
      </Page>,
    );
  });

  app.post('/log/:seq{[0-9]+}/verify', async (c) => {
    const seq = Number(c.req.param('seq'));
    const e = await store.getEntry(seq);
    if (!e) return consoleError(c, 404, `The log has no entry ${seq}.`);
    const r = await verifyLog(store, publicKeys ?? keys);
    await log.append('console.verify', { by: c.get('account').email, ok: r.ok, entries: r.entries, firstBad: r.firstBad ?? null, entry: seq }, clock.now().toISOString());
    const sound = !r.firstBad || r.firstBad.seq > seq;
    return c.html(
      <Page title={`Entry ${seq}: ${sound ? 'verified' : 'does not verify'}`} account={c.get('account')} csrf={c.get('csrf')}>
        <p class={sound ? 'ok' : 'bad'} data-verify={sound ? 'ok' : 'bad'}>
          {sound
            ? `Entry ${seq} verifies: its hash, its place in the chain and its signature match, and every entry before it is intact.`
            : `Entry ${seq} does not verify: the first problem is at entry ${r.firstBad!.seq}: ${r.firstBad!.reason}.`}
        </p>
        {r.firstBad && sound && <p class="bad">The log has a problem after this entry, at entry {r.firstBad.seq}: {r.firstBad.reason}.</p>}
        <p><a href={`/console/log/${seq}`}>Back to entry {seq}</a></p>
      </Page>,
    );
  });

  return app;
}
