import { describe, expect, it } from 'vitest';
import { buildReport, datesBetween, type ReportEvent, type ReportInput, type ReportTicket } from './reports.ts';

const TZ = 'Asia/Shanghai';
const at = (hhmm: string, date = '2026-11-23') => Date.parse(`${date}T${hhmm}:00+08:00`);
const MIN = 60_000;

let seq = 0;
function ticket(p: Partial<ReportTicket> & { categoryId: string; issued: string }): ReportTicket {
  seq += 1;
  return {
    id: `t${seq}`,
    number: `X${seq}`,
    businessDate: p.businessDate ?? '2026-11-23',
    categoryId: p.categoryId,
    status: p.status ?? 'waiting',
    priority: p.priority ?? 'normal',
    channel: 'kiosk',
    issuedAt: at(p.issued, p.businessDate),
    firstCalledAt: p.firstCalledAt ?? null,
    startedAt: p.startedAt ?? null,
    finishedAt: p.finishedAt ?? null,
    suspendedMs: p.suspendedMs ?? 0,
    windowId: p.windowId ?? null,
    servedBy: p.servedBy ?? null,
    appointmentId: p.appointmentId ?? null,
    ...(p.serviceIds ? { serviceIds: p.serviceIds } : {}),
    ...(p.priorityGroup ? { priorityGroup: p.priorityGroup } : {}),
    ...(p.bundleId ? { bundleId: p.bundleId } : {}),
    ...(p.matters ? { matters: p.matters } : {}),
    ...(p.waitEstimate ? { waitEstimate: p.waitEstimate } : {}),
  };
}
function served(
  categoryId: string,
  issued: string,
  waitMin: number,
  serviceMin: number,
  windowId: string,
  staff: string,
  extra: Partial<ReportTicket> = {},
): ReportTicket {
  const i = at(issued, extra.businessDate);
  return ticket({
    categoryId,
    issued,
    status: 'done',
    firstCalledAt: i + waitMin * MIN,
    startedAt: i + waitMin * MIN,
    finishedAt: i + (waitMin + serviceMin) * MIN + (extra.suspendedMs ?? 0),
    windowId,
    servedBy: staff,
    ...extra,
  });
}
let eid = 0;
const ev = (type: string, hhmm: string, p: Partial<ReportEvent> = {}): ReportEvent => ({
  id: ++eid,
  at: at(hhmm, p.businessDate),
  type,
  actor: p.actor ?? 'system',
  ticketId: p.ticketId ?? null,
  windowId: p.windowId ?? null,
  businessDate: p.businessDate ?? '2026-11-23',
  data: p.data ?? {},
});

const labels: ReportInput['labels'] = {
  categories: [
    { id: 'a', name: '企业服务' },
    { id: 'b', name: '社会事务' },
  ],
  windows: [
    { id: 'W1', name: '1号窗口' },
    { id: 'W2', name: '2号窗口' },
  ],
  staff: [
    { username: 'zhang', displayName: '张伟' },
    { username: 'li', displayName: '李艳' },
  ],
};
const base = (p: Partial<ReportInput>): ReportInput => ({
  from: '2026-11-23',
  to: '2026-11-23',
  timeZone: TZ,
  now: at('18:00'),
  tickets: [],
  events: [],
  appointments: [],
  ratings: null,
  labels,
  ...p,
});

describe('buildReport()', () => {
  it('sets each figure shown at issue against the wait that followed (预计等候准确度)', () => {
    const shown = (minutes: number, low: number, high: number) => ({ waitEstimate: { minutes, low, high } });
    const tickets = [
      served('a', '09:00', 12, 5, 'W1', 'zhang', shown(10, 8, 15)), // 2 minutes longer, within the range
      served('a', '09:10', 30, 5, 'W1', 'zhang', shown(20, 15, 26)), // 10 longer, beyond it
      served('b', '09:20', 2, 5, 'W2', 'li', shown(3, 1, 5)), // 1 shorter, within
      served('b', '09:30', 0, 5, 'W2', 'li', shown(0, 0, 0)), // as shown
      // Not counted: a note instead of a figure, a 过号, a ticket with no estimate on record.
      served('a', '16:50', 20, 5, 'W1', 'zhang', { waitEstimate: { minutes: null, low: 0, high: 0, note: 'AFTER_CLOSE' } }),
      ticket({ categoryId: 'b', issued: '10:05', status: 'no_show', firstCalledAt: at('10:30'), ...shown(5, 3, 8) }),
      served('b', '11:00', 7, 5, 'W2', 'li'),
    ];
    const r = buildReport(base({ tickets }));
    // Waits 12, 30, 2, 0: mean 11. Errors −2, −10, +1, 0: mean absolute 3.25 (29.5% of 11), mean −2.75.
    expect(r.estimates).toEqual({
      tickets: 4,
      meanWaitMinutes: 11,
      meanErrorMinutes: 3.3,
      errorShare: 29.5,
      biasMinutes: -2.7,
      withinRange: 75,
      byShown: [
        { fromMinutes: 0, toMinutes: 5, tickets: 2, meanErrorMinutes: 0.5, withinRange: 100 },
        { fromMinutes: 5, toMinutes: 15, tickets: 1, meanErrorMinutes: 2, withinRange: 100 },
        { fromMinutes: 15, toMinutes: 30, tickets: 1, meanErrorMinutes: 10, withinRange: 0 },
        { fromMinutes: 30, toMinutes: null, tickets: 0, meanErrorMinutes: 0, withinRange: 0 },
      ],
    });
  });

  it('partitions tickets by category, day and hour so every table adds up to the totals', () => {
    const tickets = [
      served('a', '08:40', 5, 10, 'W1', 'zhang'),
      served('a', '09:10', 15, 20, 'W1', 'zhang'),
      served('b', '09:20', 2, 4, 'W2', 'li'),
      ticket({ categoryId: 'b', issued: '10:05', status: 'no_show', windowId: 'W2', firstCalledAt: at('10:30'), finishedAt: at('10:36') }),
      ticket({ categoryId: 'a', issued: '10:15', status: 'cancelled' }),
      ticket({ categoryId: 'b', issued: '16:59' }),
    ];
    const r = buildReport(base({ tickets }));
    expect(r.totals).toMatchObject({ issued: 6, served: 3, noShow: 1, cancelled: 1 });
    for (const table of [r.byCategory, r.byDay, r.byHour]) {
      for (const k of ['issued', 'served', 'noShow', 'cancelled'] as const) expect(table.reduce((a, x) => a + x[k], 0)).toBe(r.totals[k]);
    }
    expect(r.byHour.map((h) => [h.key, h.issued])).toEqual([
      ['08', 1],
      ['09', 2],
      ['10', 2],
      ['16', 1],
    ]);
    expect(r.byCategory.map((c) => [c.label, c.issued, c.served])).toEqual([
      ['企业服务', 3, 2],
      ['社会事务', 3, 1],
    ]);
    expect(r.byWindow.map((w) => [w.key, w.issued, w.served, w.noShow])).toEqual([
      ['W1', 2, 2, 0],
      ['W2', 2, 1, 1],
    ]);
    // In pinyin order (李 li before 张 zhang).
    expect(r.byStaff.map((s) => [s.label, s.served])).toEqual([
      ['李艳', 1],
      ['张伟', 2],
    ]);
  });

  it('computes wait and service means and nearest-rank p90, discounting suspended time', () => {
    const tickets = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((w) => served('a', '09:00', w, 10, 'W1', 'zhang'));
    tickets.push(served('a', '09:00', 30, 12, 'W1', 'zhang', { suspendedMs: 7 * MIN }));
    const r = buildReport(base({ tickets }));
    expect(r.totals.waitMinutes).toEqual({ mean: 7.7, p90: 10 });
    // 11 values: nearest rank ceil(0.9 × 11) = 10th = 10; the 12-minute service (19 − 7 suspended) only lifts the mean.
    expect(r.totals.serviceMinutes).toEqual({ mean: 10.2, p90: 10 });
  });

  it('counts transfers and suspensions per ticket in category tables and per maker in window and staff tables', () => {
    const t1 = served('b', '09:00', 5, 5, 'W2', 'li');
    const t2 = served('a', '09:30', 5, 5, 'W1', 'zhang');
    const events = [
      ev('ticket.transferred', '09:10', { ticketId: t1.id, windowId: 'W1', actor: 'zhang', data: { fromWindow: 'W1' } }),
      ev('ticket.transferred', '09:20', { ticketId: t1.id, windowId: 'W2', actor: 'li', data: { fromWindow: 'W2' } }),
      ev('ticket.suspended', '09:40', { ticketId: t2.id, windowId: 'W1', actor: 'zhang' }),
      ev('ticket.suspended', '09:40', { ticketId: 'not-in-range', windowId: 'W1', actor: 'zhang' }),
    ];
    const r = buildReport(base({ tickets: [t1, t2], events }));
    expect(r.totals).toMatchObject({ transferred: 2, suspended: 1 });
    expect(r.byCategory.find((c) => c.key === 'b')?.transferred).toBe(2);
    expect(r.byWindow.map((w) => [w.key, w.transferred, w.suspended])).toEqual([
      ['W1', 1, 1],
      ['W2', 1, 0],
    ]);
    expect(r.byStaff.find((s) => s.key === 'zhang')).toMatchObject({ transferred: 1, suspended: 1 });
  });

  it('pairs pauses with the next resume or sign-out, and counts a pause still open today up to now', () => {
    const events = [
      ev('window.paused', '09:00', { windowId: 'W1', actor: 'zhang', data: { reason: '临时外出' } }),
      ev('window.resumed', '09:12', { windowId: 'W1', actor: 'zhang' }),
      ev('window.paused', '10:00', { windowId: 'W2', actor: 'li', data: { reason: '业务咨询' } }),
      ev('window.signed_out', '10:30', { windowId: 'W2', actor: 'li' }),
      ev('window.paused', '17:45', { windowId: 'W1', actor: 'zhang', data: { reason: '临时外出' } }),
    ];
    const r = buildReport(base({ events, now: at('18:00') }));
    expect(r.pauses.count).toBe(3);
    expect(r.pauses.totalMinutes).toBe(57);
    expect(r.pauses.byReason).toEqual([
      { key: '业务咨询', label: '业务咨询', count: 1, minutes: 30 },
      { key: '临时外出', label: '临时外出', count: 2, minutes: 27 },
    ]);
    expect(r.pauses.byWindow.map((w) => [w.label, w.minutes])).toEqual([
      ['2号窗口', 30],
      ['1号窗口', 27],
    ]);
  });

  it('counts matters as well as tickets, and tickets by priority group with their share', () => {
    const visit = served('a', '09:00', 1, 5, 'W1', 'zhang', {
      bundleId: 'open-restaurant',
      serviceIds: ['m1', 'm2', 'm3'],
      matters: [
        { serviceId: 'm1', status: 'done' },
        { serviceId: 'm2', status: 'done' },
        { serviceId: 'm3', status: 'needs_documents' },
      ],
    });
    const single = served('a', '09:05', 1, 5, 'W1', 'zhang', { serviceIds: ['m1'], priority: 'green', priorityGroup: 'elderly' });
    const byCategory = ticket({ categoryId: 'a', issued: '09:10', priority: 'green', priorityGroup: 'disabled' });
    const byGroupOnly = ticket({ categoryId: 'a', issued: '09:15', priority: 'green', priorityGroup: 'elderly' });
    const r = buildReport(
      base({
        tickets: [visit, single, byCategory, byGroupOnly],
        labels: {
          ...labels,
          priorityGroups: [
            { id: 'elderly', label: '老年人' },
            { id: 'pregnant', label: '孕妇' },
          ],
          services: [{ id: 'm1', name: '事项一' }],
        },
      }),
    );
    // 3 matters of the visit + 1 of the single ticket; the two tickets by category count none.
    expect(r.matters).toMatchObject({ visits: 1, matters: 4, done: 3, transferred: 0, needsDocuments: 1, open: 1 });
    expect(r.matters.byService.map((x) => [x.key, x.label, x.matters, x.done])).toEqual([
      ['m1', '事项一', 2, 2],
      ['m2', 'm2', 1, 1],
      ['m3', 'm3', 1, 0],
    ]);
    expect(r.byPriorityGroup.map((x) => [x.key, x.label, x.issued, x.share])).toEqual([
      ['elderly', '老年人', 2, 50],
      ['pregnant', '孕妇', 0, 0],
      ['disabled', 'disabled', 1, 25],
    ]);
  });

  it('reports appointment attendance and 好差评 rates, or no ratings when the module is absent', () => {
    const t1 = served('a', '09:00', 1, 5, 'W1', 'zhang', { priority: 'appointment' });
    const t2 = ticket({ categoryId: 'a', issued: '09:05', status: 'no_show', priority: 'appointment', windowId: 'W1' });
    const t3 = served('a', '09:10', 1, 5, 'W1', 'zhang');
    const appointments = [
      { businessDate: '2026-11-23', serviceId: 's', ticketId: t1.id, arrival: 'on_time' },
      { businessDate: '2026-11-23', serviceId: 's', ticketId: t2.id, arrival: 'late_grace' },
      { businessDate: '2026-11-23', serviceId: 's', ticketId: null, arrival: 'missed' },
      { businessDate: '2026-11-23', serviceId: 's', ticketId: null },
      { businessDate: '2026-11-24', serviceId: 's', ticketId: null },
    ];
    const none = buildReport(base({ tickets: [t1, t2, t3], appointments }));
    expect(none.appointments).toEqual({
      booked: 4,
      checkedIn: 2,
      missed: 2,
      served: 1,
      noShow: 1,
      attendanceRate: 50,
      appointmentTickets: 2,
      // How bookings were kept (the 4th is not yet recorded as 爽约); the repeated no-show policy was not given.
      byArrival: { early: 0, onTime: 1, lateGrace: 1, late: 0, missed: 1 },
      repeatedNoShow: null,
    });
    expect(none.ratings).toBeNull();
    expect(none.totals.ratings).toBeNull();
    const rated = buildReport(
      base({
        tickets: [t1, t2, t3],
        appointments,
        ratings: [
          { ticketId: t1.id, windowId: 'W1', staffId: 'zhang', level: 5 },
          { ticketId: t3.id, windowId: 'W1', staffId: 'zhang', level: 2 },
        ],
        ratingsExtra: { rectificationRate: 100 },
      }),
    );
    expect(rated.ratings).toMatchObject({
      count: 2,
      good: 1,
      bad: 1,
      goodRate: 50,
      badRate: 50,
      unratedRate: 0,
      meanLevel: 3.5,
      rectificationRate: 100,
    });
    expect(rated.byWindow[0]?.ratings).toMatchObject({ count: 2, bad: 1 });
  });

  it('keeps only the tickets of the range and lists every day of it', () => {
    const tickets = [
      served('a', '09:00', 1, 1, 'W1', 'zhang', { businessDate: '2026-11-22' }),
      served('a', '09:00', 1, 1, 'W1', 'zhang'),
      served('a', '09:00', 1, 1, 'W1', 'zhang', { businessDate: '2026-11-25' }),
    ];
    const r = buildReport(base({ from: '2026-11-22', to: '2026-11-24', tickets }));
    expect(r.days).toEqual(['2026-11-22', '2026-11-23', '2026-11-24']);
    expect(r.byDay.map((d) => d.issued)).toEqual([1, 1, 0]);
    expect(r.totals.issued).toBe(2);
  });

  it('gives the day chart issued per issue hour and served per finishing hour', () => {
    const r = buildReport(base({ tickets: [served('a', '09:50', 5, 20, 'W1', 'zhang'), ticket({ categoryId: 'a', issued: '10:10' })] }));
    expect(r.timeline).toEqual([
      { hour: 9, issued: 1, served: 0 },
      { hour: 10, issued: 1, served: 1 },
    ]);
  });
});

describe('datesBetween()', () => {
  it('spans month ends inclusively', () => {
    expect(datesBetween('2026-11-29', '2026-12-02')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    expect(datesBetween('2026-12-02', '2026-11-29')).toEqual([]);
  });
});
