/**
 * Reproduces the results table of docs/simulation.md: every policy × every shipped scenario × 5 seeds
 * (the scenario's seed and the next four), averaged, with the dynamic/skillfifo ratios the project's
 * targets are set on. Deterministic: re-running prints the same markdown.
 *
 *   node --import tsx queue-server/src/sim/results.ts [--sensitivity] [--generated N] [--write docs/simulation.md]
 *
 * --generated N adds the table over N generated hall days (generated.ts, seeds 1…N); --write replaces
 * the marked sections of the page instead of printing (the one command that regenerates the docs:
 * `npm run -s results`).
 *
 * --sensitivity adds a table with every arrival rate scaled by 0.8, 1.0 and 1.2 (how the ratios move
 * with load; slower: it runs skillfifo and dynamic 15 more times per scenario).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PolicyName } from '../core/queue-model.ts';
import { loadScenario } from './cli.ts';
import { simulate } from './engine.ts';
import { defaultWorkers, evaluateDays, generatedTable, violations } from './generated.ts';
import { computeStats } from './report.ts';
import type { Scenario } from './scenario.ts';

/** The spec's four policies plus the homefirst baseline (dispatcher.ts). */
const RESULT_POLICIES: readonly PolicyName[] = ['static', 'skillfifo', 'homefirst', 'dynamic', 'pooled'];

export const SCENARIO_FILES = ['county-yearend.json', 'township.json', 'city-hall.json'] as const;
export const SEEDS_PER_SCENARIO = 5;
/** Targets from the "Proof of performance" issue. */
export const TARGETS = { meanRatio: 0.65, p90Ratio: 0.8, maeShare: 0.3, maeShortMinutes: 2 } as const;

export interface PolicySummary {
  readonly policy: PolicyName;
  readonly tickets: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly max: number;
  readonly mae: number;
  readonly reassignments: number;
  readonly unserved: number;
  /** Per seed, for the ratio ranges. */
  readonly seedMeans: readonly number[];
  readonly seedP90s: readonly number[];
  /** Per category (averaged over seeds): mean and p90 wait. */
  readonly byCategory: Readonly<Record<string, { mean: number; p90: number; max: number }>>;
}

const avg = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

export function summarize(scenario: Scenario, policy: PolicyName, seeds: readonly number[]): PolicySummary {
  const runs = seeds.map((seed) => {
    const result = simulate(scenario, policy, { seed });
    return { stats: computeStats(scenario, result), reassignments: result.reassignments };
  });
  const byCategory: Record<string, { mean: number; p90: number; max: number }> = {};
  for (const c of scenario.categories) {
    byCategory[c.id] = {
      mean: avg(runs.map((r) => r.stats.byCategory[c.id]?.mean ?? 0)),
      p90: avg(runs.map((r) => r.stats.byCategory[c.id]?.p90 ?? 0)),
      max: Math.max(...runs.map((r) => r.stats.byCategory[c.id]?.max ?? 0)),
    };
  }
  return {
    policy,
    tickets: avg(runs.map((r) => r.stats.tickets)),
    mean: avg(runs.map((r) => r.stats.waitMinutes.mean)),
    p50: avg(runs.map((r) => r.stats.waitMinutes.p50)),
    p90: avg(runs.map((r) => r.stats.waitMinutes.p90)),
    max: avg(runs.map((r) => r.stats.waitMinutes.max)),
    mae: avg(runs.map((r) => r.stats.predictedWaitMAE)),
    reassignments: avg(runs.map((r) => r.reassignments)),
    unserved: avg(runs.map((r) => r.stats.unserved)),
    seedMeans: runs.map((r) => r.stats.waitMinutes.mean),
    seedP90s: runs.map((r) => r.stats.waitMinutes.p90),
    byCategory,
  };
}

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const mark = (ok: boolean) => (ok ? 'yes' : '**no**');

export function seedsOf(scenario: Scenario): number[] {
  return Array.from({ length: SEEDS_PER_SCENARIO }, (_, i) => scenario.seed + i);
}

/** Scales every arrival rate (load sensitivity). */
export function scaleArrivals(scenario: Scenario, factor: number): Scenario {
  return { ...scenario, arrivals: scenario.arrivals.map((a) => ({ ...a, perHour: a.perHour * factor })) };
}

function scenarioDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'scenarios');
}

export function run(withSensitivity: boolean): string {
  const out: string[] = [];
  const verdicts: string[] = [];
  const fairness: string[] = [];
  const io = { readFile: (p: string) => readFileSync(p, 'utf8') };
  const scenarios = SCENARIO_FILES.map((f) => ({ file: f, scenario: loadScenario(join(scenarioDir(), f), io) }));

  out.push(`Waits in minutes, averaged over ${SEEDS_PER_SCENARIO} seeds per scenario (the scenario's seed and the next four).`, '');
  for (const { file, scenario } of scenarios) {
    const seeds = seedsOf(scenario);
    const rows = RESULT_POLICIES.map((p) => summarize(scenario, p, seeds));
    const get = (p: PolicyName) => rows.find((r) => r.policy === p) ?? rows[0];
    const sf = get('skillfifo');
    const dyn = get('dynamic');
    const hf = get('homefirst');
    if (sf === undefined || dyn === undefined || hf === undefined) continue;
    out.push(
      `### ${scenario.name} (\`scenarios/${file}\`: ${scenario.windows.length} windows, ${scenario.categories.length} categories, seeds ${seeds[0]}–${seeds[seeds.length - 1]})`,
      '',
    );
    out.push('| policy | tickets | mean | p50 | p90 | max | predictedWaitMAE | reassignments | unserved |');
    out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      out.push(
        `| ${r.policy} | ${f1(r.tickets)} | ${f2(r.mean)} | ${f2(r.p50)} | ${f2(r.p90)} | ${f1(r.max)} | ${f2(r.mae)} | ${f1(r.reassignments)} | ${f1(r.unserved)} |`,
      );
    }
    out.push('');
    const meanRatio = dyn.mean / sf.mean;
    const p90Ratio = dyn.p90 / sf.p90;
    const seedRatios = dyn.seedMeans.map((m, i) => m / (sf.seedMeans[i] ?? 1));
    const seedP90Ratios = dyn.seedP90s.map((m, i) => m / (sf.seedP90s[i] ?? 1));
    const maeShare = dyn.mae / dyn.mean;
    const maeOk = dyn.mae <= TARGETS.maeShare * dyn.mean || dyn.mae <= TARGETS.maeShortMinutes;
    verdicts.push(
      `| ${scenario.name} | ${f2(meanRatio)} (${f2(Math.min(...seedRatios))}–${f2(Math.max(...seedRatios))}) | ${mark(meanRatio <= TARGETS.meanRatio)} | ${f2(p90Ratio)} (${f2(Math.min(...seedP90Ratios))}–${f2(Math.max(...seedP90Ratios))}) | ${mark(p90Ratio <= TARGETS.p90Ratio)} | ${f2(dyn.mean / hf.mean)} | ${f2(dyn.mae)} = ${Math.round(maeShare * 100)}% of ${f2(dyn.mean)} | ${mark(maeOk)} |`,
    );
    let worst = { id: '', ratio: 0 };
    for (const c of scenario.categories) {
      const d = dyn.byCategory[c.id];
      const s = sf.byCategory[c.id];
      if (d === undefined || s === undefined || s.p90 <= 0) continue;
      const ratio = d.p90 / s.p90;
      if (ratio > worst.ratio) worst = { id: c.id, ratio };
    }
    const longest = Object.entries(dyn.byCategory).reduce((a, [id, v]) => (v.max > a.max ? { id, max: v.max } : a), { id: '', max: 0 });
    fairness.push(
      `| ${scenario.name} | ${worst.id} ${f2(worst.ratio)} | ${longest.id} ${f1(longest.max)} | ${f1(Math.max(...Object.values(sf.byCategory).map((v) => v.max)))} |`,
    );
  }
  out.push('### Targets (dynamic ÷ skillfifo; ratio of the 5-seed means, per-seed range in brackets)', '');
  out.push(
    `| scenario | mean ratio | ≤ ${TARGETS.meanRatio} | p90 ratio | ≤ ${TARGETS.p90Ratio} | dynamic ÷ homefirst (mean) | dynamic predictedWaitMAE | ≤ 30% or ≤ 2 min |`,
  );
  out.push('|---|---:|:-:|---:|:-:|---:|---:|:-:|');
  out.push(...verdicts, '');
  out.push('### No category starves (dynamic)', '');
  out.push(
    '| scenario | worst category p90, dynamic ÷ skillfifo | longest wait under dynamic (category, min) | longest wait under skillfifo (min) |',
  );
  out.push('|---|---:|---:|---:|');
  out.push(...fairness, '');

  if (withSensitivity) {
    out.push('### Load sensitivity (every arrival rate × factor; dynamic ÷ skillfifo mean / p90, 5 seeds; minutes in brackets)', '');
    out.push('| scenario | × 0.8 mean / p90 | × 1.0 mean / p90 | × 1.2 mean / p90 |');
    out.push('|---|---:|---:|---:|');
    for (const { scenario } of scenarios) {
      const cells = [0.8, 1.0, 1.2].map((k) => {
        const s = scaleArrivals(scenario, k);
        const sf = summarize(s, 'skillfifo', seedsOf(s));
        const dyn = summarize(s, 'dynamic', seedsOf(s));
        return `${f2(dyn.mean / sf.mean)} / ${f2(dyn.p90 / sf.p90)} (skillfifo mean ${f1(sf.mean)}; dynamic mean ${f1(dyn.mean)}, MAE ${f1(dyn.mae)})`;
      });
      out.push(`| ${scenario.name} | ${cells.join(' | ')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** Replaces the text between `<!-- NAME:start -->` and `<!-- NAME:end -->` in `doc`. */
export function replaceSection(doc: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) throw new Error(`markers ${start} … ${end} not found`);
  return `${doc.slice(0, a + start.length)}\n${body}\n${doc.slice(b)}`;
}

const USAGE = 'usage: results [--sensitivity] [--generated N] [--write docs/simulation.md]';

async function cliMain(args: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { sensitivity: { type: 'boolean', default: false }, generated: { type: 'string' }, write: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    process.stderr.write(`results: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  const n = values.generated === undefined ? 0 : Number(values.generated);
  if (!Number.isInteger(n) || n < 0 || n > 100_000) {
    process.stderr.write(`results: --generated must be a whole number\n${USAGE}\n`);
    return 2;
  }
  const shipped = run(values.sensitivity);
  const days =
    n > 0
      ? await evaluateDays(
          Array.from({ length: n }, (_, i) => i + 1),
          defaultWorkers(),
        )
      : [];
  const generated = n > 0 ? generatedTable(days) : '';
  if (values.write !== undefined) {
    let doc = readFileSync(values.write, 'utf8');
    doc = replaceSection(doc, 'results', shipped);
    if (n > 0) doc = replaceSection(doc, 'generated', generated);
    writeFileSync(values.write, doc);
    process.stderr.write(`wrote ${values.write}\n`);
  } else {
    process.stdout.write(`${shipped}\n${generated ? `\n${generated}\n` : ''}`);
  }
  return n > 0 && violations(days).length > 0 ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void cliMain(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
