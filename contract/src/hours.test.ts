import { describe, expect, it } from 'vitest';
import { HoursConfig } from './hall.ts';
import { hallOpening, isIssuingOpen, spansOn } from './hours.ts';

const TZ = 'Asia/Shanghai';
/** The demo hall's hours: weekdays with a lunch break, Saturday morning, the 2026 national holidays. */
const HOURS = HoursConfig.parse({
  weekdays: [
    { open: '08:30', close: '12:00' },
    { open: '13:30', close: '17:30' },
  ],
  saturday: [{ open: '09:00', close: '12:00' }],
  sunday: [],
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-09-20', '2026-10-10'],
});
const at = (local: string) => Date.parse(`${local}:00+08:00`);

describe('spansOn', () => {
  it('gives weekday, Saturday and Sunday spans, none on holidays, weekday spans on a 调休 working day', () => {
    expect(spansOn(HOURS, '2026-05-12')).toEqual(HOURS.weekdays); // Tuesday
    expect(spansOn(HOURS, '2026-05-16')).toEqual(HOURS.saturday);
    expect(spansOn(HOURS, '2026-05-17')).toEqual([]);
    expect(spansOn(HOURS, '2026-10-01')).toEqual([]);
    expect(spansOn(HOURS, '2026-10-10')).toEqual(HOURS.weekdays); // a Saturday worked as a weekday
    expect(spansOn(HOURS, '2026-09-20')).toEqual(HOURS.weekdays); // a Sunday worked as a weekday
  });

  it('orders spans by time and ignores a span that closes before it opens', () => {
    const h = HoursConfig.parse({
      weekdays: [
        { open: '14:00', close: '17:00' },
        { open: '09:00', close: '08:00' },
        { open: '08:00', close: '12:00' },
      ],
    });
    expect(spansOn(h, '2026-05-12')).toEqual([
      { open: '08:00', close: '12:00' },
      { open: '14:00', close: '17:00' },
    ]);
  });
});

describe('hallOpening', () => {
  it('is open and issuing on a weekday morning, with the lunch break as the next opening', () => {
    const o = hallOpening(HOURS, at('2026-05-12T10:00'), TZ);
    expect(o).toEqual({
      date: '2026-05-12',
      open: true,
      issuing: true,
      reason: 'open',
      span: { open: '08:30', close: '12:00' },
      closesAt: at('2026-05-12T12:00'),
      lastTicketAt: at('2026-05-12T12:00'),
      nextOpenAt: at('2026-05-12T13:30'),
      nextOpenDate: '2026-05-12',
      nextOpenTime: '13:30',
    });
  });

  it('is closed over lunch and opens again at 13:30 the same day', () => {
    const o = hallOpening(HOURS, at('2026-05-12T12:30'), TZ);
    expect([o.open, o.issuing, o.reason, o.nextOpenDate, o.nextOpenTime]).toEqual([false, false, 'break', '2026-05-12', '13:30']);
    expect(o.nextOpenAt).toBe(at('2026-05-12T13:30'));
    // The edges: 12:00 is closed, 13:30 is open.
    expect(hallOpening(HOURS, at('2026-05-12T11:59'), TZ).open).toBe(true);
    expect(hallOpening(HOURS, at('2026-05-12T12:00'), TZ).open).toBe(false);
    expect(hallOpening(HOURS, at('2026-05-12T13:30'), TZ).open).toBe(true);
  });

  it('before the first span opens later that day', () => {
    const o = hallOpening(HOURS, at('2026-05-12T07:00'), TZ);
    expect([o.reason, o.nextOpenDate, o.nextOpenTime]).toEqual(['before_open', '2026-05-12', '08:30']);
  });

  it('after Friday’s close opens on Saturday morning, and after Saturday’s on Monday', () => {
    const fri = hallOpening(HOURS, at('2026-05-15T18:00'), TZ);
    expect([fri.reason, fri.nextOpenDate, fri.nextOpenTime]).toEqual(['after_close', '2026-05-16', '09:00']);
    const sat = hallOpening(HOURS, at('2026-05-16T13:00'), TZ);
    expect([sat.reason, sat.nextOpenDate, sat.nextOpenTime]).toEqual(['after_close', '2026-05-18', '08:30']);
    const sun = hallOpening(HOURS, at('2026-05-17T10:00'), TZ);
    expect([sun.open, sun.reason, sun.nextOpenDate, sun.nextOpenTime]).toEqual([false, 'day_off', '2026-05-18', '08:30']);
  });

  it('is closed on a holiday and opens after the holiday week', () => {
    const o = hallOpening(HOURS, at('2026-10-01T10:00'), TZ);
    expect([o.open, o.reason, o.nextOpenDate, o.nextOpenTime]).toEqual([false, 'holiday', '2026-10-08', '08:30']);
    expect(o.nextOpenAt).toBe(at('2026-10-08T08:30'));
  });

  it('opens on a 调休 working Saturday with weekday hours', () => {
    const o = hallOpening(HOURS, at('2026-10-10T15:00'), TZ);
    expect([o.open, o.issuing, o.span]).toEqual([true, true, { open: '13:30', close: '17:30' }]);
    // The Friday before it: next opening at the weekday time, 08:30, not Saturday's 09:00.
    const fri = hallOpening(HOURS, at('2026-10-09T18:00'), TZ);
    expect([fri.nextOpenDate, fri.nextOpenTime]).toEqual(['2026-10-10', '08:30']);
    expect(hallOpening(HOURS, at('2026-09-20T09:00'), TZ).open).toBe(true);
  });

  it('stops kiosk issuing at the last-ticket time of each span while the hall stays open', () => {
    const h = { ...HOURS, lastTicketMinutesBeforeClose: 30 };
    expect(hallOpening(h, at('2026-05-12T11:29'), TZ).issuing).toBe(true);
    const noon = hallOpening(h, at('2026-05-12T11:30'), TZ);
    expect([noon.open, noon.issuing, noon.reason, noon.nextOpenTime]).toEqual([true, false, 'last_ticket_passed', '13:30']);
    const evening = hallOpening(h, at('2026-05-12T17:10'), TZ);
    expect(evening).toMatchObject({
      open: true,
      issuing: false,
      reason: 'last_ticket_passed',
      lastTicketAt: at('2026-05-12T17:00'),
      closesAt: at('2026-05-12T17:30'),
      nextOpenDate: '2026-05-13',
      nextOpenTime: '08:30',
    });
    expect(isIssuingOpen(h, at('2026-05-12T16:59'), TZ)).toBe(true);
    expect(isIssuingOpen(h, at('2026-05-12T17:00'), TZ)).toBe(false);
    expect(isIssuingOpen(HOURS, at('2026-05-12T17:29'), TZ)).toBe(true);
  });

  it('skips a span too short to issue in when looking for the next opening', () => {
    const h = HoursConfig.parse({
      weekdays: [
        { open: '08:00', close: '08:20' },
        { open: '09:00', close: '12:00' },
      ],
      lastTicketMinutesBeforeClose: 30,
    });
    const o = hallOpening(h, at('2026-05-12T07:00'), TZ);
    expect([o.nextOpenTime]).toEqual(['09:00']);
    expect(hallOpening(h, at('2026-05-12T08:10'), TZ)).toMatchObject({ open: true, issuing: false });
  });

  it('has no next opening when the hall never opens within the horizon', () => {
    const h = HoursConfig.parse({ weekdays: [], saturday: [], sunday: [] });
    const o = hallOpening(h, at('2026-05-12T10:00'), TZ, 30);
    expect([o.open, o.reason, o.nextOpenAt, o.nextOpenDate]).toEqual([false, 'day_off', null, null]);
  });

  it('defaults the last-ticket time to the close', () => {
    expect(HoursConfig.parse({}).lastTicketMinutesBeforeClose).toBe(0);
    expect(() => HoursConfig.parse({ lastTicketMinutesBeforeClose: -5 })).toThrow();
  });
});
