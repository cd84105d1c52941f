/**
 * REST routes of the supervisor module (supervisor+ unless noted). Thin handlers (R8): parse, authorise,
 * call the store / runner / report builder, answer in the spec's error shape.
 *
 *   GET  /api/v1/settings/hall                      runtime settings (mode, thresholds, hours, calendar, notices)
 *   PUT  /api/v1/settings/allocation-mode           {mode}
 *   PUT  /api/v1/settings/thresholds                {waitThresholds: {categoryId: minutes}, longPauseMinutes}
 *   PUT  /api/v1/settings/hours                     {weekdays, saturday, sunday: [{open, close}]}
 *   PUT  /api/v1/settings/calendar                  {holidays: [date], workdays: [date]}
 *   GET  /api/v1/allocation/proposals               {mode, evaluatedAt, proposals}
 *   POST /api/v1/allocation/run                     evaluate now
 *   POST /api/v1/allocation/proposals/:id/apply     apply one proposal (audited as the supervisor)
 *   POST /api/v1/allocation/proposals/:id/dismiss   hide it for 15 minutes
 *   GET  /api/v1/allocation/windows                 per window: categories it may serve now (skills ∩ staff certifications)
 *   GET  /api/v1/allocation/history?date=           allocation changes and reverts of a day (the audit log)
 *   GET  /api/v1/alerts?scope=open|today            alerts (today's include cleared ones, with clearedAt)
 *   POST /api/v1/alerts/:id/acknowledge
 *   GET  /api/v1/reports?date= | ?from=&to=         the report as JSON
 *   GET  /api/v1/reports/day.{csv,xlsx}?date=       exports of one day
 *   GET  /api/v1/reports/range.{csv,xlsx}?from=&to= exports of a date range
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { asPercent, IsoDate, localTimeToEpoch, serviceMsOf, type Alert, type Report } from '@hall/contract';
import { HttpError, actorOf, fail, need, parse } from '../http/respond.ts';
import type { HallService } from '../hall/hall-service.ts';
import type { AlertService } from '../services/alert-service.ts';
import type { AppointmentService } from '../services/appointment-service.ts';
import type { AccountRepository } from '../db/account-repository.ts';
import type { RatingService } from '../ratings/rating-service.ts';
import { AllocationModeSection, CalendarSection, HoursSection, ThresholdsSection, type SettingsStore } from './settings-store.ts';
import type { AllocationRunner } from './allocation-runner.ts';
import { buildReport, datesBetween, type ReportRating } from './reports.ts';
import { reportToCsv, reportToXlsx, type ExportMeta } from './report-export.ts';

export interface SupervisorRouteDeps {
  hall: HallService;
  alerts: AlertService;
  accounts: AccountRepository;
  appointments: AppointmentService;
  ratings: RatingService;
  settings: SettingsStore;
  runner: AllocationRunner;
  /** Runs the alert rules now (after a threshold change). */
  evaluateAlerts: () => void;
}

const IdParam = z.object({ id: z.string().min(1).max(64) });
const NoBody = z.object({}).strict();
const DayQuery = z.object({ date: IsoDate.optional() }).strict();
const RangeQuery = z
  .object({ from: IsoDate, to: IsoDate })
  .strict()
  .refine((q) => q.from <= q.to, { message: '开始日期不能晚于结束日期 / from must not be after to' })
  .refine((q) => datesBetween(q.from, q.to).length <= 366, { message: '时间范围最长一年 / at most one year' });
const ReportQuery = z.object({ date: IsoDate.optional(), from: IsoDate.optional(), to: IsoDate.optional() }).strict();

const STATUS_ZH: Record<string, string> = {
  waiting: '等候',
  called: '已叫号',
  serving: '办理中',
  suspended: '挂起',
  done: '办结',
  no_show: '过号',
  cancelled: '取消',
};
const PRIORITY_ZH: Record<string, string> = { normal: '普通', green: '绿色通道', appointment: '预约' };
const CHANNEL_ZH: Record<string, string> = { kiosk: '自助机', counter: '窗口', appointment: '预约', api: '接口', phone: '手机' };

export function registerSupervisorRoutes(app: FastifyInstance, deps: SupervisorRouteDeps): void {
  const { hall, settings, runner } = deps;
  const p = '/api/v1';
  /** The settings with who changed each section by display name. */
  const settingsView = () => {
    const s = settings.get();
    for (const u of Object.values(s.updatedAt)) if (u.by) u.by = deps.accounts.byUsername(u.by)?.displayName ?? u.by;
    return s;
  };

  // ── settings ──
  app.get(`${p}/settings/hall`, async (req) => {
    need(req, ['supervisor']);
    return settingsView();
  });
  app.put(`${p}/settings/allocation-mode`, async (req) => {
    const pr = need(req, ['supervisor']);
    settings.setMode(actorOf(req, pr), parse(AllocationModeSection, req.body));
    runner.run();
    return settingsView();
  });
  app.put(`${p}/settings/thresholds`, async (req) => {
    const pr = need(req, ['supervisor']);
    const before = settings.get().waitThresholds;
    const unknown = settings.setThresholds(actorOf(req, pr), parse(ThresholdsSection, req.body));
    if (unknown.length > 0) throw new HttpError('UNKNOWN_CATEGORY', { id: unknown.join(', ') });
    // An open wait alert speaks of the old threshold: withdraw it, and let the rules raise it anew if still due.
    const after = settings.get().waitThresholds;
    for (const [id, v] of Object.entries(after)) if (before[id] !== v) deps.alerts.clear('wait_threshold', id);
    deps.evaluateAlerts();
    return settingsView();
  });
  app.put(`${p}/settings/hours`, async (req) => {
    const pr = need(req, ['supervisor']);
    settings.setHours(actorOf(req, pr), parse(HoursSection, req.body));
    return settingsView();
  });
  app.put(`${p}/settings/calendar`, async (req) => {
    const pr = need(req, ['supervisor']);
    settings.setCalendar(actorOf(req, pr), parse(CalendarSection, req.body));
    return settingsView();
  });

  // ── allocation ──
  app.get(`${p}/allocation/proposals`, async (req) => {
    need(req, ['supervisor']);
    return runner.view();
  });
  app.post(`${p}/allocation/run`, async (req) => {
    need(req, ['supervisor']);
    parse(NoBody, req.body);
    return runner.run();
  });
  app.post(`${p}/allocation/proposals/:id/apply`, async (req) => {
    const pr = need(req, ['supervisor']);
    const { id } = parse(IdParam, req.params);
    parse(NoBody, req.body);
    const prop = runner.find(id);
    if (!prop) throw new HttpError('PROPOSAL_STALE');
    const r = hall.setAllocation(actorOf(req, pr), prop.windowId, { categories: prop.to }, `proposal: ${prop.reason}`);
    if (!r.ok) fail(r);
    runner.withdraw(id, false);
    return { window: r.value, proposals: runner.view() };
  });
  app.post(`${p}/allocation/proposals/:id/dismiss`, async (req) => {
    need(req, ['supervisor']);
    const { id } = parse(IdParam, req.params);
    parse(NoBody, req.body);
    if (!runner.find(id)) throw new HttpError('NOT_FOUND');
    runner.withdraw(id, true);
    return runner.view();
  });
  app.get(`${p}/allocation/windows`, async (req) => {
    need(req, ['supervisor']);
    return {
      windows: hall.queries.windowRecords().flatMap((w) => {
        const cfg = hall.windowConfigs.get(w.id);
        if (!cfg) return [];
        const a = w.staffUsername ? deps.accounts.byUsername(w.staffUsername) : null;
        const allowed = a && a.role === 'staff' ? cfg.skills.filter((s) => a.certified.includes(s)) : [...cfg.skills];
        return [
          {
            id: w.id,
            skills: cfg.skills,
            home: cfg.home,
            allowed,
            staff: w.staffUsername,
            pinned: w.allocationPinned,
            until: w.allocationUntil === null ? null : hall.iso(w.allocationUntil),
            base: w.allocationBase,
            changedAt: w.allocationChangedAt === null ? null : hall.iso(w.allocationChangedAt),
          },
        ];
      }),
    };
  });
  app.get(`${p}/allocation/history`, async (req) => {
    need(req, ['supervisor']);
    const q = parse(DayQuery, req.query);
    const events = hall.queries
      .auditOfDay(q.date ?? hall.today())
      .filter((e) => e.type === 'window.allocation_changed' || e.type === 'window.allocation_reverted');
    const nameOf = (u: string) => deps.accounts.byUsername(u)?.displayName ?? u;
    return {
      events: events
        .reverse()
        .slice(0, 200)
        .map((e) => ({
          id: e.id,
          at: hall.iso(e.at),
          type: e.type,
          actor: e.actor,
          actorName: nameOf(e.actor),
          source: e.source,
          windowId: e.windowId,
          data: e.data,
        })),
    };
  });

  // ── alerts ──
  app.get(`${p}/alerts`, async (req) => {
    need(req, ['supervisor']);
    const q = parse(z.object({ scope: z.enum(['open', 'today']).optional() }).strict(), req.query);
    const named = <A extends Alert>(a: A) => ({
      ...a,
      acknowledgedByName: a.acknowledgedBy ? (deps.accounts.byUsername(a.acknowledgedBy)?.displayName ?? a.acknowledgedBy) : null,
    });
    if ((q.scope ?? 'open') === 'open') return { alerts: deps.alerts.open().map(named) };
    const start = localTimeToEpoch(hall.today(), '00:00', hall.timeZone);
    return { alerts: deps.alerts.since(start).map((a) => named({ ...a, clearedAt: a.clearedAt ?? null })) };
  });
  app.post(`${p}/alerts/:id/acknowledge`, async (req) => {
    const pr = need(req, ['supervisor']);
    const { id } = parse(IdParam, req.params);
    const r = deps.alerts.acknowledge(id, actorOf(req, pr));
    if (!r.ok) fail(r);
    return { alert: r.value };
  });

  // ── reports ──
  const range = (req: FastifyRequest): { from: string; to: string } => {
    const q = parse(ReportQuery, req.query);
    if (q.from !== undefined || q.to !== undefined) return parse(RangeQuery, { from: q.from ?? q.to, to: q.to ?? q.from });
    const d = q.date ?? hall.today();
    return { from: d, to: d };
  };
  app.get(`${p}/reports`, async (req) => {
    need(req, ['supervisor']);
    const { from, to } = range(req);
    return { hallName: hall.config.hall.name, generatedAt: hall.iso(hall.now()), report: report(deps, from, to) };
  });
  const exporter = (kind: 'day' | 'range', format: 'csv' | 'xlsx') => async (req: FastifyRequest, reply: FastifyReply) => {
    const pr = need(req, ['supervisor']);
    let from: string;
    let to: string;
    if (kind === 'day') {
      const q = parse(DayQuery, req.query);
      from = to = q.date ?? hall.today();
    } else {
      ({ from, to } = parse(RangeQuery, req.query));
    }
    const rep = report(deps, from, to);
    const meta: ExportMeta = {
      hallName: hall.config.hall.name,
      generatedAt: hall.iso(hall.now()).slice(0, 19).replace('T', ' '),
      generatedBy: pr.displayName || pr.id,
    };
    const name = from === to ? `大厅报表-${from}` : `大厅报表-${from}至${to}`;
    const disposition = `attachment; filename="hall-report-${from}${from === to ? '' : `_${to}`}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}.${format}`;
    reply.header('Content-Disposition', disposition);
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(reportToCsv(rep, meta));
    meta.tickets = ticketRows(deps, from, to);
    const buf = await reportToXlsx(rep, meta);
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(buf);
  };
  app.get(`${p}/reports/day.csv`, exporter('day', 'csv'));
  app.get(`${p}/reports/day.xlsx`, exporter('day', 'xlsx'));
  app.get(`${p}/reports/range.csv`, exporter('range', 'csv'));
  app.get(`${p}/reports/range.xlsx`, exporter('range', 'xlsx'));
}

/** The ratings of the days and, for one day, the rectification figures: typed calls to the rating service. */
function ratingsFor(
  ratings: RatingService,
  days: string[],
): {
  list: ReportRating[];
  extra: {
    rectificationRate: number | null;
    revisitSatisfactionRate: number | null;
    openCases: number | null;
    overdueCases: number | null;
  } | null;
} {
  const list: ReportRating[] = days.flatMap((d) => ratings.forReport(d));
  let extra = null;
  const first = days[0];
  if (days.length === 1 && first !== undefined) {
    const m = ratings.metrics({ date: first });
    if (m.ok)
      extra = {
        // The report shows rates in percent; the metrics give fractions (rating-metrics.ts `asPercent`).
        rectificationRate: m.value.rectification.rate === null ? null : asPercent(m.value.rectification.rate),
        revisitSatisfactionRate:
          m.value.rectification.revisitSatisfactionRate === null ? null : asPercent(m.value.rectification.revisitSatisfactionRate),
        openCases: m.value.rectification.open,
        overdueCases: m.value.rectification.overdue,
      };
  }
  return { list, extra };
}

function report(deps: SupervisorRouteDeps, from: string, to: string): Report {
  const { hall } = deps;
  const days = datesBetween(from, to);
  const ratings = ratingsFor(deps.ratings, days);
  const appointments = deps.appointments
    .between(from, to)
    .map((a) => ({ businessDate: a.businessDate, serviceId: a.serviceId, ticketId: a.ticketId, arrival: a.arrival }));
  return buildReport({
    from,
    to,
    timeZone: hall.timeZone,
    now: hall.now(),
    tickets: days.flatMap((d) => hall.queries.ticketsOfDay(d)),
    events: days.flatMap((d) => hall.queries.auditOfDay(d)),
    appointments,
    repeatedNoShow: deps.appointments.repeatedNoShow(to),
    ratings: ratings.list,
    ratingsExtra: ratings.extra,
    ratingOptions: deps.ratings.metricOptions(),
    labels: {
      priorityGroups: hall.config.settings.priorityGroups,
      services: hall.config.services.map((x) => ({ id: x.id, name: x.name })),
      categories: hall.config.categories.map((c) => ({ id: c.id, name: c.name })),
      windows: hall.config.windows.map((w) => ({ id: w.id, name: w.name })),
      staff: deps.accounts.all().map((a) => ({ username: a.username, displayName: a.displayName })),
    },
  });
}

function ticketRows(deps: SupervisorRouteDeps, from: string, to: string): NonNullable<ExportMeta['tickets']> {
  const { hall } = deps;
  const names = new Map(deps.accounts.all().map((a) => [a.username, a.displayName]));
  const time = (v: number | null) => (v === null ? '' : hall.iso(v).slice(11, 19));
  const min = (v: number) => Math.round(v / 6_000) / 10;
  const nullableMin = (v: number | null) => (v === null ? null : min(v));
  return datesBetween(from, to)
    .flatMap((d) => hall.queries.ticketsOfDay(d))
    .map((t) => ({
      number: t.number,
      date: t.businessDate,
      category: hall.categories.get(t.categoryId)?.name ?? t.categoryId,
      priority: PRIORITY_ZH[t.priority] ?? t.priority,
      channel: CHANNEL_ZH[t.channel] ?? t.channel,
      status: STATUS_ZH[t.status] ?? t.status,
      issuedAt: time(t.issuedAt),
      calledAt: time(t.firstCalledAt),
      finishedAt: time(t.finishedAt),
      window: t.windowId ? (hall.windowConfigs.get(t.windowId)?.name ?? t.windowId) : '',
      staff: t.servedBy ? (names.get(t.servedBy) ?? t.servedBy) : '',
      waitMinutes: t.firstCalledAt !== null ? min(t.firstCalledAt - t.issuedAt) : null,
      serviceMinutes: t.status === 'done' ? nullableMin(serviceMsOf(t)) : null,
    }));
}
