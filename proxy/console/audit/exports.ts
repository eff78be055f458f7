/**
 * Exports of the current filter (or of the events holding one fingerprint): CSV in plain words and
 * safe against spreadsheet formulas, or JSONL with the codes. Each export is recorded in the chain.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { CHANNEL_LABEL, decisionText } from '../../../shared/vocabulary';
import { csvLine } from '../../registry/csv';
import { storedProblems } from '../../http/stored-fields';
import { storedRefusal } from '../errors';
import { when } from '../format';
import type { ConsoleEnv } from '../session';
import type { AuditConsoleDeps } from './deps';
import { filterFrom } from './filter';
import { reasonsOf, recipientsOf, typesOf } from './rows';

/** The most rows one export holds. */
const EXPORT_LIMIT = 10_000;

export function exportRoutes({ store, log, clock, timeZone }: AuditConsoleDeps) {
  const app = new Hono<ConsoleEnv>();

  const exportRows = async (c: Context<ConsoleEnv>) => {
    const fp = c.req.query('fingerprint');
    if (fp !== undefined && !/^[0-9a-f]{64}$/.test(fp)) throw new HTTPException(400, { message: 'fingerprint must be 64 hex digits' });
    const filter = filterFrom(c, timeZone);
    // The filter is recorded with the export, so it passes the same gate as everything stored.
    const refused = storedProblems('exportFilter', filter);
    if (refused.length) throw new HTTPException(400, { message: `${storedRefusal(refused)} Look identifiers up by fingerprint instead.` });
    const seqs = fp ? (await store.disclosuresByFingerprint(fp)).map((m) => m.seq) : undefined;
    const rows = await store.searchDisclosures({ ...filter, ...(seqs ? { seqs } : {}), limit: EXPORT_LIMIT });
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

  return app;
}
