/**
 * Simulator command line (formats: docs/scenario-format.md; usage: docs/simulation.md).
 *
 *   npm run -s simulate -- --scenario scenarios/county-yearend.json --policy dynamic --json
 *   npm run -s simulate -- --scenario scenarios/township.json --policy all --svg township.svg
 *
 * --json prints exactly one JSON object on stdout (with --policy all: one object keyed by policy, each
 * value in the spec's format). Without --json a short table is printed. --svg always charts all four
 * policies on the same seed. Bad arguments or a bad scenario file: a message on stderr and exit code 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { PolicyName } from '../core/queue-model.ts';
import { simulate, type SimResult } from './engine.ts';
import { toReport, type SimReport } from './report.ts';
import { parseScenario, type Scenario } from './scenario.ts';
import { renderSvg } from './svg.ts';

export const POLICY_NAMES: readonly PolicyName[] = ['static', 'skillfifo', 'dynamic', 'pooled'];

const USAGE = `usage: simulate --scenario FILE --policy static|skillfifo|dynamic|pooled|all [--seed N] [--json] [--svg OUT.svg]`;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readFile: (path: string) => string;
  readonly writeFile: (path: string, text: string) => void;
}

const nodeIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readFile: (p) => readFileSync(p, 'utf8'),
  writeFile: (p, t) => writeFileSync(p, t),
};

class UsageError extends Error {}

/** Reads and validates a scenario file; failures are UsageErrors with a readable message. */
export function loadScenario(path: string, io: Pick<CliIo, 'readFile'>): Scenario {
  let text: string;
  try {
    text = io.readFile(path);
  } catch (e) {
    throw new UsageError(`cannot read scenario file ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`scenario file ${path} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = parseScenario(raw);
  if (!parsed.ok) throw new UsageError(`scenario file ${path} is invalid:\n${parsed.message}`);
  return parsed.scenario;
}

function table(reports: readonly SimReport[]): string {
  const head = `${'policy'.padEnd(10)} ${'tickets'.padStart(7)} ${'served'.padStart(6)} ${'mean'.padStart(6)} ${'p50'.padStart(6)} ${'p90'.padStart(6)} ${'max'.padStart(6)} ${'MAE'.padStart(5)} ${'moves'.padStart(5)}`;
  const rows = reports.map(
    (r) =>
      `${r.policy.padEnd(10)} ${String(r.tickets).padStart(7)} ${String(r.served).padStart(6)} ${r.waitMinutes.mean.toFixed(1).padStart(6)} ${r.waitMinutes.p50.toFixed(1).padStart(6)} ${r.waitMinutes.p90.toFixed(1).padStart(6)} ${r.waitMinutes.max.toFixed(1).padStart(6)} ${r.predictedWaitMAE.toFixed(1).padStart(5)} ${String(r.reassignments).padStart(5)}`,
  );
  return [`${reports[0]?.scenario ?? ''} · seed ${reports[0]?.seed ?? ''} · waits in minutes`, head, ...rows, ''].join('\n');
}

/** Runs the CLI; returns the exit code (0 ok, 2 bad input, 1 internal error). */
export function main(argv: readonly string[], io: CliIo = nodeIo): number {
  try {
    let values;
    try {
      ({ values } = parseArgs({
        args: [...argv],
        options: {
          scenario: { type: 'string' },
          policy: { type: 'string' },
          seed: { type: 'string' },
          json: { type: 'boolean', default: false },
          svg: { type: 'string' },
          help: { type: 'boolean', short: 'h', default: false },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (values.scenario === undefined) throw new UsageError('missing --scenario FILE');
    if (values.policy === undefined) throw new UsageError('missing --policy (static, skillfifo, dynamic, pooled or all)');
    const policyArg = values.policy;
    const isAll = policyArg === 'all';
    if (!isAll && !(POLICY_NAMES as readonly string[]).includes(policyArg)) {
      throw new UsageError(`unknown policy "${policyArg}" (expected static, skillfifo, dynamic, pooled or all)`);
    }
    let seed: number | undefined;
    if (values.seed !== undefined) {
      if (!/^\d{1,10}$/.test(values.seed) || Number(values.seed) > 2 ** 32 - 1) {
        throw new UsageError(`--seed must be an integer from 0 to ${2 ** 32 - 1}, got "${values.seed}"`);
      }
      seed = Number(values.seed);
    }
    const scenario = loadScenario(values.scenario, io);
    const runSeed = seed ?? scenario.seed;
    const wanted: readonly PolicyName[] = isAll ? POLICY_NAMES : [policyArg as PolicyName];
    const toRun = values.svg !== undefined ? POLICY_NAMES : wanted;
    const results = new Map<PolicyName, SimResult>();
    for (const p of toRun) results.set(p, simulate(scenario, p, { seed: runSeed, seriesEveryMinutes: values.svg !== undefined ? 5 : 0 }));
    const reports = wanted.map((p) => {
      const r = results.get(p);
      if (r === undefined) throw new Error(`no result for ${p}`);
      return toReport(scenario, r);
    });
    if (values.svg !== undefined) {
      try {
        io.writeFile(values.svg, renderSvg(scenario.name, runSeed, [...results.values()]));
      } catch (e) {
        throw new UsageError(`cannot write ${values.svg}: ${e instanceof Error ? e.message : String(e)}`);
      }
      io.stderr(`wrote ${values.svg}\n`);
    }
    if (values.json) {
      const out = isAll ? Object.fromEntries(reports.map((r) => [r.policy, r])) : reports[0];
      io.stdout(`${JSON.stringify(out)}\n`);
    } else {
      io.stdout(table(reports));
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`simulate: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    io.stderr(`simulate: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
