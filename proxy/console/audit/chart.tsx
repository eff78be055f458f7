/** The log's charts: send attempts per day, stacked by decision or by data type, drawn on the server. */
import type { FindingType } from '../../../shared/detect/types';
import type { DECISIONS } from '../../../shared/schemas';
import { decisionText, TYPE_LABEL } from '../../../shared/vocabulary';
import { addDays, localDate } from '../../registry/dates';
import type { DisclosureRecord } from '../../store/types';

/** One colour per meaning: the decision palette and the data-type palette share none. */
const DECISION_COLORS: Record<string, string> = {
  allowed: '#1f77b4',
  masked: '#2ca02c',
  blocked: '#d62728',
  warned: '#ff7f0e',
  audited: '#7f7f7f',
  review_requested: '#bcbd22',
  released: '#17becf',
  leaked: '#000000',
  not_sent: '#f7b6d2',
} satisfies Record<(typeof DECISIONS)[number], string>;

const TYPE_COLORS: Record<string, string> = {
  ssn: '#8c1d40',
  itin: '#e377c2',
  fein: '#8c564b',
  wage: '#006d5b',
  ui_benefit: '#4b6cb7',
  dob: '#c49c00',
  routing_number: '#5e3c99',
  bank_account: '#3a3a3a',
} satisfies Record<FindingType, string>;

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
