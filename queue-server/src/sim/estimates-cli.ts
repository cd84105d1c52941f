/**
 * The estimator's error on the shipped scenarios (docs/simulation.md, "How good the wait estimates are"):
 *
 *   npm run -s bench:estimates [-- --seeds 5 --samples 24 --scenario scenarios/township.json --floor]
 *
 * For each scenario and seed, a day under `dynamic` with every ticket's estimate at issue; prints per
 * scenario the mean wait, the MAE (and its share of the mean wait), the bias, the coverage of the range
 * and its mean width, the expected-time replay's MAE beside the sampled median's, and the AFTER_CLOSE
 * tickets. A scenario that lists its categories' matters is measured twice on the same days: the estimator
 * told each ticket's matter time (as the server is), and not told (the last column), so the table shows
 * what that knowledge is worth. `--floor` adds the diagnostic floor: the MAE when the estimator is told
 * every service's real length (what no service-time knowledge can remove). `--warmup N` (default 3) runs N
 * earlier seeds first, unmeasured, so the first measured day's range learns its widening from a record as a
 * running hall's does; a second table gives the range's coverage by the length of the wait shown. Exit code 0 whether or not the target is met (it is a report, not a test).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { simulate } from './engine.ts';
import { RANGE_HISTORY_DAYS, type RangeRecord } from '../core/range-calibration.ts';
import { estimateAccuracy, rangeRecordsOf, type EstimateAccuracy, type EstimateSample } from './estimates.ts';
import { parseScenario, type Scenario } from './scenario.ts';

const SHIPPED = ['scenarios/county-yearend.json', 'scenarios/township.json', 'scenarios/city-hall.json'];

function hhmm(s: string): number {
  const [h, m] = s.split(':').map(Number);
  return ((h ?? 0) * 60 + (m ?? 0)) * 60_000;
}

type Knowledge = 'server' | 'no-matters' | 'oracle';

/**
 * The days run in order as one hall's days: each learns its range widening from the days before it (at
 * most `RANGE_HISTORY_DAYS`, as the server) and from its own called tickets. `warmup` earlier seeds run first to give the first
 * measured day a record; they are not measured.
 */
export function measureScenario(
  scenario: Scenario,
  seeds: readonly number[],
  samples?: number,
  knows: Knowledge = 'server',
  warmup = 0,
): EstimateAccuracy {
  const all: EstimateSample[] = [];
  const history: RangeRecord[][] = [];
  const first = seeds[0] ?? scenario.seed;
  const days = [...Array.from({ length: warmup }, (_, i) => first - warmup + i), ...seeds];
  for (const [day, seed] of days.entries()) {
    const r = simulate(scenario, 'dynamic', {
      seed,
      estimateMatters: knows !== 'no-matters',
      estimateOracle: knows === 'oracle',
      rangeHistory: history.slice(-RANGE_HISTORY_DAYS).flat(),
      ...(samples !== undefined ? { estimateSamples: samples } : {}),
    });
    history.push(rangeRecordsOf(r.tickets));
    if (day < warmup) continue;
    for (const t of r.tickets)
      all.push({
        issuedAt: t.issuedAt,
        calledAt: t.calledAt,
        served: t.outcome === 'served',
        minutes: t.estimateMinutes,
        low: t.estimateLow ?? t.estimateMinutes,
        high: t.estimateHigh ?? t.estimateMinutes,
        ...(t.estimateNote !== undefined ? { note: t.estimateNote } : {}),
        ...(t.estimateExpected !== undefined ? { alternative: t.estimateExpected } : {}),
        ...(t.estimateSampledLow !== undefined
          ? { sampledLow: t.estimateSampledLow, sampledHigh: t.estimateSampledHigh ?? t.estimateSampledLow }
          : {}),
      });
  }
  return estimateAccuracy(all, hhmm(scenario.day.close));
}

const pctOrDash = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(0)}%`);

function main(argv: readonly string[]): void {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      seeds: { type: 'string', default: '5' },
      samples: { type: 'string' },
      scenario: { type: 'string', multiple: true },
      floor: { type: 'boolean', default: false },
      warmup: { type: 'string', default: '3' },
    },
  });
  const seedCount = Math.max(1, Number(values.seeds) || 5);
  const warmup = Number(values.warmup);
  if (!Number.isInteger(warmup) || warmup < 0 || warmup > 30) {
    process.stderr.write(`--warmup must be a whole number of days from 0 to 30, not "${values.warmup}"\n`);
    process.exitCode = 2;
    return;
  }
  const bandRows: string[] = [
    '| scenario | wait shown | tickets | sampled range holds the wait | widened range (shown) holds it | mean width shown |',
    '|---|---|---:|---:|---:|---:|',
  ];
  const files = values.scenario && values.scenario.length > 0 ? values.scenario : SHIPPED;
  const rows: string[] = [
    '| scenario | seeds | tickets | mean wait | MAE | MAE ÷ mean | target | bias | range coverage (sampled range) | mean width (sampled) | expected-replay MAE | AFTER_CLOSE (right) | MAE without matter times | floor (real service times told) |',
    '|---|---:|---:|---:|---:|---:|:-:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const file of files) {
    const parsed = parseScenario(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.ok) {
      process.stderr.write(`${file}: ${parsed.message}\n`);
      process.exitCode = 2;
      return;
    }
    const s = parsed.scenario;
    const seeds = Array.from({ length: seedCount }, (_, i) => s.seed + i);
    const samples = values.samples !== undefined ? Number(values.samples) : undefined;
    const a = measureScenario(s, seeds, samples, 'server', warmup);
    const hasMatters = s.categories.some((c) => (c.matters?.length ?? 0) > 0);
    const untold = hasMatters ? measureScenario(s, seeds, samples, 'no-matters') : null;
    const floor = values.floor ? measureScenario(s, seeds, samples, 'oracle') : null;
    const pct = (x: EstimateAccuracy) => `${x.mae.toFixed(2)} (${(x.maeShare * 100).toFixed(0)}%)`;
    rows.push(
      `| ${s.name} | ${seedCount} | ${a.tickets} | ${a.meanWait.toFixed(2)} | ${a.mae.toFixed(2)} | ${(a.maeShare * 100).toFixed(0)}% | ${a.meetsTarget ? 'yes' : '**no**'} | ${a.bias.toFixed(2)} | ${(a.coverage * 100).toFixed(0)}% (${pctOrDash(a.sampledCoverage)}) | ${a.meanWidth.toFixed(1)} (${a.sampledWidth === null ? '—' : a.sampledWidth.toFixed(1)}) | ${a.alternativeMae === null ? '—' : a.alternativeMae.toFixed(2)} | ${a.afterClose.given} (${a.afterClose.notCalledBeforeClose}) | ${untold === null ? '—' : pct(untold)} | ${floor === null ? '—' : pct(floor)} |`,
    );
    let from = 0;
    for (const b of a.coverageByBand) {
      const label = Number.isFinite(b.upTo) ? `${from}–${b.upTo} min` : `${from}+ min`;
      from = b.upTo;
      if (b.tickets > 0)
        bandRows.push(
          `| ${s.name} | ${label} | ${b.tickets} | ${pctOrDash(b.sampledCoverage)} | ${(b.coverage * 100).toFixed(0)}% | ${b.width.toFixed(1)} |`,
        );
    }
  }
  process.stdout.write(rows.join('\n') + '\n\n' + bandRows.join('\n') + '\n');
}

main(process.argv.slice(2));
