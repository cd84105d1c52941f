/**
 * Hall reports (统计报表) for a business date or a range of them: by day, category, window, staff and hour.
 * Pure: `buildReport(input)` takes tickets, audit events, appointments and ratings and returns numbers;
 * the routes gather the input and the exporters turn the result into CSV and XLSX.
 *
 * Definitions (also in docs/supervisor.md):
 * - issued: tickets of the date(s) (a ticket belongs to the business date it was issued on).
 * - served: tickets that ended `done`; noShow: ended `no_show`; cancelled: ended `cancelled`.
 * - transferred / suspended: `ticket.transferred` / `ticket.suspended` events of those tickets (one ticket
 *   may be transferred twice). Windows and staff count the ones they made.
 * - wait: first call − issue, over served tickets; service: finish − start − time suspended, over served
 *   tickets (the same definitions as `GET /stats`). Mean and p90 (nearest rank), in minutes, 1 decimal.
 * - Category, day and hour rows partition the tickets, so their issued/served/… add up to the totals.
 *   Window and staff rows count the tickets they handled (last window; who served), so tickets never
 *   called appear in no window row.
 * - pauses: each `window.paused` closed by the window's next resume, sign-out or sign-in; a pause still
 *   open is counted up to `now` (today) or to the last event of that day.
 * - ratings (好差评): the one definition in contract/src/rating-metrics.ts (`RatingTally`), shown in percent.
 * - byPriorityGroup: tickets of each 绿色通道 group, share = its tickets / all tickets (percent).
 * - estimates (预计等候准确度): served tickets that were shown a figure at issue (no note); error = figure
 *   shown − wait (first call − issue); within range: the wait within [low − 0.5, high + 0.5] minutes of the
 *   range shown. By the figure shown: under 5, 5–15, 15–30, 30 minutes and more.
 * - matters: every ticket's matters by status (一事一次办 visits count one per matter); visits = tickets
 *   issued for a bundle.
 */
import {
  businessDate,
  localParts,
  type EpochMs,
  type PauseRow,
  type Priority,
  type RatingFigures,
  type Report,
  type ReportRow,
  type TicketStatus,
} from '@hall/contract';
import {
  asPercent,
  dist,
  mattersOf,
  NO_OUTCOME,
  RatingTally,
  serviceMinutesOf,
  waitMinutesOf,
  type MetricOptions,
  type Outcome,
} from '@hall/contract';

import { rangeBandOf, rangeHolds, WIDENING_BANDS } from '../core/range-calibration.ts';

export interface ReportTicket {
  readonly id: string;
  readonly number: string;
  readonly businessDate: string;
  readonly categoryId: string;
  readonly status: TicketStatus;
  readonly priority: Priority;
  readonly channel: string;
  readonly issuedAt: EpochMs;
  readonly firstCalledAt: EpochMs | null;
  readonly startedAt: EpochMs | null;
  readonly finishedAt: EpochMs | null;
  readonly suspendedMs: number;
  readonly windowId: string | null;
  readonly servedBy: string | null;
  readonly appointmentId: string | null;
  readonly serviceIds?: readonly string[];
  readonly priorityGroup?: string | null;
  readonly bundleId?: string | null;
  readonly matters?: ReadonlyArray<{ readonly serviceId: string; readonly status: string }>;
  /** The wait estimate shown at issue (its range; `minutes` null with a note). */
  readonly waitEstimate?: { readonly minutes: number | null; readonly low: number; readonly high: number; readonly note?: string };
}

export interface ReportEvent {
  readonly id: number;
  readonly at: EpochMs;
  readonly type: string;
  readonly actor: string;
  readonly ticketId: string | null;
  readonly windowId: string | null;
  readonly businessDate: string;
  readonly data: Record<string, unknown>;
}

export interface ReportAppointment {
  readonly businessDate: string;
  readonly serviceId: string;
  readonly ticketId: string | null;
  /** early | on_time | late_grace | late | missed, or null (not yet kept or missed). */
  readonly arrival?: string | null;
}

export interface ReportRating {
  readonly ticketId: string;
  readonly windowId: string | null;
  readonly staffId: string | null;
  readonly level: number;
  /** The rating's case and appeal as the metrics see them. */
  readonly outcome?: Outcome;
}

export interface ReportInput {
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  readonly now: EpochMs;
  readonly tickets: readonly ReportTicket[];
  readonly events: readonly ReportEvent[];
  readonly appointments: readonly ReportAppointment[];
  /** null when the ratings module is not installed. */
  readonly ratings: readonly ReportRating[] | null;
  /** Extra figures from the ratings module's metrics (e.g. 差评整改率), shown as they are. */
  readonly ratingsExtra?: {
    rectificationRate?: number | null;
    revisitSatisfactionRate?: number | null;
    openCases?: number | null;
    overdueCases?: number | null;
  } | null;
  /** The province policy and the day the figures are made (default ratings). */
  readonly ratingOptions?: MetricOptions;
  /** The repeated no-show policy and who reached it (core/appointment-rules.ts); absent: not reported. */
  readonly repeatedNoShow?: Report['appointments']['repeatedNoShow'];
  readonly labels: {
    readonly priorityGroups?: ReadonlyArray<{ id: string; label: string }>;
    readonly services?: ReadonlyArray<{ id: string; name: string }>;
    readonly categories: ReadonlyArray<{ id: string; name: string }>;
    readonly windows: ReadonlyArray<{ id: string; name: string }>;
    readonly staff: ReadonlyArray<{ username: string; displayName: string }>;
  };
}

const pct = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 1000) / 10 : 0);
const round1 = (x: number) => Math.round(x * 10) / 10;

/** Every date from `from` to `to` inclusive (YYYY-MM-DD). */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && out.length < 400; t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

function ratingFigures(list: readonly ReportRating[], served: readonly ReportTicket[], opts: MetricOptions | undefined): RatingFigures {
  const byTicket = new Map(list.map((r) => [r.ticketId, r]));
  const tally = new RatingTally(opts);
  for (const t of served) {
    const r = byTicket.get(t.id);
    tally.add(r ? (r.outcome ?? { level: r.level, caseStatus: null, caseOverdue: false }) : NO_OUTCOME, t.businessDate);
  }
  const m = tally.result();
  return {
    count: m.rated,
    good: m.good,
    bad: m.bad,
    goodRate: asPercent(m.goodRate),
    badRate: asPercent(m.badRate),
    unratedRate: asPercent(m.unratedRate),
    activeGoodRate: asPercent(m.activeGoodRate),
    meanLevel: m.satisfaction === null ? 0 : round1(m.satisfaction * 5),
  };
}

export function buildReport(input: ReportInput): Report {
  const days = datesBetween(input.from, input.to);
  const daySet = new Set(days);
  const tickets = input.tickets.filter((t) => daySet.has(t.businessDate));
  const ticketIds = new Set(tickets.map((t) => t.id));
  const byTicket = new Map(tickets.map((t) => [t.id, t]));
  const events = [...input.events].sort((a, b) => a.id - b.id);
  const transfers = events.filter((e) => e.type === 'ticket.transferred' && e.ticketId !== null && ticketIds.has(e.ticketId));
  const suspends = events.filter((e) => e.type === 'ticket.suspended' && e.ticketId !== null && ticketIds.has(e.ticketId));
  const ratings = input.ratings?.filter((r) => ticketIds.has(r.ticketId)) ?? null;
  const hour = (at: EpochMs) => localParts(at, input.timeZone).hour;

  // Who called a ticket last, for staff rows of tickets nobody finished (no-shows).
  const caller = new Map<string, string>();
  for (const e of events) if ((e.type === 'ticket.called' || e.type === 'ticket.resumed') && e.ticketId) caller.set(e.ticketId, e.actor);
  const staffOf = (t: ReportTicket) => t.servedBy ?? (t.windowId ? (caller.get(t.id) ?? null) : null);

  const row = (
    key: string,
    label: string,
    ts: readonly ReportTicket[],
    tr: readonly ReportEvent[],
    su: readonly ReportEvent[],
    rs: readonly ReportRating[] | null,
  ): ReportRow => {
    const served = ts.filter((t) => t.status === 'done');
    const waits = served.map(waitMinutesOf).filter((m): m is number => m !== null);
    const services = served.map(serviceMinutesOf).filter((m): m is number => m !== null);
    return {
      key,
      label,
      issued: ts.length,
      served: served.length,
      noShow: ts.filter((t) => t.status === 'no_show').length,
      cancelled: ts.filter((t) => t.status === 'cancelled').length,
      transferred: tr.length,
      suspended: su.length,
      waitMinutes: dist(waits),
      serviceMinutes: dist(services),
      ratings: rs === null ? null : ratingFigures(rs, served, input.ratingOptions),
    };
  };
  const ofTickets = (pred: (t: ReportTicket) => boolean) => {
    const ts = tickets.filter(pred);
    const ids = new Set(ts.map((t) => t.id));
    return {
      ts,
      tr: transfers.filter((e) => ids.has(e.ticketId as string)),
      su: suspends.filter((e) => ids.has(e.ticketId as string)),
      rs: ratings?.filter((r) => ids.has(r.ticketId)) ?? null,
    };
  };
  const partition = (key: string, label: string, pred: (t: ReportTicket) => boolean) => {
    const g = ofTickets(pred);
    return row(key, label, g.ts, g.tr, g.su, g.rs);
  };

  const totals = row('total', '合计', tickets, transfers, suspends, ratings);
  const byDay = days.map((d) => partition(d, d, (t) => t.businessDate === d));
  const catLabels = new Map(input.labels.categories.map((c) => [c.id, c.name]));
  const catIds = [
    ...input.labels.categories.map((c) => c.id),
    ...[...new Set(tickets.map((t) => t.categoryId))].filter((id) => !catLabels.has(id)),
  ];
  const byCategory = catIds.map((id) => partition(id, catLabels.get(id) ?? id, (t) => t.categoryId === id));

  const winLabels = new Map(input.labels.windows.map((w) => [w.id, w.name]));
  const winIds = [
    ...input.labels.windows.map((w) => w.id),
    ...[...new Set(tickets.flatMap((t) => (t.windowId ? [t.windowId] : [])))].filter((id) => !winLabels.has(id)),
  ];
  const byWindow = winIds
    .map((id) => {
      const ts = tickets.filter((t) => t.windowId === id);
      return row(
        id,
        winLabels.get(id) ?? id,
        ts,
        transfers.filter((e) => (e.data.fromWindow ?? e.windowId) === id),
        suspends.filter((e) => e.windowId === id),
        ratings?.filter((r) => (r.windowId ?? byTicket.get(r.ticketId)?.windowId) === id) ?? null,
      );
    })
    .filter((r) => r.issued > 0 || r.transferred > 0 || r.suspended > 0);

  const staffLabels = new Map(input.labels.staff.map((s) => [s.username, s.displayName]));
  const staffIds = [
    ...new Set([
      ...tickets.flatMap((t) => {
        const s = staffOf(t);
        return s ? [s] : [];
      }),
      ...transfers.map((e) => e.actor),
      ...suspends.map((e) => e.actor),
    ]),
  ]
    .filter((id) => id !== 'system')
    .sort((a, b) => (staffLabels.get(a) ?? a).localeCompare(staffLabels.get(b) ?? b, 'zh-CN'));
  const byStaff = staffIds.map((id) =>
    row(
      id,
      staffLabels.get(id) ?? id,
      tickets.filter((t) => staffOf(t) === id),
      transfers.filter((e) => e.actor === id),
      suspends.filter((e) => e.actor === id),
      ratings?.filter((r) => (r.staffId ?? byTicket.get(r.ticketId)?.servedBy) === id) ?? null,
    ),
  );

  const hours = [...new Set(tickets.map((t) => hour(t.issuedAt)))].sort((a, b) => a - b);
  const byHour = hours.map((h) => {
    const g = ofTickets((t) => hour(t.issuedAt) === h);
    return row(String(h).padStart(2, '0'), `${String(h).padStart(2, '0')}:00–${String(h + 1).padStart(2, '0')}:00`, g.ts, g.tr, g.su, g.rs);
  });
  const groupLabels = new Map((input.labels.priorityGroups ?? []).map((g) => [g.id, g.label]));
  const groupIds = [
    ...groupLabels.keys(),
    ...[...new Set(tickets.flatMap((t) => (t.priorityGroup ? [t.priorityGroup] : [])))].filter((id) => !groupLabels.has(id)),
  ];
  const byPriorityGroup = groupIds.map((id) => ({
    ...partition(id, groupLabels.get(id) ?? id, (t) => t.priorityGroup === id),
    share: pct(tickets.filter((t) => t.priorityGroup === id).length, tickets.length),
  }));
  const finished = servedPerHour(tickets, input.timeZone);
  const timelineHours = [...new Set([...hours, ...finished.keys()])].sort((a, b) => a - b);
  const timeline = timelineHours.map((h) => ({
    hour: h,
    issued: tickets.filter((t) => hour(t.issuedAt) === h).length,
    served: finished.get(h) ?? 0,
  }));

  return {
    from: input.from,
    to: input.to,
    days,
    totals,
    byDay,
    byCategory,
    byWindow,
    byStaff,
    byHour,
    byPriorityGroup,
    matters: matterReport(tickets, new Map((input.labels.services ?? []).map((x) => [x.id, x.name]))),
    estimates: estimateReport(tickets),
    timeline,
    pauses: pauses(
      events.filter((e) => daySet.has(e.businessDate)),
      input,
      winLabels,
      staffLabels,
    ),
    appointments: appointments(
      input.appointments.filter((a) => daySet.has(a.businessDate)),
      byTicket,
      tickets,
      input.repeatedNoShow ?? null,
    ),
    ratings:
      ratings === null
        ? null
        : {
            ...ratingFigures(
              ratings,
              tickets.filter((t) => t.status === 'done'),
              input.ratingOptions,
            ),
            rectificationRate: input.ratingsExtra?.rectificationRate ?? null,
            revisitSatisfactionRate: input.ratingsExtra?.revisitSatisfactionRate ?? null,
            openCases: input.ratingsExtra?.openCases ?? null,
            overdueCases: input.ratingsExtra?.overdueCases ?? null,
          },
  };
}

function estimateReport(tickets: readonly ReportTicket[]): Report['estimates'] {
  const shown = tickets.flatMap((t) => {
    const e = t.waitEstimate;
    const waited = t.status === 'done' ? waitMinutesOf(t) : null;
    return e && e.minutes !== null && e.note === undefined && waited !== null
      ? [{ band: rangeBandOf(e.minutes), error: e.minutes - waited, within: rangeHolds(e, waited), waited }]
      : [];
  });
  const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, x) => a + x, 0) / xs.length);
  const meanWait = mean(shown.map((x) => x.waited));
  const mae = mean(shown.map((x) => Math.abs(x.error)));
  return {
    tickets: shown.length,
    meanWaitMinutes: round1(meanWait),
    meanErrorMinutes: round1(mae),
    errorShare: meanWait > 0 ? pct(mae, meanWait) : 0,
    biasMinutes: round1(mean(shown.map((x) => x.error))),
    withinRange: pct(shown.filter((x) => x.within).length, shown.length),
    // The bands the range learns its widening in (`core/range-calibration.ts`).
    byShown: WIDENING_BANDS.map((to, i) => {
      const xs = shown.filter((x) => x.band === i);
      return {
        fromMinutes: i === 0 ? 0 : (WIDENING_BANDS[i - 1] as number),
        toMinutes: Number.isFinite(to) ? to : null,
        tickets: xs.length,
        meanErrorMinutes: round1(mean(xs.map((x) => Math.abs(x.error)))),
        withinRange: pct(xs.filter((x) => x.within).length, xs.length),
      };
    }),
  };
}

/** The hour rows' served counts are by issue hour; this gives finishes per clock hour for the day chart. */
export function servedPerHour(tickets: readonly ReportTicket[], timeZone: string): Map<number, number> {
  const m = new Map<number, number>();
  for (const t of tickets)
    if (t.status === 'done' && t.finishedAt !== null) {
      const h = localParts(t.finishedAt, timeZone).hour;
      m.set(h, (m.get(h) ?? 0) + 1);
    }
  return m;
}

function pauses(
  events: readonly ReportEvent[],
  input: ReportInput,
  winLabels: Map<string, string>,
  staffLabels: Map<string, string>,
): Report['pauses'] {
  const open = new Map<string, { at: EpochMs; reason: string; actor: string; day: string }>();
  const closed: Array<{ windowId: string; reason: string; actor: string; ms: number }> = [];
  const lastOfDay = new Map<string, EpochMs>();
  for (const e of events) lastOfDay.set(e.businessDate, Math.max(lastOfDay.get(e.businessDate) ?? 0, e.at));
  const close = (windowId: string, at: EpochMs) => {
    const p = open.get(windowId);
    if (!p) return;
    closed.push({ windowId, reason: p.reason, actor: p.actor, ms: Math.max(0, at - p.at) });
    open.delete(windowId);
  };
  for (const e of events) {
    if (!e.windowId) continue;
    if (e.type === 'window.paused') {
      close(e.windowId, e.at);
      open.set(e.windowId, {
        at: e.at,
        reason: typeof e.data.reason === 'string' ? e.data.reason : '未说明',
        actor: e.actor,
        day: e.businessDate,
      });
    } else if (e.type === 'window.resumed' || e.type === 'window.signed_out' || e.type === 'window.signed_in') {
      close(e.windowId, e.at);
    }
  }
  const today = businessDate(input.now, input.timeZone);
  for (const [windowId, p] of open) close(windowId, p.day === today ? Math.max(p.at, input.now) : (lastOfDay.get(p.day) ?? p.at));
  const group = (key: (c: (typeof closed)[number]) => string, label: (k: string) => string): PauseRow[] => {
    const m = new Map<string, { count: number; ms: number }>();
    for (const c of closed) {
      const k = key(c);
      const g = m.get(k) ?? { count: 0, ms: 0 };
      g.count++;
      g.ms += c.ms;
      m.set(k, g);
    }
    return [...m.entries()]
      .map(([k, g]) => ({ key: k, label: label(k), count: g.count, minutes: round1(g.ms / 60_000) }))
      .sort((a, b) => b.minutes - a.minutes);
  };
  return {
    totalMinutes: round1(closed.reduce((a, c) => a + c.ms, 0) / 60_000),
    count: closed.length,
    byReason: group(
      (c) => c.reason,
      (k) => k,
    ),
    byWindow: group(
      (c) => c.windowId,
      (k) => winLabels.get(k) ?? k,
    ),
    byStaff: group(
      (c) => c.actor,
      (k) => staffLabels.get(k) ?? k,
    ),
  };
}

function appointments(
  list: readonly ReportAppointment[],
  byTicket: Map<string, ReportTicket>,
  tickets: readonly ReportTicket[],
  repeatedNoShow: Report['appointments']['repeatedNoShow'],
): Report['appointments'] {
  const checkedIn = list.filter((a) => a.ticketId !== null);
  const arrived = (k: string) => list.filter((a) => a.arrival === k).length;
  const status = (a: ReportAppointment) => (a.ticketId ? byTicket.get(a.ticketId)?.status : undefined);
  return {
    booked: list.length,
    checkedIn: checkedIn.length,
    missed: list.length - checkedIn.length,
    served: checkedIn.filter((a) => status(a) === 'done').length,
    noShow: checkedIn.filter((a) => status(a) === 'no_show').length,
    attendanceRate: pct(checkedIn.length, list.length),
    appointmentTickets: tickets.filter((t) => t.priority === 'appointment').length,
    byArrival: {
      early: arrived('early'),
      onTime: arrived('on_time'),
      lateGrace: arrived('late_grace'),
      late: arrived('late'),
      missed: arrived('missed'),
    },
    repeatedNoShow,
  };
}

/** Matters of the tickets (mattersOf: a ticket without per-matter statuses counts its service ids). */
function matterReport(tickets: readonly ReportTicket[], labels: ReadonlyMap<string, string>): Report['matters'] {
  const all = tickets.flatMap((t) => mattersOf({ matters: t.matters, serviceIds: t.serviceIds ?? [], status: t.status }));
  const counts = (ms: ReadonlyArray<{ status: string }>) => {
    const n = (st: string) => ms.filter((m) => m.status === st).length;
    const done = n('done');
    const transferred = n('transferred');
    return { matters: ms.length, done, transferred, needsDocuments: n('needs_documents'), open: ms.length - done - transferred };
  };
  const ids = [...new Set(all.map((m) => m.serviceId))];
  const byService = ids
    .map((id) => ({ key: id, label: labels.get(id) ?? id, ...counts(all.filter((m) => m.serviceId === id)) }))
    .sort((a, b) => b.matters - a.matters || a.key.localeCompare(b.key));
  return { visits: tickets.filter((t) => (t.bundleId ?? null) !== null).length, ...counts(all), byService };
}
