/**
 * The rating service: the one place a 好差评 rating is taken, whatever the channel (bus keypad, HID keypad,
 * the ticket's QR code on a phone, a kiosk), and the 差评整改 cases that follow.
 *
 * A rating runs in ONE transaction: the rules (rating-rules.ts), the rating row (UNIQUE ticket_id), for a
 * 差评 the rectification case with its working-day deadlines, the audit events and the outbox records.
 * Only after the commit are supervisors alerted and the outbox worker woken. Nothing stored or logged
 * identifies the citizen: the phone channel records neither an address nor a device.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import {
  businessDate,
  failure,
  isBadLevel,
  RATING_LABELS,
  toIsoLocal,
  type AdvanceCaseRequest,
  type CaseStep,
  type EpochMs,
  type Failure,
  type KioskRatingCheck,
  type HallConfig,
  type PublicRating,
  type Rating,
  type RatingChannel,
  type RatingMetricsReport,
  type RatingLevel,
  type StaffCaseView,
  type RatingStatus,
  type RectificationCase,
} from '@hall/contract';
import type { Db } from '../db/database.ts';
import type { LoggedEvent } from '../db/event-log.ts';
import type { TicketRecord } from '../db/ticket-repository.ts';
import type { HallService } from '../hall/hall-service.ts';
import type { Actor, Result } from '../hall/actor.ts';
import type { AlertService } from '../services/alert-service.ts';
import type { Clock } from '../services/clock.ts';
import type { Logger } from '../log.ts';
import type { RatingsSummary } from '@hall/contract';
import { checkRating, reasonsFromMask, type RatingInput } from './rating-rules.ts';
import { advanceCase, nextStep, overdueStep, scheduleCase, STEP_LABELS } from './case-machine.ts';
import { addDays, calendarFrom, yearsWithoutCalendar, type WorkingCalendar } from './working-days.ts';
import { RatingRepository, type CaseRecord, type RatingRecord } from './rating-repository.ts';
import { computeMetrics, ratingPolicy, statsRatingsOf, type MetricOptions, type Outcome, type RatingPolicy } from '@hall/contract';
import type { OutboxStore, OutboxType } from './outbox.ts';
import { ratingCheckCode } from './check-code.ts';
import { KioskGuard, type KioskGuardLimits } from './kiosk-guard.ts';

export interface RatingServiceDeps {
  db: Db;
  hall: HallService;
  alerts: AlertService;
  clock: Clock;
  config: HallConfig;
  log: Logger;
  outbox: OutboxStore;
  /** Called after a commit that appended outbox records. */
  onOutbox?: () => void;
  /** The hall's secret for the slips' check codes (check-code.ts). */
  checkSecret: string;
  kioskLimits?: KioskGuardLimits;
}

export interface KioskProof {
  number?: string | undefined;
  checkCode?: string | undefined;
  token?: string | undefined;
}

function timingSafeEqualText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const MAX_RANGE_DAYS = 366;

interface Tx {
  now: EpochMs;
  day: string;
  /** Work to do only once the transaction has committed (alerts). */
  after: Array<() => void>;
  log(e: LoggedEvent): number;
  outbox(type: OutboxType, subject: string, data: unknown): void;
}

export class RatingService {
  readonly repo: RatingRepository;
  private readonly tz: string;
  private readonly guard: KioskGuard;
  /** The province's metric policy with the hall's overrides (contract/src/rating-metrics.ts). */
  readonly policy: RatingPolicy;

  constructor(private readonly deps: RatingServiceDeps) {
    this.repo = new RatingRepository(deps.db);
    this.guard = new KioskGuard(deps.kioskLimits);
    this.policy = ratingPolicy(deps.config.settings.ratingPolicy);
    this.tz = deps.config.hall.timeZone;
  }

  /**
   * The working-day calendar as it is now: read from the hall's hours on every use, so a calendar edit in
   * the console (the settings store updates the hours in place) reaches the next deadline at once.
   */
  private get calendar(): WorkingCalendar {
    return calendarFrom(this.deps.config.hours);
  }

  /**
   * Alerts the supervisors when a deadline falls in a year with no calendar, and from 1 December on while
   * next year's calendar is still empty (the State Council publishes it late each year).
   */
  checkCalendar(upTo?: string): number[] {
    const today = this.today();
    const year = Number(today.slice(0, 4));
    const until = upTo ?? (today.slice(5) >= '12-01' ? `${year + 1}-01-01` : today);
    const missing = yearsWithoutCalendar(today, until > today ? until : today, this.calendar);
    for (const y of missing)
      this.deps.alerts.raise(
        'calendar_missing',
        'warning',
        String(y),
        `${y} 年节假日日历未录入：整改期限按周一至周五计算，可能落在法定节假日。请在「大厅设置」录入国务院公布的 ${y} 年安排`,
      );
    return missing;
  }

  private iso(at: EpochMs): string {
    return toIsoLocal(at, this.tz);
  }
  today(): string {
    return businessDate(this.deps.clock.now(), this.tz);
  }

  /** A rating command on the hall's one command path: its rows, audit events and outbox records commit together. */
  private run<T>(fn: (tx: Tx) => Result<T>): Result<T> {
    let appended = 0;
    const r = this.deps.hall.command((htx) =>
      fn({
        now: htx.now,
        day: htx.day,
        after: htx.afterCommit,
        log: (e) => htx.log(e),
        outbox: (type, subject, data) => {
          this.deps.outbox.append(
            { type, subject, occurredAt: this.iso(htx.now), hall: { name: this.deps.config.hall.name }, data },
            htx.now,
          );
          appended += 1;
        },
      }),
    );
    if (!r.ok && r.code === 'STORAGE_UNAVAILABLE') this.deps.alerts.raise('storage', 'critical', null, '数据库写入失败（好差评）');
    if (r.ok && appended > 0) this.deps.onOutbox?.();
    return r;
  }

  // ───────────────────────────── taking a rating ─────────────────────────────

  /** The phone page (ticket QR code). The token is the only credential; nothing about the phone is kept. */
  rateByToken(token: string, input: RatingInput): Result<PublicRating> {
    const t = this.deps.hall.queries.ticketByToken(token);
    if (!t) return failure('UNKNOWN_TICKET');
    const r = this.rate(t, input, 'qr', null, { actor: 'citizen', source: 'qr' });
    return r.ok ? { ok: true, value: toPublicRating(r.value) } : r;
  }

  /**
   * Which ticket a kiosk's proof designates: the scanned QR token, or today's number with the slip's check
   * code. Failed proofs count against the kiosk and the ticket (kiosk-guard.ts); the number alone is refused.
   */
  private ticketForKiosk(ref: KioskProof, deviceId: string): Result<TicketRecord> {
    const now = this.deps.clock.now();
    const number = ref.number?.trim().toUpperCase();
    const key = number === undefined ? null : `${this.today()}/${number}`;
    if (!this.guard.mayTry(deviceId, key, now)) return failure('TOO_MANY_ATTEMPTS');
    const refuse = (r: Failure): Failure => {
      this.guard.failed(deviceId, key, now);
      this.deps.log.warn({ device: deviceId, code: r.code }, 'kiosk rating proof refused');
      return r;
    };
    if (ref.token !== undefined) {
      const t = this.deps.hall.queries.ticketByToken(ref.token);
      return t ? { ok: true, value: t } : refuse(failure('UNKNOWN_TICKET'));
    }
    if (ref.checkCode === undefined) return refuse(failure('CHECK_CODE_REQUIRED'));
    const t = this.deps.hall.queries.ticketByNumber(this.today(), number ?? '');
    // An unknown number and a wrong code answer alike, so trying numbers tells nothing.
    if (!t || !timingSafeEqualText(ratingCheckCode(t.token, this.deps.checkSecret), ref.checkCode.trim()))
      return refuse(failure('CHECK_CODE_WRONG'));
    return { ok: true, value: t };
  }

  /** The kiosk's first screen: refuses a ticket not finished or already rated before any level is chosen. */
  checkAtKiosk(ref: KioskProof, deviceId: string): Result<KioskRatingCheck> {
    const t = this.ticketForKiosk(ref, deviceId);
    if (!t.ok) return t;
    const ticket = t.value;
    if (ticket.status !== 'done') return failure('NOT_RATEABLE');
    if (this.repo.byTicket(ticket.id) !== null) return failure('ALREADY_RATED');
    if (!this.guard.mayRate(deviceId, this.deps.clock.now())) return failure('KIOSK_RATING_LIMIT');
    const w = ticket.windowId ? this.deps.hall.windowConfigs.get(ticket.windowId) : undefined;
    return {
      ok: true,
      value: { number: ticket.number, serviceIds: ticket.serviceIds, window: w ? { number: w.number, name: w.name } : null },
    };
  }

  /** A kiosk rating, with the same proof as the check, and at most a few per kiosk in a short time. */
  rateAtKiosk(ref: KioskProof, input: RatingInput, deviceId: string): Result<PublicRating> {
    const t = this.ticketForKiosk(ref, deviceId);
    if (!t.ok) return t;
    if (!this.guard.mayRate(deviceId, this.deps.clock.now())) return failure('KIOSK_RATING_LIMIT');
    const r = this.rate(t.value, input, 'kiosk', deviceId, { actor: deviceId, source: 'kiosk' });
    if (r.ok) this.guard.rated(deviceId, this.deps.clock.now());
    return r.ok ? { ok: true, value: toPublicRating(r.value) } : r;
  }

  rateLastFinished(windowId: string, level: number, reasons: number, channel: 'keypad' | 'hid', device: string): Result<Rating> {
    if (!this.deps.hall.windowConfigs.has(windowId)) return failure('UNKNOWN_WINDOW');
    const id = this.repo.lastFinishedTicketId(windowId, this.today());
    const t = id === null ? null : this.deps.hall.queries.ticket(id);
    if (!t) return failure('NOTHING_TO_RATE');
    const r = this.rate(t, { level, reasons: reasonsFromMask(reasons) }, channel, device, { actor: device, source: channel });
    if (!r.ok) this.deps.log.warn({ windowId, device, channel, code: r.code }, 'keypad rating not taken');
    return r;
  }

  /** Every channel ends here. `audit` names the channel's device, never the citizen. */
  private rate(
    t: TicketRecord,
    input: RatingInput,
    channel: RatingChannel,
    device: string | null,
    audit: { actor: string; source: string },
  ): Result<Rating> {
    const settings = this.deps.config.settings;
    return this.run((tx) => {
      const period = this.policy.ratingPeriodDays;
      if (t.status === 'done' && period !== null && addDays(t.businessDate, period) < tx.day)
        return failure('RATING_PERIOD_OVER', { days: period });
      const checked = checkRating(t, this.repo.byTicket(t.id) !== null, input, settings.ratingReasons);
      if (!checked.ok) return checked;
      const v = checked.value;
      const rating: RatingRecord = {
        id: randomUUID(),
        ticketId: t.id,
        ticketNumber: t.number,
        ticketBusinessDate: t.businessDate,
        categoryId: t.categoryId,
        serviceIds: t.serviceIds,
        windowId: t.windowId,
        staffId: t.servedBy,
        channel,
        device,
        level: v.level,
        reasons: v.reasons,
        reasonLabels: v.reasonLabels,
        comment: v.comment,
        createdAt: tx.now,
        businessDate: tx.day,
        caseId: null,
      };
      try {
        this.repo.insert(rating);
      } catch (err) {
        // 一次一评 is the UNIQUE constraint's job; the check above only makes the common case cheap.
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return failure('ALREADY_RATED');
        throw err;
      }
      tx.log({
        type: 'rating.created',
        actor: audit.actor,
        source: audit.source,
        ticketId: t.id,
        windowId: t.windowId,
        data: { number: t.number, level: v.level, channel },
      });
      const view = this.ratingView(rating);
      tx.outbox('rating.created', rating.id, { rating: { ...view, serviceCodes: this.serviceCodes(t.serviceIds), device } });
      if (isBadLevel(v.level)) view.caseId = this.openCase(tx, rating);
      return { ok: true, value: view };
    });
  }

  private serviceCodes(ids: readonly string[]): string[] {
    return ids.map((id) => this.deps.hall.services.get(id)?.code ?? '').filter((c) => c !== '');
  }

  /** A 差评 opens a case in the rating's transaction; supervisors are alerted after the commit. */
  private openCase(tx: Tx, rating: RatingRecord): string {
    const id = this.repo.nextCaseId(tx.day);
    const schedule = scheduleCase(tx.day, this.deps.config.settings.rectification, this.calendar, this.tz);
    tx.after.push(() => {
      this.checkCalendar(schedule.revisit.dueDate);
    });
    this.repo.insertCase({ id, ratingId: rating.id, businessDate: tx.day, createdAt: tx.now, schedule });
    this.repo.log(id, {
      at: tx.now,
      action: 'created',
      actor: 'system',
      source: `rating ${rating.channel}`,
      from: null,
      to: 'open',
      note: null,
    });
    const view = this.caseView(this.repo.caseById(id) as CaseRecord, rating);
    tx.outbox('rectification.opened', id, { case: view });
    const window = rating.windowId ? (this.deps.hall.windowConfigs.get(rating.windowId)?.name ?? rating.windowId) : '—';
    const staffName = rating.staffId
      ? (this.deps.hall.config.staff.find((x) => x.username === rating.staffId)?.displayName ?? rating.staffId)
      : null;
    const message =
      `差评 ${rating.ticketNumber}（${window}${staffName ? ` ${staffName}` : ''}）${RATING_LABELS[rating.level]}：` +
      `${rating.reasonLabels.join('、')}。整改单 ${id}，核实期限 ${schedule.verify.dueDate}`;
    tx.after.push(() => {
      this.deps.alerts.raise('bad_rating', 'critical', id, message);
    });
    return id;
  }

  // ───────────────────────────── cases ─────────────────────────────

  /** `status`: a state, `active` (not closed) or `overdue`; `from`/`to`: days the cases were opened. */
  listCases(q: {
    status?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    windowId?: string | undefined;
    staffId?: string | undefined;
    categoryId?: string | undefined;
  }): Result<RectificationCase[]> {
    const range = this.range(q.from ?? '2000-01-01', q.to ?? this.today(), Infinity);
    if (!range.ok) return range;
    const all = this.repo
      .cases(range.value.from, range.value.to)
      .filter((c) => {
        switch (q.status) {
          case undefined:
            return true;
          case 'active':
            return c.status !== 'closed';
          case 'overdue':
            return c.overdueAt !== null;
          case 'appeal':
            return c.appeal?.status === 'pending';
          default:
            return c.status === q.status;
        }
      })
      .map((c) => this.caseView(c))
      .filter(
        (v) =>
          (q.windowId === undefined || v.windowId === q.windowId) &&
          (q.staffId === undefined || v.staffId === q.staffId) &&
          (q.categoryId === undefined || v.categoryId === q.categoryId),
      );
    return { ok: true, value: all };
  }

  /** Cases about a window for the staff member signed in there: the complaint and the work, never who rated. */
  casesForWindow(windowId: string): StaffCaseView[] {
    const from = addDays(this.today(), -90);
    return this.repo
      .cases(from, this.today())
      .map((c) => this.caseView(c))
      .filter((v) => v.windowId === windowId && v.appeal?.status !== 'approved')
      .map((v) => ({
        id: v.id,
        windowId: v.windowId,
        categoryId: v.categoryId,
        serviceIds: v.serviceIds,
        level: v.level,
        reasonLabels: v.reasonLabels,
        comment: v.comment,
        status: v.status,
        nextStep: v.nextStep,
        deadlines: v.deadlines.map((d) => ({ ...d, doneBy: null })),
        overdue: v.overdue,
        openedOn: v.createdAt.slice(0, 10),
      }));
  }

  /** 申诉: a supervisor asks to exclude a malicious 差评. The rating row is never edited. */
  requestAppeal(id: string, reason: string, actor: Actor): Result<RectificationCase> {
    return this.run((tx) => {
      const c = this.repo.caseById(id);
      if (!c) return failure('UNKNOWN_CASE');
      if (!this.repo.requestAppeal(id, reason, actor.id, tx.now)) return failure('APPEAL_STATE');
      this.repo.log(id, {
        at: tx.now,
        action: 'appeal',
        actor: actor.id,
        source: actor.source,
        from: c.status,
        to: c.status,
        note: reason,
      });
      const rating = this.repo.byId(c.ratingId) as RatingRecord;
      tx.log({
        type: 'rectification.appealed',
        actor: actor.id,
        source: actor.source,
        ticketId: rating.ticketId,
        windowId: rating.windowId,
        data: { caseId: id },
      });
      const message = `整改单 ${id} 申诉待复核（${actor.id} 提出），须另一位负责人复核`;
      tx.after.push(() => {
        this.deps.alerts.raise('rating_appeal', 'warning', id, message);
      });
      return { ok: true, value: this.caseView(this.repo.caseById(id) as CaseRecord, rating, true) };
    });
  }

  /** 复核: a second supervisor approves (the 差评 leaves every figure, the case closes) or rejects. */
  decideAppeal(id: string, d: { approve: boolean; note: string }, actor: Actor): Result<RectificationCase> {
    return this.run((tx) => {
      const c = this.repo.caseById(id);
      if (!c) return failure('UNKNOWN_CASE');
      if (c.appeal?.status !== 'pending') return failure('APPEAL_STATE');
      if (c.appeal.by === actor.id) return failure('APPEAL_SECOND_PERSON');
      if (!this.repo.decideAppeal(id, d.approve, actor.id, tx.now)) return failure('APPEAL_STATE');
      const fresh = this.repo.caseById(id) as CaseRecord;
      this.repo.log(id, {
        at: tx.now,
        action: d.approve ? 'appeal_approved' : 'appeal_rejected',
        actor: actor.id,
        source: actor.source,
        from: c.status,
        to: fresh.status,
        note: d.note,
      });
      const rating = this.repo.byId(c.ratingId) as RatingRecord;
      tx.log({
        type: 'rectification.appeal_decided',
        actor: actor.id,
        source: actor.source,
        ticketId: rating.ticketId,
        windowId: rating.windowId,
        data: { caseId: id, approve: d.approve, requestedBy: c.appeal.by },
      });
      tx.outbox('rectification.advanced', id, {
        case: this.caseView(fresh, rating),
        step: d.approve ? 'appeal_approved' : 'appeal_rejected',
        note: d.note,
        by: actor.id,
      });
      tx.after.push(() => {
        this.deps.alerts.clear('rating_appeal', id);
        if (d.approve) {
          this.deps.alerts.clear('rectification_overdue', id);
          this.deps.alerts.clear('bad_rating', id);
        }
      });
      return { ok: true, value: this.caseView(fresh, rating, true) };
    });
  }

  /** 追评: once the case of their 差评 is closed, the citizen may add a later word (once, within the policy's days). */
  followUp(token: string, input: { level: number; comment?: string | undefined }): Result<{ level: number; createdAt: string }> {
    const t = this.deps.hall.queries.ticketByToken(token);
    if (!t) return failure('UNKNOWN_TICKET');
    return this.run((tx) => {
      const r = this.repo.byTicket(t.id);
      const c = r?.caseId ? this.repo.caseById(r.caseId) : null;
      const closedAt = c?.done.revisit?.at ?? null;
      const days = this.policy.followUpDays;
      if (!r || !c || c.status !== 'closed' || c.appeal?.status === 'approved' || closedAt === null || days <= 0)
        return failure('FOLLOW_UP_NOT_OPEN');
      if (addDays(businessDate(closedAt, this.tz), days) < tx.day) return failure('FOLLOW_UP_NOT_OPEN');
      if (this.repo.followUpOf(r.id)) return failure('FOLLOW_UP_NOT_OPEN');
      const comment = input.comment?.trim() || null;
      this.repo.insertFollowUp(r.id, input.level as RatingLevel, comment, tx.now);
      this.repo.log(c.id, {
        at: tx.now,
        action: 'follow_up',
        actor: 'citizen',
        source: 'qr',
        from: c.status,
        to: c.status,
        note: `追评 ${RATING_LABELS[input.level as RatingLevel]}`,
      });
      tx.log({
        type: 'rating.followed_up',
        actor: 'citizen',
        source: 'qr',
        ticketId: t.id,
        windowId: t.windowId,
        data: { caseId: c.id, level: input.level },
      });
      tx.outbox('rating.followed_up', r.id, { ratingId: r.id, caseId: c.id, level: input.level, comment });
      return { ok: true, value: { level: input.level, createdAt: this.iso(tx.now) } };
    });
  }

  getCase(id: string): Result<RectificationCase> {
    const c = this.repo.caseById(id);
    if (!c) return failure('UNKNOWN_CASE');
    return { ok: true, value: this.caseView(c, undefined, true) };
  }

  /** One step of the workflow, by a supervisor, with a note; audited and forwarded. */
  advance(id: string, req: AdvanceCaseRequest, actor: Actor): Result<RectificationCase> {
    return this.run((tx) => {
      const c = this.repo.caseById(id);
      if (!c) return failure('UNKNOWN_CASE');
      const to = advanceCase(c.status, req.step);
      if (!to.ok) return to;
      if (!this.repo.advance(id, req.step, c.status, to.value, actor.id, tx.now, req.outcome ?? null))
        return failure('CASE_WRONG_STEP', { step: req.step });
      this.repo.log(id, {
        at: tx.now,
        action: req.step,
        actor: actor.id,
        source: actor.source,
        from: c.status,
        to: to.value,
        note: req.note,
      });
      const rating = this.repo.byId(c.ratingId) as RatingRecord;
      tx.log({
        type: 'rectification.advanced',
        actor: actor.id,
        source: actor.source,
        ticketId: rating.ticketId,
        windowId: rating.windowId,
        data: { caseId: id, step: req.step, from: c.status, to: to.value },
      });
      const fresh = this.repo.caseById(id) as CaseRecord;
      tx.outbox('rectification.advanced', id, { case: this.caseView(fresh, rating), step: req.step, note: req.note, by: actor.id });
      tx.after.push(() => {
        this.deps.alerts.clear('rectification_overdue', id);
        if (req.step === 'verify') this.deps.alerts.clear('bad_rating', id);
      });
      return { ok: true, value: this.caseView(fresh, rating, true) };
    });
  }

  /**
   * Escalates every case whose current step is past its deadline: marks it overdue, audits it, forwards
   * it and raises a `rectification_overdue` alert. Returns the escalated case ids.
   */
  checkOverdue(): string[] {
    const now = this.deps.clock.now();
    const escalated: string[] = [];
    for (const c of this.repo.openCases()) {
      const step = overdueStep(c, now);
      if (step === null) continue;
      const r = this.run((tx) => {
        if (!this.repo.markOverdue(c.id, tx.now)) return { ok: true, value: false };
        this.repo.log(c.id, {
          at: tx.now,
          action: 'overdue',
          actor: 'system',
          source: 'scheduler',
          from: c.status,
          to: c.status,
          note: `${STEP_LABELS[step]}已超过期限 ${c.schedule[step].dueDate}`,
        });
        const rating = this.repo.byId(c.ratingId) as RatingRecord;
        // In the event log too, so the mark reaches the central (the uplink sends the event log only).
        tx.log({
          type: 'rectification.overdue',
          actor: 'system',
          source: 'scheduler',
          ticketId: rating.ticketId,
          windowId: rating.windowId,
          data: { caseId: c.id, step, status: c.status },
        });
        tx.outbox('rectification.overdue', c.id, { case: this.caseView(this.repo.caseById(c.id) as CaseRecord, rating), step });
        const message = `整改单 ${c.id}（${rating.ticketNumber}）${STEP_LABELS[step]}超期：期限 ${c.schedule[step].dueDate}`;
        tx.after.push(() => {
          this.deps.alerts.raise('rectification_overdue', 'critical', c.id, message);
        });
        return { ok: true, value: true };
      });
      if (r.ok && r.value) escalated.push(c.id);
    }
    if (escalated.length > 0) this.deps.log.info({ cases: escalated }, 'rectification cases escalated');
    return escalated;
  }

  // ───────────────────────────── reading ─────────────────────────────

  /** Who is signed in at a window (the counter's own view of cases). */
  signedInAt(windowId: string): string | null {
    return this.deps.hall.queries.windowRecord(windowId)?.staffUsername ?? null;
  }

  /** The slip's 评价校验码 for a token (printed on the slip, shown on the phone page). */
  checkCodeOf(token: string): string {
    return ratingCheckCode(token, this.deps.checkSecret);
  }

  /** Ratings of the tickets served on a business date. */
  list(date: string): Rating[] {
    return this.repo.ofDays(date, date).map((r) => this.ratingView(r));
  }

  /** What the phone page needs to decide between progress, the form and "already rated". */
  statusByToken(token: string): Result<RatingStatus> {
    const t = this.deps.hall.queries.ticketByToken(token);
    if (!t) return failure('UNKNOWN_TICKET');
    const r = this.repo.byTicket(t.id);
    return {
      ok: true,
      value: {
        rateable: t.status === 'done' && r === null,
        rated: r !== null,
        ticketStatus: t.status,
        rating: r ? { level: r.level, channel: r.channel, createdAt: this.iso(r.createdAt) } : null,
        checkCode: this.checkCodeOf(t.token),
      },
    };
  }

  /** `date` is one service day; or `from`..`to` (`to` defaults to today, `from` to `to`). */
  metrics(q: { date?: string | undefined; from?: string | undefined; to?: string | undefined }): Result<RatingMetricsReport> {
    if (q.date !== undefined && (q.from !== undefined || q.to !== undefined)) return failure('DATE_RANGE_REQUIRED');
    const last = q.date ?? q.to ?? this.today();
    const range = this.range(q.date ?? q.from ?? last, last, MAX_RANGE_DAYS);
    if (!range.ok) return range;
    const { from, to } = range.value;
    return {
      ok: true,
      value: computeMetrics(from, to, this.repo.servedTickets(from, to), this.repo.outcomes(from, to), this.metricOptions()),
    };
  }

  /** The policy and today's date: what every figure (stats, metrics, reports) is computed with. */
  metricOptions(): MetricOptions {
    return { policy: this.policy, asOf: this.today() };
  }

  /** The ratings of the tickets served on a day, with their case outcome, for the reports. */
  forReport(date: string): Array<{ ticketId: string; windowId: string | null; staffId: string | null; level: number; outcome: Outcome }> {
    const outcomes = this.repo.outcomes(date, date);
    return this.repo.ofDays(date, date).map((r) => ({
      ticketId: r.ticketId,
      windowId: r.windowId,
      staffId: r.staffId,
      level: r.level,
      outcome: outcomes.get(r.ticketId) ?? { level: r.level, caseStatus: null, caseOverdue: false },
    }));
  }

  /** The `ratings` block of `GET /stats` (see docs/ratings.md: satisfaction = mean level / 5). */
  summary(date: string): RatingsSummary & { byWindow: Record<string, unknown>; byCategory: Record<string, unknown> } {
    const m = computeMetrics(date, date, this.repo.servedTickets(date, date), this.repo.outcomes(date, date), this.metricOptions());
    // The one projection of the metrics into `/stats` (the central uses the same, `statsRatingsOf`).
    return statsRatingsOf(m);
  }

  /** A staff member's own tally for a service day. Counts only: never which ticket gave which level. */
  summaryForStaff(username: string, date: string): { count: number; byLevel: Record<1 | 2 | 3 | 4 | 5, number> } {
    const levels = this.repo.levelsOfStaff(username, date);
    const byLevel = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
    for (const [level, n] of levels) byLevel[level as 1 | 2 | 3 | 4 | 5] = n;
    return { count: [...levels.values()].reduce((a, b) => a + b, 0), byLevel };
  }

  private range(from: string, to: string, maxDays: number): Result<{ from: string; to: string }> {
    if (from > to) return failure('DATE_RANGE_INVERTED');
    if (Number.isFinite(maxDays) && addDays(from, maxDays) <= to) return failure('DATE_RANGE_TOO_LONG', { maxDays });
    return { ok: true, value: { from, to } };
  }

  // ───────────────────────────── views ─────────────────────────────

  ratingView(r: RatingRecord): Rating {
    return {
      id: r.id,
      ticketId: r.ticketId,
      ticketNumber: r.ticketNumber,
      ticketBusinessDate: r.ticketBusinessDate,
      windowId: r.windowId,
      staffId: r.staffId,
      categoryId: r.categoryId,
      serviceIds: r.serviceIds,
      channel: r.channel,
      level: r.level,
      reasons: r.reasons,
      reasonLabels: r.reasonLabels,
      comment: r.comment,
      createdAt: this.iso(r.createdAt),
      caseId: r.caseId,
    };
  }

  caseView(c: CaseRecord, rating: RatingRecord = this.repo.byId(c.ratingId) as RatingRecord, withHistory = false): RectificationCase {
    const steps: CaseStep[] = ['verify', 'rectify', 'revisit'];
    const view: RectificationCase = {
      id: c.id,
      ratingId: c.ratingId,
      ticketId: rating.ticketId,
      ticketNumber: rating.ticketNumber,
      windowId: rating.windowId,
      staffId: rating.staffId,
      categoryId: rating.categoryId,
      serviceIds: rating.serviceIds,
      level: rating.level,
      reasons: rating.reasons,
      reasonLabels: rating.reasonLabels,
      comment: rating.comment,
      status: c.status,
      nextStep: nextStep(c.status),
      deadlines: steps.map((step) => {
        const done = c.done[step];
        return {
          step,
          dueDate: c.schedule[step].dueDate,
          dueAt: this.iso(c.schedule[step].dueAt),
          doneAt: done ? this.iso(done.at) : null,
          doneBy: done?.by ?? null,
        };
      }),
      overdue: c.overdueAt !== null,
      overdueSince: c.overdueAt === null ? null : this.iso(c.overdueAt),
      overdueCount: c.overdueCount,
      outcome: c.outcome,
      createdAt: this.iso(c.createdAt),
      closedAt: c.done.revisit ? this.iso(c.done.revisit.at) : null,
      appeal: c.appeal
        ? {
            status: c.appeal.status,
            reason: c.appeal.reason,
            by: c.appeal.by,
            at: this.iso(c.appeal.at),
            decidedBy: c.appeal.decidedBy,
            decidedAt: c.appeal.decidedAt === null ? null : this.iso(c.appeal.decidedAt),
          }
        : null,
      followUp: (() => {
        const f = this.repo.followUpOf(c.ratingId);
        return f ? { level: f.level, comment: f.comment, createdAt: this.iso(f.createdAt) } : null;
      })(),
    };
    if (withHistory)
      view.history = this.repo
        .history(c.id)
        .map((h) => ({ at: this.iso(h.at), action: h.action, actor: h.actor, from: h.from, to: h.to, note: h.note }));
    return view;
  }
}

export function toPublicRating(r: Rating): PublicRating {
  return {
    id: r.id,
    ticketId: r.ticketId,
    ticketNumber: r.ticketNumber,
    level: r.level,
    channel: r.channel,
    reasons: r.reasons,
    reasonLabels: r.reasonLabels,
    createdAt: r.createdAt,
  };
}
