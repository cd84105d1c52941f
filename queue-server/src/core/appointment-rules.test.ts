import { describe, expect, it } from 'vitest';
import { addDays, arrivalAt, missedAt, repeatedNoShows } from './appointment-rules.ts';

const MIN = 60_000;
// A 15:00–15:30 slot on some day, 15 minutes of grace.
const START = 1_000_000 * MIN;
const slot = { startMs: START, endMs: START + 30 * MIN };
const rules = { graceMinutes: 15 };

describe('appointment arrivals', () => {
  it('early: held until the slot start, then an appointment ticket', () => {
    expect(arrivalAt(slot, START - 6 * 60 * MIN, rules)).toEqual({ arrival: 'early', priority: 'appointment', heldUntil: START });
    expect(arrivalAt(slot, START - 1, rules).arrival).toBe('early');
  });
  it('on time: from the slot start to its end, priority at once', () => {
    expect(arrivalAt(slot, START, rules)).toEqual({ arrival: 'on_time', priority: 'appointment', heldUntil: null });
    expect(arrivalAt(slot, START + 29 * MIN, rules).arrival).toBe('on_time');
  });
  it('late within grace: after the slot end, before end + grace, still priority', () => {
    expect(arrivalAt(slot, START + 30 * MIN, rules)).toEqual({ arrival: 'late_grace', priority: 'appointment', heldUntil: null });
    expect(arrivalAt(slot, START + 45 * MIN - 1, rules).arrival).toBe('late_grace');
  });
  it('late past grace: a normal ticket', () => {
    expect(arrivalAt(slot, START + 45 * MIN, rules)).toEqual({ arrival: 'late', priority: 'normal', heldUntil: null });
    expect(arrivalAt(slot, START + 5 * 60 * MIN, rules).arrival).toBe('late');
  });
  it('missed (爽约) is due at the slot end plus the grace', () => {
    expect(missedAt(slot, rules)).toBe(START + 45 * MIN);
    expect(missedAt(slot, { graceMinutes: 0 })).toBe(START + 30 * MIN);
  });
});

describe('repeated no-shows', () => {
  const policy = { count: 3, periodDays: 90, action: 'report' as const };
  const m = (person: string | null, businessDate: string) => ({ person, businessDate, nameMasked: person ? `张*` : null });

  it('lists people with at least the count of 爽约 inside the period ending today', () => {
    const missed = [m('p1', '2026-10-01'), m('p1', '2026-11-02'), m('p1', '2026-12-03'), m('p2', '2026-12-01'), m('p2', '2026-12-02')];
    expect(repeatedNoShows(missed, '2026-12-03', policy)).toEqual([{ person: 'p1', nameMasked: '张*', missed: 3, lastDate: '2026-12-03' }]);
  });
  it('a missed booking older than the period no longer counts; bookings without a person key are not counted', () => {
    // 90 days ending 2026-12-03 start on 2026-09-05.
    expect(addDays('2026-12-03', -89)).toBe('2026-09-05');
    expect([addDays('2024-03-01', -1), addDays('2026-12-31', 1), addDays('2025-03-01', -1)]).toEqual([
      '2024-02-29',
      '2027-01-01',
      '2025-02-28',
    ]);
    const missed = [
      m('p1', '2026-09-04'),
      m('p1', '2026-11-02'),
      m('p1', '2026-12-03'),
      m(null, '2026-12-01'),
      m(null, '2026-12-02'),
      m(null, '2026-12-03'),
    ];
    expect(repeatedNoShows(missed, '2026-12-03', policy)).toEqual([]);
    expect(repeatedNoShows([...missed, m('p1', '2026-09-05')], '2026-12-03', policy).map((r) => r.missed)).toEqual([3]);
  });
});
