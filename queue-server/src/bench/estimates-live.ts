/**
 * The wait estimate on a live server (docs/benchmarks.md, "Wait estimates on a live server"):
 *
 *   npm run -s bench:estimates-live [-- --seed 2025 --scenario scenarios/county-yearend.json --slowdown 1.3 --no-show 0]
 *
 * A real hall server (`startTestServer`: its database, command path, read model and `hall/wait-estimates.ts`)
 * on an injected clock, driven through a whole hall day of a shipped scenario as fast as it will go: the
 * scenario's arrivals (Poisson per span, its green-channel share) are issued as kiosk tickets, the demo
 * hall's 15 staffed windows call, start and finish through the same window commands the consoles use, each
 * service drawn log-normal from the scenario's category (mean, cv), `--slowdown` (default 1.3) × outside the
 * window's home. With `--no-show P` a called citizen fails to come with probability P: the window recalls
 * twice and marks 过号 90 seconds after the call. The scenario's categories map onto the demo hall's in order
 * (A→企业服务 … H→税务), their configured service times are the scenario's means, and the hall opens
 * 08:30–17:30 in one span. No lunch breaks (the simulator has them). Each ticket's estimate is the one in its
 * issue reply; its actual wait is issue → first call. Reported with the same counting as the simulator
 * (`sim/estimates.ts`), and the cross-skill slowdown the server learned by the end of the day. The range's
 * coverage is printed as shown (widened from the day's record so far, `core/range-calibration.ts`; the bench's
 * server starts with no history, a hall's first day) and, in brackets, for the sampled range it was widened from.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { demoConfig, startTestServer } from '../testing/test-server.ts';
import { manualClock } from '../services/clock.ts';
import type { Actor } from '../hall/actor.ts';
import { parseScenario } from '../sim/scenario.ts';
import { estimateAccuracy, type EstimateSample } from '../sim/estimates.ts';
import { TicketRepository } from '../db/ticket-repository.ts';

const MIN = 60_000;
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '2025' },
    scenario: { type: 'string', default: 'scenarios/county-yearend.json' },
    json: { type: 'boolean', default: false },
    slowdown: { type: 'string', default: '1.3' },
    'no-show': { type: 'string', default: '0' },
  },
});
/** What a 过号 holds the window: the call and two recalls, 90 seconds in all. */
const NO_SHOW_HOLD_MS = 1.5 * MIN;

const STAFF: Array<[string, string]> = [
  ['W01', 'zhangwei'],
  ['W02', 'wangfang'],
  ['W03', 'liyan'],
  ['W04', 'zhaomin'],
  ['W05', 'chenjing'],
  ['W06', 'liuyang'],
  ['W07', 'yangli'],
  ['W08', 'huangxin'],
  ['W09', 'zhouqiang'],
  ['W10', 'wuxia'],
  ['W11', 'xujun'],
  ['W13', 'majie'],
  ['W14', 'gaoyu'],
  ['W15', 'hutao'],
  ['W16', 'guoping'],
];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(1e-12, r()))) * Math.cos(2 * Math.PI * r());
}

async function main(): Promise<void> {
  const parsed = parseScenario(JSON.parse(readFileSync(values.scenario, 'utf8')));
  if (!parsed.ok) throw new Error(parsed.message);
  const sc = parsed.scenario;
  const seed = Number(values.seed);
  const slowdown = Number(values.slowdown);
  const noShowShare = Number(values['no-show']);
  if (!(slowdown >= 1 && slowdown <= 3)) throw new Error('--slowdown must be between 1 and 3');
  if (!(noShowShare >= 0 && noShowShare < 1)) throw new Error('--no-show must be at least 0 and below 1');
  const rand = rng(seed);
  // Its own stream, so the default run (no no-shows) draws the same day as before the option existed.
  const noShowRand = rng(seed ^ 0x5bd1e995);
  const DAY = '2026-11-23'; // a Monday
  const at = (hhmm: string) => Date.parse(`${DAY}T${hhmm}:00+08:00`);
  const config = demoConfig((c) => {
    c.hours.weekdays = [{ open: sc.day.open, close: sc.day.close }];
    c.hours.lastTicketMinutesBeforeClose = 0;
    sc.categories.forEach((s, i) => {
      const cat = c.categories[i];
      if (cat) cat.defaultServiceMinutes = s.serviceMinutes.mean;
    });
  });
  const catOf = new Map(sc.categories.map((s, i) => [s.id, config.categories[i]?.id ?? '']));
  const profile = new Map(sc.categories.map((s, i) => [config.categories[i]?.id ?? '', s.serviceMinutes]));
  const open = at(sc.day.open);
  const close = at(sc.day.close);
  const clock = manualClock(open - MIN);
  const srv = await startTestServer({ clock, config });
  const hall = srv.hall;
  const user = (id: string): Actor => ({ kind: 'user', id, role: 'staff', source: 'bench' });
  const kiosk: Actor = { kind: 'device', id: 'KIOSK1', role: 'kiosk', source: 'bench' };
  clock.set(open);
  for (const [w, u] of STAFF) if (!hall.signIn(user(u), w).ok) throw new Error(`sign-in ${w}`);
  const homeOf = new Map(config.windows.map((w) => [w.id, w.home]));

  // Arrivals: Poisson within each span of the scenario.
  const arrivals: Array<{ at: number; categoryId: string; priority: 'normal' | 'green' }> = [];
  for (const a of sc.arrivals) {
    const from = at(a.from);
    const to = at(a.to);
    const green = a.priority?.green ?? 0;
    for (
      let t = from - (Math.log(Math.max(1e-12, rand())) * 60 * MIN) / a.perHour;
      t < to;
      t -= (Math.log(Math.max(1e-12, rand())) * 60 * MIN) / a.perHour
    )
      arrivals.push({ at: Math.round(t), categoryId: catOf.get(a.category) ?? '', priority: rand() < green ? 'green' : 'normal' });
  }
  arrivals.sort((x, y) => x.at - y.at);

  const busyUntil = new Map<string, number>();
  const absent = new Set<string>();
  const staffOf = new Map(STAFF);
  const serve = (w: string, now: number) => {
    const u = staffOf.get(w) as string;
    const called = hall.windowCommand(user(u), w, { type: 'call-next' });
    if (!called.ok || !called.value.ticket) return;
    if (noShowShare > 0 && noShowRand() < noShowShare) {
      absent.add(w);
      busyUntil.set(w, now + NO_SHOW_HOLD_MS);
      return;
    }
    hall.windowCommand(user(u), w, { type: 'start' });
    const t = called.value.ticket;
    const p = profile.get(t.categoryId) ?? { mean: 10, cv: 0.7 };
    const s2 = Math.log(1 + p.cv * p.cv);
    const minutes = Math.exp(Math.log(p.mean) - s2 / 2 + Math.sqrt(s2) * normal(rand)) * (homeOf.get(w) === t.categoryId ? 1 : slowdown);
    busyUntil.set(w, now + Math.max(0.5, minutes) * MIN);
  };
  /** The window's citizen did not come: two recalls (the hall's default 3 calls) and the 过号 mark. */
  const markNoShow = (w: string) => {
    const who = user(staffOf.get(w) as string);
    for (let k = 0; k < 2; k++) hall.windowCommand(who, w, { type: 'recall' });
    if (!hall.windowCommand(who, w, { type: 'no-show' }).ok) throw new Error(`no-show at ${w}`);
    absent.delete(w);
  };
  const idleWindowsCall = (now: number) => {
    for (const [w] of STAFF) if (!busyUntil.has(w)) serve(w, now);
  };

  const estimates = new Map<string, { minutes: number | null; low: number; high: number; note?: 'NO_OPEN_WINDOW' | 'AFTER_CLOSE' }>();
  let i = 0;
  const started = performance.now();
  const endAt = close + 25 * MIN; // before the day closes (close + 30 min grace)
  for (;;) {
    const nextArrival = arrivals[i]?.at ?? Infinity;
    let nextFree = Infinity;
    let freeW: string | null = null;
    for (const [w, t] of busyUntil)
      if (t < nextFree) {
        nextFree = t;
        freeW = w;
      }
    const now = Math.min(nextArrival, nextFree);
    if (!Number.isFinite(now) || now > endAt) break;
    clock.set(now);
    if (freeW !== null && nextFree <= nextArrival) {
      if (absent.has(freeW)) markNoShow(freeW);
      else hall.windowCommand(user(staffOf.get(freeW) as string), freeW, { type: 'finish' });
      busyUntil.delete(freeW);
      serve(freeW, now);
      continue;
    }
    const a = arrivals[i++];
    if (!a) break;
    const r = await hall.issueTicket(kiosk, { categoryId: a.categoryId, channel: 'kiosk', priority: a.priority });
    if (r.ok) estimates.set(r.value.id, r.value.waitEstimate);
    idleWindowsCall(now);
  }
  const wallMs = performance.now() - started;

  const samples: EstimateSample[] = [];
  const repo = new TicketRepository(srv.db);
  for (const t of hall.queries.ticketsOfDay(DAY)) {
    const e = estimates.get(t.id);
    if (!e) continue;
    const sampled = repo.sampledWaitOf(t.id);
    samples.push({
      ...(sampled !== null ? { sampledLow: sampled.low, sampledHigh: sampled.high } : {}),
      issuedAt: t.issuedAt,
      calledAt: t.firstCalledAt,
      served: t.firstCalledAt !== null,
      minutes: e.minutes ?? 0,
      low: e.low,
      high: e.high,
      ...(e.note !== undefined ? { note: e.note } : {}),
    });
  }
  const acc = estimateAccuracy(samples, close);
  const learned = hall.queries.learnedSlowdown();
  await srv.stop();
  const out = {
    scenario: sc.name,
    seed,
    slowdown,
    noShowShare,
    learnedSlowdown: Math.round(learned.slowdown * 1000) / 1000,
    crossServices: learned.crossServices,
    issued: estimates.size,
    wallSeconds: Math.round(wallMs / 100) / 10,
    ...acc,
  };
  if (values.json) process.stdout.write(JSON.stringify(out) + '\n');
  else
    process.stdout.write(
      `| ${sc.name} | ${seed} | ${slowdown} | ${noShowShare} | ${out.learnedSlowdown.toFixed(2)} | ${acc.tickets} | ${acc.measured} | ${acc.meanWait.toFixed(2)} | ${acc.mae.toFixed(2)} | ${(acc.maeShare * 100).toFixed(0)}% | ${acc.meetsTarget ? 'yes' : 'no'} | ${acc.bias.toFixed(2)} | ${(acc.coverage * 100).toFixed(0)}% (${acc.sampledCoverage === null ? '—' : (acc.sampledCoverage * 100).toFixed(0) + '%'}) | ${acc.meanWidth.toFixed(1)} | ${acc.afterClose.given} (${acc.afterClose.notCalledBeforeClose}) | ${acc.noOpenWindow} | ${out.wallSeconds} |\n`,
    );
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
