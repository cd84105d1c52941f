import { describe, expect, it } from 'vitest';
import { HallSettings, localTimeToEpoch } from '@hall/contract';
import { checkRating, maskFromReasons, reasonsFromMask } from './rating-rules.ts';
import { advanceCase, CASE_TRANSITIONS, nextStep, overdueStep, scheduleCase } from './case-machine.ts';
import { calendarFrom } from './working-days.ts';
import { loadHallConfig } from '../config/load-config.ts';

const tags = HallSettings.parse({}).ratingReasons;
const done = { status: 'done' as const };

describe('checkRating()', () => {
  it('accepts a good rating without reasons and drops stray reason tags', () => {
    const r = checkRating(done, false, { level: 5, reasons: [1, 2] }, tags);
    expect(r).toEqual({ ok: true, value: { level: 5, reasons: [], reasonLabels: [], comment: null } });
  });

  it.each(['waiting', 'called', 'serving', 'suspended', 'no_show', 'cancelled'] as const)(
    'returns NOT_RATEABLE for a %s ticket',
    (status) => {
      const r = checkRating({ status }, false, { level: 4 }, tags);
      expect(r.ok ? null : r.code).toBe('NOT_RATEABLE');
    },
  );

  it('returns ALREADY_RATED for a ticket with a rating, whatever the new rating says', () => {
    const r = checkRating(done, true, { level: 1 }, tags);
    expect(r.ok ? null : r.code).toBe('ALREADY_RATED');
  });

  it.each([1, 2])('returns REASON_REQUIRED for level %i without reasons', (level) => {
    for (const reasons of [undefined, []]) {
      const r = checkRating(done, false, { level, reasons }, tags);
      expect(r.ok ? null : r.code).toBe('REASON_REQUIRED');
    }
  });

  it('keeps the reasons of a 差评 sorted and distinct, with their labels, and the trimmed comment', () => {
    const r = checkRating(done, false, { level: 2, reasons: [2, 1, 2], comment: '  等了一个多小时  ' }, tags);
    expect(r).toEqual({
      ok: true,
      value: { level: 2, reasons: [1, 2], reasonLabels: ['等候太久', '办事效率低'], comment: '等了一个多小时' },
    });
  });

  it('refuses unknown reason tags, levels outside 1–5 and comments over 500 characters', () => {
    const few = tags.slice(0, 3);
    const unknown = checkRating(done, false, { level: 1, reasons: [5] }, few);
    expect(unknown.ok ? null : unknown).toEqual({ ok: false, code: 'UNKNOWN_REASON', params: { tags: '5' } });
    for (const level of [0, 6, 2.5]) {
      const r = checkRating(done, false, { level }, tags);
      expect(r.ok ? null : r.code).toBe('VALIDATION_FAILED');
    }
    const long = checkRating(done, false, { level: 3, comment: '慢'.repeat(501) }, tags);
    expect(long.ok ? null : long).toEqual({ ok: false, code: 'COMMENT_TOO_LONG', params: { max: 500 } });
    expect(checkRating(done, false, { level: 3, comment: '慢'.repeat(500) }, tags).ok).toBe(true);
  });

  it('maps keypad bitmasks to tag ids and back (bit i = id i)', () => {
    expect(reasonsFromMask(0)).toEqual([]);
    expect(reasonsFromMask(0b1000_0101)).toEqual([0, 2, 7]);
    expect(maskFromReasons([0, 2, 7])).toBe(0b1000_0101);
  });
});

describe('rectification case machine', () => {
  it('allows exactly the next step from each state', () => {
    const all = ['verify', 'rectify', 'revisit'] as const;
    const table = Object.fromEntries(
      Object.keys(CASE_TRANSITIONS).map((s) => [s, all.filter((step) => advanceCase(s as keyof typeof CASE_TRANSITIONS, step).ok)]),
    );
    expect(table).toEqual({ open: ['verify'], verified: ['rectify'], rectified: ['revisit'], closed: [] });
    expect(advanceCase('open', 'verify')).toEqual({ ok: true, value: 'verified' });
    expect(advanceCase('rectified', 'revisit')).toEqual({ ok: true, value: 'closed' });
    const skip = advanceCase('open', 'rectify');
    expect(skip.ok ? null : skip).toEqual({ ok: false, code: 'CASE_WRONG_STEP', params: { step: 'verify' } });
    expect(advanceCase('closed', 'verify')).toEqual({ ok: false, code: 'CASE_CLOSED' });
    expect(nextStep('closed')).toBeNull();
  });

  const cal = calendarFrom(loadHallConfig().hours);
  const tz = 'Asia/Shanghai';
  const rules = { verifyDays: 1, rectifyDays: 15, revisitDays: 1 };

  it('schedules deadlines in working days across 国庆 and the make-up Saturday', () => {
    const s = scheduleCase('2026-09-30', rules, cal, tz);
    expect(s.verify.dueDate).toBe('2026-10-08');
    expect(s.rectify.dueDate).toBe('2026-10-28');
    expect(s.revisit.dueDate).toBe('2026-10-29');
    expect(s.verify.dueAt).toBe(localTimeToEpoch('2026-10-09', '00:00', tz));
    expect(new Date(s.verify.dueAt).toISOString()).toBe('2026-10-08T16:00:00.000Z');
  });

  it('flags the next step once its deadline passes, and only once', () => {
    const schedule = scheduleCase('2026-09-30', rules, cal, tz);
    const justBefore = schedule.verify.dueAt - 1;
    expect(overdueStep({ status: 'open', overdueAt: null, schedule }, justBefore)).toBeNull();
    expect(overdueStep({ status: 'open', overdueAt: null, schedule }, schedule.verify.dueAt)).toBe('verify');
    expect(overdueStep({ status: 'open', overdueAt: schedule.verify.dueAt, schedule }, schedule.verify.dueAt + 1)).toBeNull();
    // Verified late: the rectify deadline is still 28 October, not moved.
    expect(overdueStep({ status: 'verified', overdueAt: null, schedule }, schedule.verify.dueAt + 1)).toBeNull();
    expect(overdueStep({ status: 'verified', overdueAt: null, schedule }, schedule.rectify.dueAt)).toBe('rectify');
    expect(overdueStep({ status: 'closed', overdueAt: null, schedule }, schedule.revisit.dueAt + 1)).toBeNull();
  });
});
