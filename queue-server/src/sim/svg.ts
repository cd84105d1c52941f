/**
 * A hand-written SVG chart of one simulated day per policy: tickets waiting over the day (top) and the
 * mean wait of the tickets issued in each 15-minute slot (bottom). No chart library: the output is a
 * small, dependency-free file that opens in any browser and diffs as text.
 */
import type { PolicyName } from '../core/queue-model.ts';
import type { SimResult } from './engine.ts';

const COLORS: Readonly<Record<PolicyName, string>> = {
  static: '#9e9e9e',
  skillfifo: '#e65100',
  homefirst: '#8e24aa',
  dynamic: '#1565c0',
  pooled: '#2e7d32',
};

const WIDTH = 960;
const PANEL_HEIGHT = 240;
const MARGIN = { left: 64, right: 150, top: 48, gap: 56, bottom: 40 };
const SLOT_MINUTES = 15;

interface Series {
  readonly policy: PolicyName;
  readonly points: readonly (readonly [number, number])[];
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(Math.round(minute % 60)).padStart(2, '0')}`;

/** Rounds an axis maximum up to a readable step (1, 2, 5 × 10^k). */
function niceMax(x: number): number {
  if (x <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

function waitBySlot(result: SimResult): [number, number][] {
  const sums = new Map<number, { total: number; n: number }>();
  for (const t of result.tickets) {
    if (t.outcome !== 'served' || t.calledAt === null) continue;
    const slot = Math.floor(t.issuedAt / 60_000 / SLOT_MINUTES) * SLOT_MINUTES;
    const s = sums.get(slot) ?? { total: 0, n: 0 };
    s.total += (t.calledAt - t.issuedAt) / 60_000;
    s.n++;
    sums.set(slot, s);
  }
  return [...sums].sort((a, b) => a[0] - b[0]).map(([slot, s]) => [slot + SLOT_MINUTES / 2, s.total / s.n]);
}

function panel(title: string, unit: string, series: readonly Series[], top: number, x0: number, x1: number): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const yMax = niceMax(Math.max(1, ...series.flatMap((s) => s.points.map((p) => p[1]))));
  const sx = (m: number) => MARGIN.left + ((m - x0) / Math.max(1, x1 - x0)) * plotW;
  const sy = (v: number) => top + PANEL_HEIGHT - (v / yMax) * PANEL_HEIGHT;
  const out: string[] = [];
  out.push(`<text x="${MARGIN.left}" y="${top - 10}" font-size="14" font-weight="bold">${esc(title)}</text>`);
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    const y = sy(v).toFixed(1);
    out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y}" y2="${y}" stroke="#e0e0e0"/>`);
    out.push(
      `<text x="${MARGIN.left - 8}" y="${y}" font-size="11" text-anchor="end" dominant-baseline="middle">${Number(v.toFixed(1))}</text>`,
    );
  }
  for (let m = Math.ceil(x0 / 60) * 60; m <= x1; m += 60) {
    const x = sx(m).toFixed(1);
    out.push(`<line x1="${x}" x2="${x}" y1="${top}" y2="${top + PANEL_HEIGHT}" stroke="#f0f0f0"/>`);
    out.push(`<text x="${x}" y="${top + PANEL_HEIGHT + 16}" font-size="11" text-anchor="middle">${hhmm(m)}</text>`);
  }
  out.push(
    `<text x="${MARGIN.left - 48}" y="${top + PANEL_HEIGHT / 2}" font-size="11" transform="rotate(-90 ${MARGIN.left - 48} ${top + PANEL_HEIGHT / 2})" text-anchor="middle">${esc(unit)}</text>`,
  );
  for (const s of series) {
    if (s.points.length === 0) continue;
    const d = s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(' ');
    out.push(`<path d="${d}" fill="none" stroke="${COLORS[s.policy]}" stroke-width="2"/>`);
  }
  return out.join('\n');
}

/** Renders the chart for one scenario and seed; `results` holds one day per policy (any subset). */
export function renderSvg(scenarioName: string, seed: number, results: readonly SimResult[]): string {
  const queue: Series[] = results.map((r) => ({ policy: r.policy, points: r.queueSeries }));
  const waits: Series[] = results.map((r) => ({ policy: r.policy, points: waitBySlot(r) }));
  const xs = [...queue, ...waits].flatMap((s) => s.points.map((p) => p[0]));
  const x0 = Math.floor(Math.min(...xs, 24 * 60) / 60) * 60;
  const x1 = Math.ceil(Math.max(...xs, 0) / 60) * 60;
  const height = MARGIN.top + 2 * PANEL_HEIGHT + MARGIN.gap + MARGIN.bottom + 20;
  const legend = results
    .map((r, i) => {
      const y = MARGIN.top + 10 + i * 22;
      const x = WIDTH - MARGIN.right + 16;
      return `<line x1="${x}" x2="${x + 24}" y1="${y}" y2="${y}" stroke="${COLORS[r.policy]}" stroke-width="3"/><text x="${x + 30}" y="${y}" font-size="12" dominant-baseline="middle">${r.policy}</text>`;
    })
    .join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="22" font-size="16" font-weight="bold">${esc(scenarioName)} · seed ${seed}</text>`,
    panel('Tickets waiting', 'tickets', queue, MARGIN.top + 10, x0, x1),
    panel(
      `Mean wait of tickets issued in each ${SLOT_MINUTES}-minute slot`,
      'minutes',
      waits,
      MARGIN.top + 10 + PANEL_HEIGHT + MARGIN.gap,
      x0,
      x1,
    ),
    legend,
    '</svg>',
    '',
  ].join('\n');
}
