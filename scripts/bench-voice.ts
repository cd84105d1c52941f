/**
 * Voice benchmark: how long after the screen shows a call the hall starts hearing it, under bursts, and how
 * many announcements that were no longer true are kept off the air. Runs the display's pure schedule
 * (display/src/voice/voice-schedule.ts) on a simulated clock; no browser, no sound card.
 *
 *   npm run -s bench:voice            (JSON on stdout; --trials N, default 500)
 *
 * Sound lengths are measured from the shipped clips (display/src/assets/voice/*.mp3, decoded with
 * mpg123-decoder and trimmed exactly as the clip player trims them); every sound really played in the
 * simulation runs 80 ms longer than the schedule's estimate (audio element start-up), so the plan is
 * tested against sounds that overrun it. The old announcer (a strict FIFO of chime + every repetition) runs
 * on the same events and the same sounds as the reference.
 *
 * Latency = the start of the call's first sentence minus the moment the screen showed it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MPEGDecoder } from 'mpg123-decoder';
import type { CallAnnouncement } from '@hall/contract';
import { HallSettings } from '@hall/contract';
import { trimSilence } from '../display/src/voice/pcm.ts';
import { CHIME_CLIP, clipSequence } from '../display/src/voice/spoken.ts';
import { simulate, type SimEvent } from '../display/src/voice/voice-sim.ts';
import { DEFAULT_SCHEDULE_OPTIONS, type DurationEstimator, type DropReason } from '../display/src/voice/voice-schedule.ts';

const args = process.argv.slice(2);
const trialsArg = args.indexOf('--trials');
const TRIALS = trialsArg >= 0 ? Math.max(1, Number(args[trialsArg + 1]) || 500) : 500;
const OVERRUN_MS = 80;
const WORD_GAP_S = 0.06;
const REPEAT_GAP_MS = 600;

// ── the clips ──
const CLIP_DIR = resolve(import.meta.dirname, '../display/src/assets/voice');
async function clipSeconds(): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const file of readdirSync(CLIP_DIR).filter((f) => f.endsWith('.mp3'))) {
    const decoder = new MPEGDecoder();
    await decoder.ready;
    const r = decoder.decode(new Uint8Array(readFileSync(join(CLIP_DIR, file))));
    decoder.free();
    const samples = r.channelData[0] ?? new Float32Array();
    const name = file.slice(0, -4);
    // The clip player plays the chime whole and trims every word (MP3 padding).
    out.set(name, (name === CHIME_CLIP ? samples.length : trimSilence(samples).length) / r.sampleRate);
  }
  return out;
}

const voice = HallSettings.parse({}).voice;
const settings = { repeat: voice.repeat, chime: voice.chime, rate: voice.rate };

function estimator(clips: Map<string, number>, extraMs = 0): DurationEstimator {
  return {
    sayMs: (call, template, rate) => {
      const seq = clipSequence(template === 'brief' ? voice.briefTemplate : voice.template, call).clips;
      const s = seq.reduce((n, c) => n + (clips.get(c) ?? 0.35), 0) + Math.max(0, seq.length - 1) * WORD_GAP_S;
      return (s * 1000) / rate + extraMs;
    },
    chimeMs: (rate) => ((clips.get(CHIME_CLIP) ?? 1.62) * 1000) / rate + extraMs,
  };
}

// ── a seeded random source, so every run replays the same halls ──
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const uniform = (rnd: () => number, lo: number, hi: number) => lo + (hi - lo) * rnd();

let nextId = 1;
function makeCall(rnd: () => number, windowNumber: number, ticket?: { id: string; number: string }, isRecall = false): CallAnnouncement {
  const number = ticket?.number ?? `${'ABCDEFGH'[Math.floor(rnd() * 8)]}${String(1 + Math.floor(rnd() * 150)).padStart(3, '0')}`;
  return {
    id: nextId++,
    ticketId: ticket?.id ?? `t${nextId}`,
    number,
    windowId: `W${windowNumber}`,
    windowName: `${windowNumber}号窗口`,
    windowNumber,
    at: '',
    isRecall,
  };
}

// ── the reference: the old announcer, a strict FIFO of chime + every repetition ──
interface FifoResult {
  saidAt: Map<number, number>;
  /** Sentences that started after their ticket's call was no longer true. */
  staleSayings: number;
}
function fifo(events: readonly SimEvent[], played: DurationEstimator, staleAt: Map<string, number>): FifoResult {
  const calls = events.filter((e): e is { at: number; call: CallAnnouncement } => 'call' in e).sort((a, b) => a.at - b.at);
  const saidAt = new Map<number, number>();
  let t = 0;
  let staleSayings = 0;
  for (const { at, call } of calls) {
    t = Math.max(t, at);
    if (settings.chime) t += played.chimeMs(settings.rate);
    for (let i = 0; i < settings.repeat; i += 1) {
      if (i > 0) t += REPEAT_GAP_MS / settings.rate;
      if (i === 0) saidAt.set(call.id, t);
      const stale = staleAt.get(call.ticketId);
      if (stale !== undefined && t >= stale) staleSayings += 1;
      t += played.sayMs(call, 'full', settings.rate);
    }
  }
  return { saidAt, staleSayings };
}

function stats(values: number[]) {
  const v = [...values].sort((a, b) => a - b);
  const q = (p: number) => v[Math.min(v.length - 1, Math.max(0, Math.ceil(p * v.length) - 1))] ?? NaN;
  const r = (n: number) => Math.round(n) / 1000;
  return {
    n: v.length,
    p50s: r(q(0.5)),
    p95s: r(q(0.95)),
    maxs: r(v[v.length - 1] ?? NaN),
    meanS: r(v.reduce((a, b) => a + b, 0) / (v.length || 1)),
  };
}

/** A burst of five calls ~0.05–0.4 s apart, sometimes while an earlier call is still being announced. */
function burst(rnd: () => number) {
  const events: SimEvent[] = [];
  const windows = [...Array(16).keys()].map((i) => i + 1).sort(() => rnd() - 0.5);
  if (rnd() < 0.5) events.push({ at: 0, call: makeCall(rnd, windows.pop() as number) });
  let t = events.length > 0 ? uniform(rnd, 0, 9000) : 0;
  const burstCalls: CallAnnouncement[] = [];
  for (let i = 0; i < 5; i += 1) {
    const c = makeCall(rnd, windows.pop() as number);
    burstCalls.push(c);
    events.push({ at: Math.round(t), call: c });
    t += uniform(rnd, 50, 400);
  }
  return { events, burstCalls, burstStart: events.find((e) => 'call' in e && e.call === burstCalls[0])?.at ?? 0 };
}

async function main() {
  const clips = await clipSeconds();
  const plan = estimator(clips);
  const played = estimator(clips, OVERRUN_MS);
  const sample = makeCall(mulberry32(1), 16, { id: 'x', number: 'A012' });

  // 1. Bursts of five.
  const rnd = mulberry32(20_261_112);
  const newLatency: number[] = [];
  const fifoLatency: number[] = [];
  const fifthNew: number[] = [];
  const fifthFifo: number[] = [];
  let overlaps = 0;
  const levels = new Map<number, number>();
  for (let trial = 0; trial < TRIALS; trial += 1) {
    const { events, burstCalls } = burst(rnd);
    const r = simulate(events, settings, plan, DEFAULT_SCHEDULE_OPTIONS, played);
    if (r.maxConcurrent > 1) overlaps += 1;
    const ref = fifo(events, played, new Map());
    burstCalls.forEach((c, i) => {
      const rec = r.records.find((x) => x.callIds.includes(c.id));
      const shown = events.find((e) => 'call' in e && e.call === c)?.at ?? 0;
      const lat = (rec?.saidAt ?? Infinity) - shown;
      const refLat = (ref.saidAt.get(c.id) ?? Infinity) - shown;
      newLatency.push(lat);
      fifoLatency.push(refLat);
      if (i === 4) {
        fifthNew.push(lat);
        fifthFifo.push(refLat);
      }
      if (rec?.level !== null && rec?.level !== undefined) levels.set(rec.level, (levels.get(rec.level) ?? 0) + 1);
    });
  }

  // 2. Stale calls: in each burst some tickets are finished, marked 过号 or transferred before their turn,
  //    and one ticket is recalled twice and then marked 过号 (the A006 story).
  const rnd2 = mulberry32(7);
  const drops = new Map<DropReason, number>();
  let staleCalls = 0;
  let staleVoicedNew = 0;
  let staleVoicedFifo = 0;
  let recallsAfterNoShowFifo = 0;
  let recallsAfterNoShowNew = 0;
  for (let trial = 0; trial < TRIALS; trial += 1) {
    const { events, burstCalls, burstStart } = burst(rnd2);
    const staleAt = new Map<string, number>();
    for (const c of burstCalls.slice(0, 4)) {
      if (rnd2() >= 0.3) continue;
      const shown = events.find((e) => 'call' in e && e.call === c)?.at ?? 0;
      const at = Math.round(shown + uniform(rnd2, 1000, 20_000));
      const kind = rnd2();
      const ticket =
        kind < 0.5
          ? { id: c.ticketId, status: 'done' as const, windowId: c.windowId }
          : kind < 0.8
            ? { id: c.ticketId, status: 'no_show' as const, windowId: c.windowId }
            : { id: c.ticketId, status: 'waiting' as const, windowId: null };
      events.push({ at, ticket });
      staleAt.set(c.ticketId, at);
      staleCalls += 1;
    }
    const a006 = burstCalls[4] as CallAnnouncement;
    const recallTimes = [burstStart + 8000, burstStart + 16_000];
    for (const at of recallTimes)
      events.push({ at, call: makeCall(rnd2, a006.windowNumber, { id: a006.ticketId, number: a006.number }, true) });
    const noShowAt = burstStart + 20_000;
    events.push({ at: noShowAt, ticket: { id: a006.ticketId, status: 'no_show', windowId: a006.windowId } });
    staleAt.set(a006.ticketId, noShowAt);
    staleCalls += 1;

    const r = simulate(events, settings, plan, DEFAULT_SCHEDULE_OPTIONS, played);
    for (const rec of r.records) if (rec.dropReason) drops.set(rec.dropReason, (drops.get(rec.dropReason) ?? 0) + 1);
    for (const s of r.sounds) {
      if (s.kind !== 'say') continue;
      const owner = r.records.find(
        (x) => x.number === s.number && x.startedAt !== null && x.startedAt <= s.at && (x.endedAt ?? Infinity) >= s.at,
      );
      const stale = owner ? staleAt.get(owner.ticketId) : undefined;
      if (stale !== undefined && s.at >= stale) {
        staleVoicedNew += 1;
        if (owner?.ticketId === a006.ticketId) recallsAfterNoShowNew += 1;
      }
    }
    const ref = fifo(events, played, staleAt);
    staleVoicedFifo += ref.staleSayings;
    // The FIFO's recalls of the 过号 ticket that started after the 过号.
    for (const e of events)
      if ('call' in e && e.call.ticketId === a006.ticketId && e.call.isRecall && (ref.saidAt.get(e.call.id) ?? 0) >= noShowAt)
        recallsAfterNoShowFifo += 1;
  }

  // 3. An hour of calls at 16 windows (Poisson): a busy hall (one call every 12 s on average, more speech
  //    than the old announcer could ever say) and a calm one (every 40 s).
  const hour = (meanIntervalMs: number, seed: number) => {
    const r = mulberry32(seed);
    const events: SimEvent[] = [];
    for (let t = 0; t < 3_600_000; t += -Math.log(1 - r()) * meanIntervalMs)
      events.push({ at: Math.round(t), call: makeCall(r, 1 + Math.floor(r() * 16)) });
    const run = simulate(events, settings, plan, DEFAULT_SCHEDULE_OPTIONS, played);
    const ref = fifo(events, played, new Map());
    const calls = events.filter((e): e is { at: number; call: CallAnnouncement } => 'call' in e);
    return {
      meanIntervalS: meanIntervalMs / 1000,
      calls: calls.length,
      latency: {
        schedule: stats(run.records.map((x) => (x.saidAt ?? Infinity) - x.queuedAt)),
        fifo: stats(calls.map((e) => (ref.saidAt.get(e.call.id) ?? Infinity) - e.at)),
      },
      repetitionsSaid: run.records.reduce((n, x) => n + Math.max(0, x.sayings - 1), 0),
      repetitionsExpired: run.records.filter((x) => x.dropReason === 'repeat_expired').length,
      repetitionsCut: run.records.reduce((n, x) => n + x.cuts, 0),
      overlaps: run.maxConcurrent > 1,
    };
  };

  const round2 = (n: number) => Math.round(n) / 1000;
  const result = {
    settings: {
      ...settings,
      template: voice.template,
      briefTemplate: voice.briefTemplate,
      targetS: DEFAULT_SCHEDULE_OPTIONS.targetMs / 1000,
    },
    clips: {
      measuredFrom: `${clips.size} MP3 clips in display/src/assets/voice`,
      chimeS: round2(plan.chimeMs(settings.rate)),
      fullSentenceS: round2(plan.sayMs(sample, 'full', settings.rate)),
      briefSentenceS: round2(plan.sayMs(sample, 'brief', settings.rate)),
      sample: `${sample.number} → window ${sample.windowNumber} at rate ${settings.rate}`,
      overrunPerSoundMs: OVERRUN_MS,
    },
    burstOf5: {
      trials: TRIALS,
      latencyAllCalls: { schedule: stats(newLatency), fifo: stats(fifoLatency) },
      latencyFifthCall: { schedule: stats(fifthNew), fifo: stats(fifthFifo) },
      withinTarget: {
        schedule: newLatency.filter((l) => l <= DEFAULT_SCHEDULE_OPTIONS.targetMs).length / newLatency.length,
        fifo: fifoLatency.filter((l) => l <= DEFAULT_SCHEDULE_OPTIONS.targetMs).length / fifoLatency.length,
      },
      firstSentenceLevels: Object.fromEntries([...levels.entries()].sort((a, b) => a[0] - b[0])),
      trialsWithOverlap: overlaps,
    },
    staleCalls: {
      trials: TRIALS,
      ticketsGoneStale: staleCalls,
      sentencesStartedAfterStale: { schedule: staleVoicedNew, fifo: staleVoicedFifo },
      recallsVoicedAfterNoShow: { schedule: recallsAfterNoShowNew, fifo: recallsAfterNoShowFifo },
      droppedByReason: Object.fromEntries(drops),
    },
    busyHour: hour(12_000, 99),
    calmHour: hour(40_000, 100),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

await main();
