/**
 * Input-method benchmark: how long loading the engine takes and how long one key press takes (the candidates
 * for the buffer after each letter of names, addresses, company names and searches a hall sees), next to a
 * floor measured in the same run (normalizing the same buffers, the least any engine must do).
 *
 *   npm run -s -w kiosk ime:bench            # human-readable
 *   npm run -s -w kiosk ime:bench -- --json  # one JSON object
 */
import { readFileSync } from 'node:fs';
import { createEngine, type ImeContext } from './engine.ts';

const WORKLOAD: Array<[string, ImeContext['field']]> = [
  ['huang', 'name'],
  ['xin', 'name'],
  ['xi', 'name'],
  ['zhangwei', 'name'],
  ['ouyang', 'name'],
  ['liuhui', 'name'],
  ['chenhao', 'name'],
  ['wangyu', 'name'],
  ['pingancanyinyouxiangongsi', 'address'],
  ['huaxiakejigufenyouxiangongsi', 'address'],
  ['chaoyangqujianguolu', 'address'],
  ['hebeishengshijiazhuangshi', 'address'],
  ['neimengguhuhehaote', 'address'],
  ['xinhuashudian', 'address'],
  ['yxgs', 'address'],
  ['budongchan', 'search'],
  ['bdczy', 'search'],
  ['gongjijin', 'search'],
  ['shenfenzheng', 'text'],
  ['yingyezhizhao', 'text'],
];

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

const json = process.argv.includes('--json');
const text = readFileSync(new URL('./lexicon.txt', import.meta.url), 'utf8');

const loads: number[] = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  createEngine(text);
  loads.push(performance.now() - t0);
}

// Every key press of the workload: the buffer after each letter, in a fresh engine (cold: chunks parsed on
// first use, as if typing began the moment the data arrived) and in one whose dictionary is parsed (warm:
// what the kiosk has once idle time has prepared it).
const buffers = WORKLOAD.flatMap(([word, field]) => [...word].map((_, i) => ({ letters: word.slice(0, i + 1), field })));
const time = (engine: ReturnType<typeof createEngine>) =>
  buffers.map(({ letters, field }) => {
    const t0 = performance.now();
    engine.candidates(letters, { field, before: '' });
    return performance.now() - t0;
  });
const cold = time(createEngine(text)).sort((a, b) => a - b);
const engine = createEngine(text);
const t0 = performance.now();
engine.prepare(Infinity, () => performance.now());
const prepareMs = performance.now() - t0;
time(engine);
const warm: number[] = [];
for (let r = 0; r < 5; r++) warm.push(...time(engine));
warm.sort((a, b) => a - b);

const floor: number[] = [];
for (let r = 0; r < 5; r++) {
  for (const { letters } of buffers) {
    const t0 = performance.now();
    letters.toLowerCase().replace(/[^a-z]/g, '');
    floor.push(performance.now() - t0);
  }
}
floor.sort((a, b) => a - b);

const ms = (x: number) => Math.round(x * 1000) / 1000;
const result = {
  lexiconBytes: Buffer.byteLength(text),
  loadMs: { median: ms([...loads].sort((a, b) => a - b)[2] ?? NaN) },
  /** Parsing the whole dictionary ahead of use (the kiosk does it in idle slices of 8 ms). */
  prepareMs: ms(prepareMs),
  keyPresses: buffers.length,
  coldMs: { p50: ms(percentile(cold, 0.5)), p95: ms(percentile(cold, 0.95)), max: ms(cold[cold.length - 1] ?? NaN) },
  warmMs: { p50: ms(percentile(warm, 0.5)), p95: ms(percentile(warm, 0.95)), max: ms(warm[warm.length - 1] ?? NaN) },
  floorMs: { p50: ms(percentile(floor, 0.5)), p95: ms(percentile(floor, 0.95)) },
};
if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  process.stdout.write(
    [
      `lexicon ${(result.lexiconBytes / 1e6).toFixed(2)} MB, engine load ${result.loadMs.median} ms (median of 5), full parse ahead of use ${result.prepareMs} ms`,
      `${result.keyPresses} key presses`,
      `  first use (cold)  p50 ${result.coldMs.p50} ms  p95 ${result.coldMs.p95} ms  max ${result.coldMs.max} ms`,
      `  prepared (warm)   p50 ${result.warmMs.p50} ms  p95 ${result.warmMs.p95} ms  max ${result.warmMs.max} ms`,
      `  floor (normalize) p50 ${result.floorMs.p50} ms  p95 ${result.floorMs.p95} ms`,
      '',
    ].join('\n'),
  );
}
