/**
 * Security staff: search and filter the disclosure log, look up an identifier by its fingerprint
 * (the value is never echoed or stored), read one event, check the chain, export the current filter
 * (CSV safe against formula injection, or JSONL), follow breach incidents and their deadlines.
 */
import { consoleError, storedRefusal } from './errors';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { FINDING_TYPES } from '../../shared/detect/types';
import { CHANNEL_LABEL, decisionText, reasonText, summarizeTypes, TYPE_LABEL } from '../../shared/vocabulary';
import { DECISIONS } from '../../shared/schemas';
import type { AuditLog } from '../audit/log';
import type { Keys } from '../audit/keys';
import { describeVerify, verifyLog } from '../audit/verify';
import type { Verifier } from '../audit/verify';
import { csvLine } from '../registry/csv';
import { addDays, businessDaysUntil, isIsoDate, localDate, zonedInstant } from '../registry/dates';
import { when, zoneLabel } from './format';
import { storedProblems } from '../stored-fields';
import type { DisclosureFilter, DisclosureRecord, Store } from '../store/types';
import { Csrf, Page } from './layout';
import type { ConsoleEnv } from './session';
import { requireRole } from './session';

interface Deps {
  store: Store;
  keys: Keys;
  publicKeys?: Verifier[];
  log: AuditLog;
  clock: { now(): Date };
  timeZone: string;
}

/** The search filter from the query string; a value that cannot be a filter is 400, never a query. */
function filterFrom(c: Context, timeZone: string): DisclosureFilter {
  const q = (k: string) => c.req.query(k)?.trim() || undefined;
  const from = q('from');
  const to = q('to');
  const type = q('type');
  const decision = q('decision');
  const bad = (what: string) => {
    throw new HTTPException(400, { message: what });
  };
  if (from !== undefined && !isIsoDate(from)) bad('"from" must be a date (YYYY-MM-DD)');
  if (to !== undefined && !isIsoDate(to)) bad('"to" must be a date (YYYY-MM-DD)');
  if (type !== undefined && !(FINDING_TYPES as readonly string[]).includes(type)) bad(`"type" must be one of ${FINDING_TYPES.join(', ')}`);
  if (decision !== undefined && !(DECISIONS as readonly string[]).includes(decision)) bad(`"decision" must be one of ${DECISIONS.join(', ')}`);
  for (const k of ['sender', 'recipient', 'site']) if ((q(k)?.length ?? 0) > 320) bad(`"${k}" is longer than 320 characters`);
  return {
    // Whole days in the agency's time zone.
    from: from ? zonedInstant(from, 0, timeZone) : undefined,
    to: to ? new Date(Date.parse(zonedInstant(addDays(to, 1), 0, timeZone)) - 1).toISOString() : undefined,
    sender: q('sender'),
    recipient: q('recipient'),
    type,
    decision,
    site: q('site'),
  };
}

/** One colour per meaning: the decision palette and the data-type palette share none. */
const DECISION_COLORS: Record<string, string> = {
  allowed: '#1f77b4',
  masked: '#2ca02c',
  blocked: '#d62728',
  warned: '#ff7f0e',
  audited: '#7f7f7f',
  overridden: '#9467bd',
  review_requested: '#bcbd22',
  released: '#17becf',
  leaked: '#000000',
  not_sent: '#f7b6d2',
};

const TYPE_COLORS: Record<string, string> = {
  ssn: '#8c1d40',
  itin: '#e377c2',
  fein: '#8c564b',
  wage: '#006d5b',
  ui_benefit: '#4b6cb7',
  dob: '#c49c00',
  routing_number: '#5e3c99',
  bank_account: '#3a3a3a',
};

/** A round step for about five ticks up to `max`: 1, 2, 5, 10, 20, 50… */
function tickStep(max: number): number {
  const raw = max / 5;
  const pow = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  return [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
}

/**
 * Send attempts per day in the agency's time zone, stacked by decision or by data type, as an SVG
 * drawn on the server: titled, with a y axis of round ticks, a day axis, a legend of only the series
 * present laid out so that labels never overlap, and a sentence instead when nothing matches. Every
 * bar segment carries its day, series and count (data-*) so that what is drawn can be read back.
 */
export function Chart({ rows, by, timeZone }: { rows: DisclosureRecord[]; by: 'decision' | 'type'; timeZone: string }) {
  const colors = by === 'decision' ? DECISION_COLORS : TYPE_COLORS;
  const label = (k: string) => (by === 'decision' ? decisionText(k) : (TYPE_LABEL as Record<string, string>)[k] ?? k);
  const title = by === 'decision' ? 'Send attempts per day, by what happened' : 'Send attempts per day, by the data they held';
  const counts = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const day = localDate(new Date(r.occurredAt), timeZone);
    const m = counts.get(day) ?? new Map<string, number>();
    const keys = by === 'decision' ? [r.decision] : Object.keys((r.data.types ?? {}) as Record<string, number>).filter((t) => ((r.data.types as Record<string, number>)[t] ?? 0) > 0);
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
    counts.set(day, m);
  }
  if (counts.size === 0) {
    return (
      <figure data-chart={by} data-empty="yes">
        <figcaption><strong>{title}</strong></figcaption>
        <p class="muted">No send attempts match this filter, so there is nothing to draw.</p>
      </figure>
    );
  }
  // Every day from the first to the last (at most the last 31), empty days included.
  const seen = [...counts.keys()].sort();
  const days: string[] = [];
  for (let d = seen[0]!; d <= seen[seen.length - 1]!; d = addDays(d, 1)) days.push(d);
  const shownDays = days.slice(-31);
  const series = Object.keys(colors).filter((k) => shownDays.some((d) => counts.get(d)?.has(k)));
  const totals = shownDays.map((d) => [...(counts.get(d)?.values() ?? [])].reduce((a, b) => a + b, 0));
  const step = tickStep(Math.max(1, ...totals));
  const top = Math.ceil(Math.max(1, ...totals) / step) * step;
  const W = 760;
  const left = 48;
  const plotTop = 28;
  const plotH = 150;
  const plotW = W - left - 12;
  const bw = Math.min(plotW / shownDays.length, 56);
  const y = (v: number) => plotTop + plotH - (v / top) * plotH;
  const every = Math.ceil(shownDays.length / 10);
  // The legend: swatch and label, wrapped onto as many rows as it needs (about 6.5 px a character).
  const legend: Array<{ key: string; x: number; row: number }> = [];
  let lx = left;
  let row = 0;
  for (const k of series) {
    const width = 18 + label(k).length * 6.5 + 16;
    if (lx + width > W && lx > left) {
      lx = left;
      row++;
    }
    legend.push({ key: k, x: lx, row });
    lx += width;
  }
  const legendTop = plotTop + plotH + 44;
  const H = legendTop + (row + 1) * 18 + 4;
  const summary = `${title}: ${rows.length} attempts over ${shownDays.length} days; ${series.map((k) => `${label(k)} ${shownDays.reduce((n, d) => n + (counts.get(d)?.get(k) ?? 0), 0)}`).join(', ')}.`;
  return (
    <figure data-chart={by}>
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} xmlns="http://www.w3.org/2000/svg">
        <title>{summary}</title>
        <text x={left} y="16" font-size="13" font-weight="600">{title}</text>
        {Array.from({ length: top / step + 1 }, (_, i) => i * step).map((v) => (
          <g data-tick={v}>
            <line x1={left} x2={W - 12} y1={y(v)} y2={y(v)} stroke="#e3e3e3" />
            <text x={left - 6} y={y(v) + 4} font-size="10" text-anchor="end">{v}</text>
          </g>
        ))}
        <text x="12" y={plotTop + plotH / 2} font-size="10" transform={`rotate(-90 12 ${plotTop + plotH / 2})`} text-anchor="middle">attempts</text>
        <line x1={left} x2={left} y1={plotTop} y2={plotTop + plotH} stroke="#444" />
        <line x1={left} x2={W - 12} y1={plotTop + plotH} y2={plotTop + plotH} stroke="#444" />
        {shownDays.map((day, i) => {
          let base = 0;
          return (
            <g data-day={day}>
              {series.map((k) => {
                const n = counts.get(day)?.get(k) ?? 0;
                if (n === 0) return null;
                const y0 = y(base);
                base += n;
                return (
                  <rect x={left + i * bw + 2} y={y(base)} width={Math.max(1, bw - 4)} height={y0 - y(base)} fill={colors[k]} data-key={k} data-count={n}>
                    <title>{`${day}: ${n} ${label(k)}`}</title>
                  </rect>
                );
              })}
              {i % every === 0 && <text x={left + i * bw + bw / 2} y={plotTop + plotH + 14} font-size="10" text-anchor="middle">{day.slice(5)}</text>}
            </g>
          );
        })}
        <text x={left + plotW / 2} y={plotTop + plotH + 30} font-size="10" text-anchor="middle">{`day (${timeZone})`}</text>
        {legend.map(({ key, x, row: r }) => (
          <g data-legend={key}>
            <rect x={x} y={legendTop + r * 18} width="12" height="12" fill={colors[key]} />
            <text x={x + 18} y={legendTop + r * 18 + 10} font-size="11">{label(key)}</text>
          </g>
        ))}
      </svg>
    </figure>
  );
}

/** What each kind of entry is, in words. */
const KIND_LABEL: Record<string, string> = {
  'log.created': 'the log began',
  'log.key_rotated': 'signing key handed over',
  disclosure: 'a send attempt',
  'recipients.checked': 'recipient checks',
  'registry.user': 'a registry change (user)',
  'registry.organization': 'a registry change (organization)',
  'registry.opt_out_import': 'opted-out job seekers imported',
  'review.requested': 'a review was requested',
  'review.decided': 'a review was decided',
  'review.release_redeemed': 'an approved send went out',
  'incident.opened': 'a breach incident was opened',
  'incident.reported': 'a breach incident was reported',
  'incident.closed': 'a breach incident was closed',
  'device.added': 'a device token was created',
  'device.revoked': 'device tokens were revoked',
};

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
    const recipients = (data.recipients ?? []) as Array<{ address: string; authorized?: boolean; reasons?: string[] }>;
    return [
      ['When', when(String(data.occurredAt ?? ''), timeZone)],
      ['Sender', plainValue(data.sender)],
      ['Recipients', recipients.map((x) => `${x.address}${x.authorized === false ? ` (refused: ${(x.reasons ?? []).map(reasonText).join('; ') || 'not authorized'})` : ''}`).join(', ') || 'none'],
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

function typesOf(r: DisclosureRecord): string {
  return summarizeTypes((r.data.types ?? {}) as Record<string, number>);
}

/** Each recipient, and for one refused, why: "sam@… (refused: has separated from their organization)". */
function recipientsOf(r: DisclosureRecord): string {
  return ((r.data.recipients ?? []) as Array<{ address: string; authorized?: boolean; reasons?: string[] }>)
    .map((x) => `${x.address}${x.authorized === false ? ` (refused: ${(x.reasons ?? []).map(reasonText).join('; ') || 'not authorized'})` : ''}`)
    .join(', ');
}

function reasonsOf(r: DisclosureRecord): string {
  return ((r.data.reasons ?? []) as string[]).map(reasonText).join('; ');
}

function Rows({ rows, timeZone }: { rows: DisclosureRecord[]; timeZone: string }) {
  return (
    <table>
      <thead>
        <tr><th>Seq</th><th>When ({zoneLabel(timeZone)})</th><th>Sender</th><th>Recipients</th><th>Types</th><th>Decision</th><th>Site</th></tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <td><a href={`/console/log/${r.seq}`}>{r.seq}</a></td>
            <td><time datetime={r.occurredAt}>{when(r.occurredAt, timeZone)}</time></td>
            <td>{r.sender}</td>
            <td>{recipientsOf(r)}</td>
            <td>{typesOf(r)}</td>
            <td data-decision={r.decision}>{decisionText(r.decision)}</td>
            <td>{r.site} ({CHANNEL_LABEL[r.channel] ?? r.channel})</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function auditConsoleRoutes(deps: Deps) {
  const { store, keys, log, clock, timeZone } = deps;
  const app = new Hono<ConsoleEnv>();
  app.use(requireRole('security'));

  app.get('/log', async (c) => {
    const f = filterFrom(c, timeZone);
    const rows = await store.searchDisclosures({ ...f, limit: 1000 });
    const q = new URL(c.req.url).search;
    const v = (k: string) => c.req.query(k) ?? '';
    return c.html(
      <Page title="Disclosure log" account={c.get('account')} csrf={c.get('csrf')}>
        <form method="get" action="/console/log" class="filters">
          <span><label for="from">From</label><input id="from" name="from" type="date" value={v('from')} /></span>
          <span><label for="to">To</label><input id="to" name="to" type="date" value={v('to')} /></span>
          <span><label for="sender">Sender</label><input id="sender" name="sender" value={v('sender')} /></span>
          <span><label for="recipient">Recipient</label><input id="recipient" name="recipient" value={v('recipient')} /></span>
          <span>
            <label for="type">Type</label>
            <select id="type" name="type">
              <option value="">any</option>
              {FINDING_TYPES.map((t) => <option value={t} selected={v('type') === t}>{TYPE_LABEL[t]}</option>)}
            </select>
          </span>
          <span>
            <label for="decision">Decision</label>
            <select id="decision" name="decision">
              <option value="">any</option>
              {DECISIONS.map((d) => <option value={d} selected={v('decision') === d}>{decisionText(d)}</option>)}
            </select>
          </span>
          <span><label for="site">Site</label><input id="site" name="site" value={v('site')} /></span>
          <button class="primary" type="submit">Filter</button>
          <a href={`/console/log/export.csv${q}`}>Export CSV</a> <a href={`/console/log/export.jsonl${q}`}>Export JSONL</a>
        </form>
        <Chart rows={rows} by="decision" timeZone={timeZone} />
        <Chart rows={rows} by="type" timeZone={timeZone} />
        <h2>Was this identifier sent?</h2>
        <form method="post" action="/console/fingerprint" class="filters" autocomplete="off">
          <Csrf token={c.get('csrf')} />
          <span>
            <label for="fp-type">Type</label>
            <select id="fp-type" name="type">
              {['ssn', 'itin', 'fein', 'routing_number', 'bank_account'].map((t) => <option value={t}>{t}</option>)}
            </select>
          </span>
          <span><label for="fp-value">Value (not stored, not shown again)</label><input id="fp-value" name="value" type="password" autocomplete="off" /></span>
          <button type="submit">Look up</button>
        </form>
        <h2>{rows.length} event{rows.length === 1 ? '' : 's'}</h2>
        <Rows rows={rows} timeZone={timeZone} />
      </Page>,
    );
  });

  const exportRows = async (c: Context<ConsoleEnv>) => {
    const fp = c.req.query('fingerprint');
    if (fp !== undefined && !/^[0-9a-f]{64}$/.test(fp)) throw new HTTPException(400, { message: 'fingerprint must be 64 hex digits' });
    const filter = filterFrom(c, timeZone);
    // The filter is recorded with the export, so it passes the same gate as everything stored.
    const refused = storedProblems('exportFilter', filter);
    if (refused.length) throw new HTTPException(400, { message: `${storedRefusal(refused)} Look identifiers up by fingerprint instead.` });
    const seqs = fp ? (await store.disclosuresByFingerprint(fp)).map((m) => m.seq) : undefined;
    const rows = await store.searchDisclosures({ ...filter, ...(seqs ? { seqs } : {}), limit: 10_000 });
    await log.append('console.export', { by: c.get('account').email, count: rows.length, filter, ...(fp ? { fingerprint: fp } : {}) }, clock.now().toISOString());
    return rows;
  };

  app.get('/log/export.csv', async (c) => {
    const rows = await exportRows(c);
    // Plain words for people reading it in a spreadsheet; the JSONL export keeps the codes.
    let out = csvLine(['seq', 'occurred_at', `occurred (${timeZone})`, 'sender', 'recipients', 'types', 'decision', 'site', 'channel', 'device', 'masked_samples', 'reasons']);
    for (const r of rows) {
      out += csvLine([
        String(r.seq),
        r.occurredAt,
        when(r.occurredAt, timeZone),
        r.sender,
        recipientsOf(r),
        typesOf(r),
        decisionText(r.decision),
        r.site,
        CHANNEL_LABEL[r.channel] ?? r.channel,
        r.device,
        ((r.data.maskedSamples ?? []) as string[]).join(' '),
        reasonsOf(r),
      ]);
    }
    return c.body(out, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="disclosures.csv"' });
  });

  app.get('/log/export.jsonl', async (c) => {
    const rows = await exportRows(c);
    const out = rows.map((r) => JSON.stringify({ seq: r.seq, at: r.at, ...r.data })).join('\n') + (rows.length ? '\n' : '');
    return c.body(out, 200, { 'content-type': 'application/x-ndjson', 'content-disposition': 'attachment; filename="disclosures.jsonl"' });
  });

  app.get('/log/:seq{[0-9]+}', async (c) => {
    const e = await store.getEntry(Number(c.req.param('seq')));
    if (!e) return consoleError(c, 404, `The log has no entry ${c.req.param('seq')}.`);
    const data = (JSON.parse(e.body) as { data: Record<string, unknown> }).data ?? {};
    return c.html(
      <Page title={`Entry ${e.seq}: ${KIND_LABEL[e.kind] ?? e.kind}`} account={c.get('account')} csrf={c.get('csrf')}>
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
    const r = await verifyLog(store, deps.publicKeys ?? keys);
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

  app.post('/fingerprint', async (c) => {
    const form = await c.req.parseBody();
    const type = typeof form.type === 'string' && ['ssn', 'itin', 'fein', 'routing_number', 'bank_account'].includes(form.type) ? form.type : 'ssn';
    const digits = (typeof form.value === 'string' ? form.value : '').replace(/\D/g, '');
    if (digits.length < 4 || digits.length > 17) {
      return consoleError(c, 400, 'Enter the identifier to look up: 4 to 17 digits.');
    }
    const fp = keys.fingerprint(type, digits);
    const matches = await store.disclosuresByFingerprint(fp);
    const rows = matches.length ? await store.searchDisclosures({ seqs: matches.map((m) => m.seq), limit: 1000 }) : [];
    await log.append('console.fingerprint_lookup', { by: c.get('account').email, type, fingerprint: fp, matches: rows.length }, clock.now().toISOString());
    return c.html(
      <Page title="Fingerprint lookup" account={c.get('account')} csrf={c.get('csrf')}>
        <p>
          {rows.length ? `${rows.length} event${rows.length === 1 ? '' : 's'} sent this ${type}.` : `No event holds this ${type}.`} The value you entered is
          not stored and not shown.
        </p>
        <p>
          <a href={`/console/log/export.csv?fingerprint=${fp}`}>Export these events (CSV)</a>
        </p>
        <Rows rows={rows} timeZone={timeZone} />
      </Page>,
    );
  });

  app.get('/chain', async (c) => {
    const state = await store.logState();
    const cps = await store.checkpoints();
    const last = cps.at(-1);
    return c.html(
      <Page title="Chain status" account={c.get('account')} csrf={c.get('csrf')}>
        <p>{state.seq} entries; head <code>{state.head}</code></p>
        <p>
          {last ? `Last checkpoint: entry ${last.seq}, signed ${when(last.at, timeZone)} by key ${last.keyId}.` : 'No checkpoint yet.'} {cps.length} checkpoints in all.
        </p>
        <form method="post" action="/console/chain/verify">
          <Csrf token={c.get('csrf')} />
          <button class="primary" type="submit">Verify now</button>
        </form>
      </Page>,
    );
  });

  app.post('/chain/verify', async (c) => {
    const r = await verifyLog(store, deps.publicKeys ?? keys);
    await log.append('console.verify', { by: c.get('account').email, ok: r.ok, entries: r.entries, firstBad: r.firstBad ?? null }, clock.now().toISOString());
    return c.html(
      <Page title="Chain verification" account={c.get('account')} csrf={c.get('csrf')}>
        <p class={r.ok ? 'ok' : 'bad'} data-verify={r.ok ? 'ok' : 'bad'}>{describeVerify(r)}</p>
      </Page>,
    );
  });

  app.get('/incidents', async (c) => {
    const today = localDate(clock.now(), timeZone);
    const incidents = await store.listIncidents();
    const events = new Map((await store.searchDisclosures({ eventIds: incidents.map((i) => i.eventId) })).map((d) => [d.clientEventId, d]));
    const reviews = new Map((await Promise.all(incidents.map((i) => store.getReview(i.reviewId)))).flatMap((r) => (r ? [[r.id, r] as const] : [])));
    const open = incidents.filter((i) => i.status !== 'closed');
    const done = c.req.query('done');
    return c.html(
      <Page title="Breach incidents" account={c.get('account')} csrf={c.get('csrf')}>
        <p class="muted">Breach information is itself confidential. Each incident must be reported within two business days of the breach; mark it reported, then closed, saying to whom and how.</p>
        {done && <p class="card ok" role="status" data-confirmed={done}>Incident {done} updated.</p>}
        {incidents.length === 0 ? (
          <p class="card" data-empty="incidents">No breach incidents. When a supervisor marks a blocked send as a breach, it appears here with its deadline.</p>
        ) : (
          <table>
            <thead>
              <tr><th>Incident</th><th>Status</th><th>Report due</th><th>Opened ({zoneLabel(timeZone)})</th><th>Reason</th><th>Event and review</th><th>Next step</th></tr>
            </thead>
            <tbody>
              {incidents.map((i) => {
                const left = businessDaysUntil(today, i.reportDueOn);
                const overdue = i.status === 'open' && left < 0;
                const event = events.get(i.eventId);
                const review = reviews.get(i.reviewId);
                return (
                  <tr id={i.id} class={overdue ? 'overdue' : ''} data-status={i.status}>
                    <td>{i.id}</td>
                    <td>
                      {i.status}
                      {i.reportedAt && <div class="muted">reported <time datetime={i.reportedAt}>{when(i.reportedAt, timeZone)}</time> by {i.reportedBy}</div>}
                      {i.closedAt && <div class="muted">closed <time datetime={i.closedAt}>{when(i.closedAt, timeZone)}</time> by {i.closedBy}</div>}
                      {i.note && <div class="muted">“{i.note}”</div>}
                    </td>
                    <td class={overdue ? 'bad' : ''} data-due={left}>
                      {i.reportDueOn}
                      <div>
                        {i.status !== 'open'
                          ? ''
                          : left > 0
                            ? `${left} business day${left === 1 ? '' : 's'} left`
                            : left === 0
                              ? 'due today'
                              : `overdue by ${-left} business day${left === -1 ? '' : 's'}`}
                      </div>
                    </td>
                    <td><time datetime={i.openedAt}>{when(i.openedAt, timeZone)}</time> by {i.openedBy}</td>
                    <td>{i.reason}</td>
                    <td>
                      {event ? <a href={`/console/log/${event.seq}`}>the send ({decisionText(event.decision)})</a> : `event ${i.eventId}`}
                      {review && (
                        <>
                          {' · '}
                          <a href={`/console/log/${review.seq}`}>the review request</a>
                        </>
                      )}
                    </td>
                    <td>
                      {i.status !== 'closed' && (
                        <form method="post" action={`/console/incidents/${encodeURIComponent(i.id)}/${i.status === 'open' ? 'reported' : 'closed'}`}>
                          <Csrf token={c.get('csrf')} />
                          <label for={`note-${i.id}`}>{i.status === 'open' ? 'Reported to (name, office)' : 'How it was closed'}</label>
                          <input id={`note-${i.id}`} name="note" required minlength={5} maxlength={500} />
                          <button type="submit" class="primary">{i.status === 'open' ? 'Mark reported' : 'Close'}</button>
                        </form>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <p>{open.length} open or reported, {incidents.length - open.length} closed.</p>
      </Page>,
    );
  });

  app.post('/incidents/:id/:step{(?:reported|closed)}', async (c) => {
    const form = await c.req.parseBody();
    const note = typeof form.note === 'string' ? form.note.trim() : '';
    const step = c.req.param('step') as 'reported' | 'closed';
    if (note.length < 5 || note.length > 500) return consoleError(c, 400, step === 'reported' ? 'Say to whom it was reported (5 to 500 characters).' : 'Say how it was closed (5 to 500 characters).');
    const refused = storedProblems('incidentStep', { note });
    if (refused.length) return consoleError(c, 400, storedRefusal(refused));
    const id = c.req.param('id');
    const updated = await store.advanceIncident(id, step, c.get('account').email, clock.now().toISOString(), note);
    if (!updated) {
      const exists = (await store.listIncidents()).some((i) => i.id === id);
      return exists ? consoleError(c, 409, `Incident ${id} is not at the step before "${step}" (it was updated in the meantime).`) : consoleError(c, 404, `There is no incident ${id}.`);
    }
    return c.redirect(`/console/incidents?done=${encodeURIComponent(id)}#${encodeURIComponent(id)}`, 303);
  });
  return app;
}
