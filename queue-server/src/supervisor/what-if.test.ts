import { describe, expect, it } from 'vitest';
import { parseScenario } from '../sim/scenario.ts';
import {
  crossTrainingAdvice,
  dayScenario,
  erlangCWaitMinutes,
  pausesOfDay,
  runScenario,
  staffingAdvice,
  type DayFacts,
} from './what-if.ts';

const facts: DayFacts = {
  date: '2026-11-23',
  hallName: '测试大厅',
  categories: [
    { id: 'A', name: '企业', meanServiceMinutes: 10 },
    { id: 'B', name: '社保', meanServiceMinutes: 5 },
  ],
  windows: [
    { id: 'W1', home: 'A', skills: ['A'], staffed: true },
    { id: 'W2', home: 'B', skills: ['B'], staffed: true },
    { id: 'W3', home: 'B', skills: ['B'], staffed: false },
  ],
  // Five B tickets at 9:00, one minute apart, 10 minutes each; one A ticket; one B no-show.
  tickets: [
    ...[0, 1, 2, 3, 4].map((k) => ({
      categoryId: 'B',
      priority: 'normal' as const,
      issuedMinute: 540 + k,
      serviceMinutes: 10,
      noShow: false,
    })),
    { categoryId: 'A', priority: 'normal', issuedMinute: 540, serviceMinutes: 4, noShow: false },
    { categoryId: 'B', priority: 'green', issuedMinute: 600, serviceMinutes: null, noShow: true },
  ],
  crossSkillSlowdown: 1,
  noShowTimeoutMinutes: 2,
};

describe('what-if', () => {
  it('turns the day into a valid scenario file with the staffed windows and the real service times', () => {
    const s = dayScenario(facts);
    expect(parseScenario(JSON.parse(JSON.stringify(s))).ok).toBe(true);
    expect(s.windows.map((w) => w.id)).toEqual(['W1', 'W2']);
    expect(s.recorded?.filter((r) => r.category === 'B' && !r.noShow).map((r) => r.serviceMinutes)).toEqual([10, 10, 10, 10, 10]);
    expect(s.day).toEqual({ open: '09:00', close: '10:01' });
    const plan = dayScenario(facts, {
      closeWindows: ['W1'],
      openExisting: ['W3'],
      addSkills: [{ windowId: 'W2', categoryId: 'A' }],
      breaks: [{ windowId: 'W2', from: '12:00', to: '13:00' }],
    });
    expect(plan.windows.map((w) => [w.id, w.skills, w.breaks.length])).toEqual([
      ['W2', ['B', 'A'], 1],
      ['W3', ['B'], 0],
    ]);
  });

  it('replays by hand-computable waits: one B window serves five 10-minute tickets in a row', () => {
    const r = runScenario(dayScenario(facts));
    // B waits: 0, 9, 18, 27, 36 (issued a minute apart, served back to back) → mean over the six served = 90/6.
    expect(r.report.served).toBe(6);
    expect(r.report.waitMinutes.mean).toBe(15);
    const twoB = runScenario(dayScenario(facts, { openExisting: ['W3'] }));
    // Two B windows (free at 10 and 11, then 20): waits 0, 0, 8, 8, 16 → 32/6 = 5.33, printed 5.3.
    expect(twoB.report.waitMinutes.mean).toBe(5.3);
  });

  it("replays the day's recorded pauses: W2 paused 9:00:30–9:20 serves its five tickets after it", () => {
    const midnight = 1_000_000;
    const m = (minutes: number) => midnight + minutes * 60_000;
    const pauses = pausesOfDay(
      [
        { type: 'window.paused', at: m(540.5), windowId: 'W2' },
        { type: 'window.resumed', at: m(560), windowId: 'W2' },
        { type: 'window.paused', at: m(700), windowId: 'W1' },
      ],
      midnight,
      m(710),
    );
    expect(Object.fromEntries(pauses)).toEqual({ W2: [{ from: 540.5, to: 560 }], W1: [{ from: 700, to: 710 }] });
    const paused: DayFacts = { ...facts, windows: facts.windows.map((w) => ({ ...w, pauses: pauses.get(w.id) ?? [] })) };
    const s = dayScenario(paused);
    expect(s.windows.map((w) => [w.id, w.breaks])).toEqual([
      ['W1', [{ from: '11:40', to: '11:50' }]],
      ['W2', [{ from: '09:00', to: '09:20' }]],
    ]);
    // W2 calls B at 9:00 (the break starts when that ticket ends at 9:10), then 9:20, 9:30, 9:40, 9:50:
    // B waits 0, 19, 28, 37, 46 (130) + A 0 → 130/6 = 21.7.
    expect(runScenario(s).report.waitMinutes.mean).toBe(21.7);
  });

  it('names the certification that helps most, with the simulated gain', () => {
    const advice = crossTrainingAdvice(facts);
    // Only W1 (A) can be trained, for B: A's one 4-minute ticket, then it helps with B.
    expect(advice).toHaveLength(1);
    expect(advice[0]).toMatchObject({ windowId: 'W1', categoryId: 'B', meanWaitBefore: 15 });
    expect(advice[0]?.meanWaitAfter).toBeLessThan(15);
  });

  it('per staff member: a window serves only what its person may, and the advice names that person', () => {
    // W1 is configured for A and B, but 张伟 who served there is certified for A only: B stays with W2.
    const staffed: DayFacts = {
      ...facts,
      windows: [
        { id: 'W1', home: 'A', skills: ['A', 'B'], staffed: true, staff: { username: 'zhangwei', name: '张伟', certified: ['A'] } },
        { id: 'W2', home: 'B', skills: ['B'], staffed: true, staff: { username: 'liuyang', name: '刘洋', certified: ['B'] } },
      ],
    };
    expect(dayScenario(staffed).windows.map((w) => [w.id, w.skills])).toEqual([
      ['W1', ['A']],
      ['W2', ['B']],
    ]);
    // Same day as the plain facts above (W1: A only), so the same 15-minute mean wait before training.
    const advice = crossTrainingAdvice(staffed);
    expect(advice).toHaveLength(1);
    expect(advice[0]).toMatchObject({
      staff: 'zhangwei',
      staffName: '张伟',
      windowId: 'W1',
      categoryId: 'B',
      needsWindowSkill: false,
      meanWaitBefore: 15,
    });
    expect(advice[0]?.meanWaitAfter).toBeLessThan(15);
    // Where the window is not configured for the category, the advice says the window needs it too.
    const narrow: DayFacts = { ...staffed, windows: staffed.windows.map((w) => (w.id === 'W1' ? { ...w, skills: ['A'] } : w)) };
    expect(crossTrainingAdvice(narrow)[0]).toMatchObject({ staff: 'zhangwei', categoryId: 'B', needsWindowSkill: true });
  });

  it('Erlang C matches the textbook value, and staffing advice uses it per hour', () => {
    // a = 3 Erlang on 4 servers: P(wait) = 0.5094, mean wait = 0.5094 × 6 / (4 − 3) = 3.06 min.
    expect(erlangCWaitMinutes(30, 6, 4)).toBeCloseTo(3.056, 2);
    expect(erlangCWaitMinutes(30, 6, 3)).toBe(Infinity);
    const rows = staffingAdvice(facts, 10);
    const b9 = rows.find((r) => r.hour === 9 && r.categoryId === 'B');
    // 5 per hour of 10 min: a = 0.83; one window waits 0.83 × 10 / 0.17 ≈ 50 min, two ≈ 2.2 min.
    expect(b9).toMatchObject({ arrivals: 5, windowsNeeded: 2, homeWindows: 2 });
  });
});
