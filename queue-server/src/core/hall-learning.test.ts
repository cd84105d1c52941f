import { describe, expect, it } from 'vitest';
import { callOutcome, learnCrossSkillSlowdown, learnNoShows, type CallOutcome, type ServedSample } from './hall-learning.ts';

const home = (categoryId: string, ...minutes: number[]): ServedSample[] => minutes.map((m) => ({ categoryId, atHome: true, minutes: m }));
const cross = (categoryId: string, ...minutes: number[]): ServedSample[] => minutes.map((m) => ({ categoryId, atHome: false, minutes: m }));
const five = (m: number) => [m, m, m, m, m];

describe('learnCrossSkillSlowdown', () => {
  it('without history the hall runs with the prior 1.3', () => {
    expect(learnCrossSkillSlowdown([])).toEqual({ slowdown: 1.3, crossServices: 0, measured: null });
  });

  it('compares cross-skill services with the same category at home; a tenth at each end is cut', () => {
    // 社保 at home takes 10 minutes, at a helper 15: 1.5. Of ten helped services the longest (a two-hour
    // forgotten 完成) and the shortest are cut.
    const r = learnCrossSkillSlowdown(
      [...home('social', ...five(10)), ...cross('social', 15, 15, 15, 15, 15, 15, 15, 15, 15, 120)],
      1.3,
      0,
    );
    expect(r.measured).toBeCloseTo(1.5, 10);
    expect(r.slowdown).toBeCloseTo(1.5, 10);
    expect(r.crossServices).toBe(10);
  });

  it('averages a group on the log scale (the geometric mean, as suits log-normal service times)', () => {
    // Home 5, 20, 5, 20, 10: geometric mean 10 (5 × 20 = 10²), arithmetic 12. Helped 18: 1.8.
    expect(learnCrossSkillSlowdown([...home('A', 5, 20, 5, 20, 10), ...cross('A', 18)], 1.3, 0).slowdown).toBeCloseTo(1.8, 10);
  });

  it('a category long in itself is not slowness: ratios are per category, averaged by cross-skill services', () => {
    // A: 10 at home, 12 helped (1.2, one service); B: 20 at home and 20 helped (1.0, three services).
    const samples = [...home('A', ...five(10)), ...cross('A', 12), ...home('B', ...five(20)), ...cross('B', 20, 20, 20)];
    expect(learnCrossSkillSlowdown(samples, 1.3, 0).slowdown).toBeCloseTo(1.2 ** 0.25, 10);
  });

  it('blends with the prior as if it were priorWeight services', () => {
    // ln s = (20 ln 1.3 + 2 ln 1.5) / 22.
    const r = learnCrossSkillSlowdown([...home('social', ...five(10)), ...cross('social', 15, 15)]);
    expect(r.slowdown).toBeCloseTo(Math.exp((20 * Math.log(1.3) + 2 * Math.log(1.5)) / 22), 10);
    expect(r.slowdown).toBeCloseTo(1.317, 3);
  });

  it('needs five home services to compare with, and stays between 1 and 2', () => {
    expect(learnCrossSkillSlowdown([...home('A', 10, 10, 10, 10), ...cross('A', 30)], 1.3, 0).slowdown).toBe(1.3);
    expect(learnCrossSkillSlowdown([...home('A', ...five(10)), ...cross('A', 8)], 1.3, 0).slowdown).toBe(1);
    expect(learnCrossSkillSlowdown([...home('A', ...five(10)), ...cross('A', 30)], 1.3, 0).slowdown).toBe(2);
  });

  it('ignores services of no length and garbled figures', () => {
    const r = learnCrossSkillSlowdown([...home('A', ...five(10), 0, -3, Number.NaN), ...cross('A', 0, Number.POSITIVE_INFINITY)], 1.3, 0);
    expect(r).toEqual({ slowdown: 1.3, crossServices: 0, measured: null });
  });
});

describe('learnNoShows', () => {
  const served = (categoryId: string, n: number): CallOutcome[] => Array.from({ length: n }, () => ({ categoryId, noShow: false }));
  const missed = (categoryId: string, ...held: number[]): CallOutcome[] => held.map((h) => ({ categoryId, noShow: true, heldMinutes: h }));

  it('shares shrink towards 0 with five calls of prior; a category without calls has 0', () => {
    const r = learnNoShows([...served('A', 7), ...missed('A', 1, 2, 4)], ['A', 'B']);
    // 3 no-shows of 10 calls, plus 5 calls of prior: 3 / 15.
    expect(r.rate).toEqual({ A: 0.2, B: 0 });
    expect(r.timeoutMinutes).toBe(2);
  });

  it('a no-show holds its window the median measured time; a mark half an hour after the call does not count', () => {
    expect(learnNoShows(missed('A', 1.5, 1.5, 3, 45), ['A']).timeoutMinutes).toBe(1.5);
  });

  it('with fewer than three measured no-shows the window is held the prior 2 minutes', () => {
    expect(learnNoShows(missed('A', 5, 6), ['A']).timeoutMinutes).toBe(2);
  });

  it('callOutcome: a no-show holds the window from its first call to the mark; a served ticket carries no hold; others are none', () => {
    expect(callOutcome({ categoryId: 'A', status: 'no_show', firstCalledAt: 60_000, finishedAt: 240_000 })).toEqual({
      categoryId: 'A',
      noShow: true,
      heldMinutes: 3,
    });
    expect(callOutcome({ categoryId: 'A', status: 'done', firstCalledAt: 60_000, finishedAt: 900_000 })).toEqual({
      categoryId: 'A',
      noShow: false,
    });
    expect(callOutcome({ categoryId: 'A', status: 'cancelled', firstCalledAt: 60_000, finishedAt: 900_000 })).toBeNull();
    expect(callOutcome({ categoryId: 'A', status: 'done', firstCalledAt: null, finishedAt: 900_000 })).toBeNull();
  });
});
