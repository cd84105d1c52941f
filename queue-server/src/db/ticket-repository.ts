import type {
  Channel,
  EpochMs,
  MatterStatus,
  Priority,
  TicketForm,
  TicketOutcome,
  TicketStatus,
  WaitEstimate,
  WaitNote,
} from '@hall/contract';
import type { Db } from './database.ts';
import type { TicketCore } from '../core/ticket-rules.ts';
import type { QueuedTicket } from '../core/queue-model.ts';
import type { RangeRecord } from '../core/range-calibration.ts';

/** One matter of a visit as the server holds it (times as epoch ms). */
export interface MatterRecord {
  readonly serviceId: string;
  readonly categoryId: string;
  readonly status: MatterStatus;
  readonly windowId: string | null;
  readonly updatedAt: EpochMs | null;
}

/** A ticket as the server holds it. Repositories return these, never raw rows (R10). */
export interface TicketRecord extends TicketCore {
  readonly businessDate: string;
  readonly prefix: string;
  readonly seq: number;
  readonly number: string;
  readonly serviceId: string | null;
  readonly serviceIds: string[];
  /** 绿色通道 group (priority green); never the proof document. */
  readonly priorityGroup: string | null;
  readonly bundleId: string | null;
  /** The visit's matters with their status (one per service id). */
  readonly matters: readonly MatterRecord[];
  readonly channel: Channel;
  readonly ahead: number;
  readonly estimatedWaitMinutes: number | null;
  /** The estimate given at issue (its `minutes` is `estimatedWaitMinutes`). */
  readonly waitEstimate: WaitEstimate;
  /**
   * The range the sampled replays gave at issue, before it was widened from the hall's record
   * (`core/range-calibration.ts`): what the widening learns from. Written once, at issue; read back only by
   * `rangeRecords` and `sampledWaitOf`, never into a record a page is built from.
   */
  readonly sampledWait?: { readonly low: number; readonly high: number } | null;
  readonly token: string;
  readonly form: TicketForm | null;
  readonly appointmentId: string | null;
  readonly idempotencyKey: string | null;
  readonly requestHash: string | null;
}

interface Row {
  id: string;
  business_date: string;
  prefix: string;
  seq: number;
  number: string;
  category_id: string;
  service_id: string | null;
  service_ids: string;
  status: string;
  priority: string;
  channel: string;
  issued_at: number;
  queued_at: number;
  ahead: number;
  estimated_wait_minutes: number;
  window_id: string | null;
  target_window_id: string | null;
  token: string;
  called_at: number | null;
  first_called_at: number | null;
  started_at: number | null;
  finished_at: number | null;
  call_count: number;
  transfer_count: number;
  suspended_at: number | null;
  suspended_ms: number;
  served_by: string | null;
  note: string | null;
  form: string | null;
  appointment_id: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  outcome: string | null;
  wait_low: number | null;
  wait_high: number | null;
  wait_note: string | null;
  priority_group: string | null;
  bundle_id: string | null;
  held_until: number | null;
  matters: string | null;
}

function fromRow(r: Row): TicketRecord {
  return {
    id: r.id,
    businessDate: r.business_date,
    prefix: r.prefix,
    seq: r.seq,
    number: r.number,
    categoryId: r.category_id,
    serviceId: r.service_id,
    serviceIds: JSON.parse(r.service_ids) as string[],
    status: r.status as TicketStatus,
    priority: r.priority as Priority,
    channel: r.channel as Channel,
    issuedAt: r.issued_at,
    queuedAt: r.queued_at,
    ahead: r.ahead,
    estimatedWaitMinutes: r.wait_note === 'NO_OPEN_WINDOW' || r.wait_note === 'AFTER_CLOSE' ? null : r.estimated_wait_minutes,
    waitEstimate: waitEstimateOf(r),
    windowId: r.window_id,
    targetWindowId: r.target_window_id,
    token: r.token,
    calledAt: r.called_at,
    firstCalledAt: r.first_called_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    callCount: r.call_count,
    transferCount: r.transfer_count,
    suspendedAt: r.suspended_at,
    suspendedMs: r.suspended_ms,
    servedBy: r.served_by,
    note: r.note,
    form: r.form ? (JSON.parse(r.form) as TicketForm) : null,
    appointmentId: r.appointment_id,
    idempotencyKey: r.idempotency_key,
    requestHash: r.request_hash,
    outcome: r.outcome as TicketOutcome | null,
    priorityGroup: r.priority_group,
    bundleId: r.bundle_id,
    heldUntil: r.held_until,
    matters: r.matters ? (JSON.parse(r.matters) as MatterRecord[]) : [],
  };
}

/**
 * The issue-time estimate. `estimated_wait_minutes` is NOT NULL from the first schema, so a ticket with no
 * figure stores 0 (or the raw projection) there with its `wait_note` (NO_OPEN_WINDOW, AFTER_CLOSE), and reads
 * back as null: a page never shows a number for a ticket that has a note.
 */
function waitEstimateOf(r: Row): WaitEstimate {
  const m = r.wait_note === 'NO_OPEN_WINDOW' || r.wait_note === 'AFTER_CLOSE' ? null : r.estimated_wait_minutes;
  const e: WaitEstimate = { minutes: m, low: r.wait_low ?? m ?? 0, high: r.wait_high ?? m ?? 0 };
  if (r.wait_note === 'NO_OPEN_WINDOW' || r.wait_note === 'AFTER_CLOSE') e.note = r.wait_note as WaitNote;
  return e;
}

/** The categories of a visit's matters still to be handled (not 办结 or 转办), in matter order, each once. */
export function openMatterCategories(matters: readonly MatterRecord[]): string[] {
  return [...new Set(matters.filter((m) => m.status !== 'done' && m.status !== 'transferred').map((m) => m.categoryId))];
}

const ACTIVE = "('waiting','called','serving','suspended')";

export class TicketRepository {
  private readonly s;
  constructor(private readonly db: Db) {
    this.s = {
      nextSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM ticket WHERE prefix = ? AND business_date = ?'),
      insert: db.prepare(`INSERT INTO ticket (id, business_date, prefix, seq, number, category_id, service_id, service_ids, status,
        priority, channel, issued_at, queued_at, ahead, estimated_wait_minutes, window_id, target_window_id, token, called_at,
        first_called_at, started_at, finished_at, call_count, transfer_count, suspended_at, suspended_ms, served_by, note, form,
        appointment_id, idempotency_key, request_hash, outcome, wait_low, wait_high, wait_note, priority_group, bundle_id, held_until,
        matters, wait_sampled_low, wait_sampled_high)
        VALUES (@id, @businessDate, @prefix, @seq, @number, @categoryId, @serviceId, @serviceIds, @status, @priority, @channel,
        @issuedAt, @queuedAt, @ahead, @estimatedWaitMinutes, @windowId, @targetWindowId, @token, @calledAt, @firstCalledAt,
        @startedAt, @finishedAt, @callCount, @transferCount, @suspendedAt, @suspendedMs, @servedBy, @note, @form,
        @appointmentId, @idempotencyKey, @requestHash, @outcome, @waitLow, @waitHigh, @waitNote, @priorityGroup, @bundleId, @heldUntil,
        @matters, @waitSampledLow, @waitSampledHigh)`),
      update: db.prepare(`UPDATE ticket SET status = @status, category_id = @categoryId, queued_at = @queuedAt, window_id = @windowId,
        target_window_id = @targetWindowId, called_at = @calledAt, first_called_at = @firstCalledAt, started_at = @startedAt,
        finished_at = @finishedAt, call_count = @callCount, transfer_count = @transferCount, suspended_at = @suspendedAt,
        suspended_ms = @suspendedMs, served_by = @servedBy, note = @note, outcome = @outcome, priority = @priority,
        held_until = @heldUntil, matters = @matters WHERE id = @id`),
      byId: db.prepare('SELECT * FROM ticket WHERE id = ?'),
      byToken: db.prepare('SELECT * FROM ticket WHERE token = ?'),
      byKey: db.prepare('SELECT * FROM ticket WHERE idempotency_key = ?'),
      byNumber: db.prepare('SELECT * FROM ticket WHERE business_date = ? AND number = ?'),
      activeAnyDay: db.prepare(`SELECT * FROM ticket WHERE business_date >= ? AND status IN ${ACTIVE} ORDER BY business_date, queued_at`),
      queued: db.prepare(
        "SELECT id, category_id, priority, issued_at, queued_at, target_window_id, matters FROM ticket WHERE status = 'waiting' AND held_until IS NULL ORDER BY queued_at, issued_at",
      ),
      allCurrent: db.prepare("SELECT * FROM ticket WHERE status IN ('called','serving') AND window_id IS NOT NULL"),
      current: db.prepare("SELECT * FROM ticket WHERE window_id = ? AND status IN ('called','serving') LIMIT 1"),
      ofDay: db.prepare('SELECT * FROM ticket WHERE business_date = ? ORDER BY issued_at, seq'),
      ofDayStatus: db.prepare('SELECT * FROM ticket WHERE business_date = ? AND status = ? ORDER BY issued_at, seq'),
      recentDone: db.prepare(`SELECT category_id, started_at, finished_at, suspended_ms FROM ticket
        WHERE status = 'done' AND finished_at >= ? AND started_at IS NOT NULL ORDER BY finished_at DESC LIMIT 500`),
      openBefore: db.prepare(`SELECT * FROM ticket WHERE business_date < ? AND status IN ${ACTIVE} ORDER BY business_date, queued_at`),
      heldDue: db.prepare("SELECT * FROM ticket WHERE status = 'waiting' AND held_until IS NOT NULL AND held_until <= ?"),
      autoNoShowDue: db.prepare("SELECT * FROM ticket WHERE status = 'called' AND call_count >= ? AND called_at <= ?"),
      openOnOrBefore: db.prepare(`SELECT * FROM ticket WHERE business_date <= ? AND status IN ${ACTIVE} ORDER BY business_date, queued_at`),
      issuedSince: db.prepare('SELECT category_id, priority, issued_at FROM ticket WHERE issued_at >= ?'),
      arrivalsSince: db.prepare('SELECT category_id, COUNT(*) AS n FROM ticket WHERE issued_at >= ? GROUP BY category_id'),
      servedAtWindows: db.prepare(`SELECT category_id, window_id, started_at, finished_at, suspended_ms FROM ticket
        WHERE business_date >= ? AND status = 'done' AND started_at IS NOT NULL AND finished_at IS NOT NULL AND window_id IS NOT NULL
        ORDER BY finished_at DESC LIMIT 20000`),
      rangeRecords: db.prepare(`SELECT estimated_wait_minutes, wait_sampled_low, wait_sampled_high, issued_at, first_called_at FROM ticket
        WHERE business_date >= ? AND first_called_at IS NOT NULL AND wait_note IS NULL AND wait_sampled_low IS NOT NULL
          AND wait_sampled_high IS NOT NULL
        ORDER BY issued_at DESC LIMIT 20000`),
      sampledWaitOf: db.prepare(`SELECT wait_sampled_low, wait_sampled_high FROM ticket WHERE id = ?`),
      callOutcomes: db.prepare(`SELECT category_id, status, first_called_at, finished_at FROM ticket
        WHERE business_date = ? AND status IN ('done', 'no_show') AND first_called_at IS NOT NULL`),
      // Every ticket is covered: an ended one by when it ended, one that never ended by when it was issued.
      pseudonymise: db.prepare(`UPDATE ticket SET form = NULL, note = NULL, pseudonymised_at = ?
        WHERE pseudonymised_at IS NULL AND COALESCE(finished_at, issued_at) < ? AND (form IS NOT NULL OR note IS NOT NULL)`),
    };
  }

  /**
   * The next number of a prefix on a business date: one past the highest issued. Gap-free and unique
   * because issuing for a prefix is serialised and the insert runs in the same transaction (the UNIQUE
   * index would refuse a duplicate rather than let one through).
   */
  nextSeq(prefix: string, businessDate: string): number {
    return (this.s.nextSeq.get(prefix, businessDate) as { seq: number }).seq;
  }

  insert(t: TicketRecord): void {
    const { waitEstimate: w, sampledWait, ...rest } = t;
    this.s.insert.run({
      ...rest,
      waitSampledLow: sampledWait?.low ?? null,
      waitSampledHigh: sampledWait?.high ?? null,
      estimatedWaitMinutes: t.estimatedWaitMinutes ?? 0,
      serviceIds: JSON.stringify(t.serviceIds),
      matters: JSON.stringify(t.matters),
      form: t.form ? JSON.stringify(t.form) : null,
      waitLow: w.low,
      waitHigh: w.high,
      waitNote: w.note ?? null,
    });
  }

  update(t: TicketRecord): void {
    const { waitEstimate: _w, sampledWait: _r, serviceIds: _s, form: _f, matters, ...rest } = t;
    this.s.update.run({ ...rest, matters: JSON.stringify(matters) });
  }

  get(id: string): TicketRecord | null {
    const r = this.s.byId.get(id) as Row | undefined;
    return r ? fromRow(r) : null;
  }
  byToken(token: string): TicketRecord | null {
    const r = this.s.byToken.get(token) as Row | undefined;
    return r ? fromRow(r) : null;
  }
  byIdempotencyKey(key: string): TicketRecord | null {
    const r = this.s.byKey.get(key) as Row | undefined;
    return r ? fromRow(r) : null;
  }
  byNumber(businessDate: string, number: string): TicketRecord | null {
    const r = this.s.byNumber.get(businessDate, number) as Row | undefined;
    return r ? fromRow(r) : null;
  }

  /** Unfinished tickets since a business date (the day rules end every day, so these are today's). */
  activeSince(sinceDate: string): TicketRecord[] {
    return (this.s.activeAnyDay.all(sinceDate) as Row[]).map(fromRow);
  }
  /** Every waiting ticket (any day), only the fields the dispatcher and estimator need: cheap. */
  queued(): QueuedTicket[] {
    return (
      this.s.queued.all() as Array<{
        id: string;
        category_id: string;
        priority: string;
        issued_at: number;
        queued_at: number;
        target_window_id: string | null;
        matters: string | null;
      }>
    ).map((r) => {
      const q: QueuedTicket = {
        id: r.id,
        categoryId: r.category_id,
        priority: r.priority as Priority,
        issuedAt: r.issued_at,
        queuedAt: r.queued_at,
        targetWindowId: r.target_window_id,
      };
      const open = r.matters ? openMatterCategories(JSON.parse(r.matters) as MatterRecord[]) : [];
      return open.length > 1 ? { ...q, visitCategories: open } : q;
    });
  }
  /** The called or serving ticket of every window that has one. */
  currentByWindow(): Map<string, TicketRecord> {
    return new Map((this.s.allCurrent.all() as Row[]).map((r) => [r.window_id as string, fromRow(r)]));
  }
  currentOf(windowId: string): TicketRecord | null {
    const r = this.s.current.get(windowId) as Row | undefined;
    return r ? fromRow(r) : null;
  }

  ofDay(businessDate: string, status?: TicketStatus): TicketRecord[] {
    const rows = status ? this.s.ofDayStatus.all(businessDate, status) : this.s.ofDay.all(businessDate);
    return (rows as Row[]).map(fromRow);
  }
  /** Services finished since an instant, newest first (at most 500): the estimator's measured service times. */
  recentServed(since: EpochMs): Array<{ categoryId: string; startedAt: EpochMs; finishedAt: EpochMs; suspendedMs: number }> {
    return (
      this.s.recentDone.all(since) as Array<{ category_id: string; started_at: number; finished_at: number; suspended_ms: number }>
    ).map((r) => ({ categoryId: r.category_id, startedAt: r.started_at, finishedAt: r.finished_at, suspendedMs: r.suspended_ms }));
  }
  /** Tickets still open from business dates before `date` (the day rules close them). */
  openBefore(date: string): TicketRecord[] {
    return (this.s.openBefore.all(date) as Row[]).map(fromRow);
  }
  /** Held appointment tickets whose slot has started (the hall tick releases them into the queue). */
  heldDue(now: EpochMs): TicketRecord[] {
    return (this.s.heldDue.all(now) as Row[]).map(fromRow);
  }
  /** Called tickets with at least `calls` calls, the last one at or before `calledBefore` (automatic 过号). */
  autoNoShowDue(calls: number, calledBefore: EpochMs): TicketRecord[] {
    return (this.s.autoNoShowDue.all(calls, calledBefore) as Row[]).map(fromRow);
  }
  /** Tickets still open on `date` or earlier. */
  openOnOrBefore(date: string): TicketRecord[] {
    return (this.s.openOnOrBefore.all(date) as Row[]).map(fromRow);
  }
  issuedSince(since: EpochMs): Array<{ categoryId: string; priority: Priority; issuedAt: EpochMs }> {
    return (this.s.issuedSince.all(since) as Array<{ category_id: string; priority: string; issued_at: number }>).map((r) => ({
      categoryId: r.category_id,
      priority: r.priority as Priority,
      issuedAt: r.issued_at,
    }));
  }
  /** Finished services since a business date (newest first, at most 20,000), with the window that gave them. */
  servedAtWindows(
    fromDate: string,
  ): Array<{ categoryId: string; windowId: string; startedAt: EpochMs; finishedAt: EpochMs; suspendedMs: number }> {
    return (
      this.s.servedAtWindows.all(fromDate) as Array<{
        category_id: string;
        window_id: string;
        started_at: number;
        finished_at: number;
        suspended_ms: number;
      }>
    ).map((r) => ({
      categoryId: r.category_id,
      windowId: r.window_id,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      suspendedMs: r.suspended_ms,
    }));
  }
  /**
   * The estimate records since a business date (the newest 20,000): for each called ticket that was shown a
   * figure, the point, the sampled range before widening and the wait from issue to first call
   * (`learnRangeWidening`).
   */
  rangeRecords(fromDate: string): RangeRecord[] {
    return (
      this.s.rangeRecords.all(fromDate) as Array<{
        estimated_wait_minutes: number;
        wait_sampled_low: number;
        wait_sampled_high: number;
        issued_at: number;
        first_called_at: number;
      }>
    ).map((r) => ({
      minutes: r.estimated_wait_minutes,
      low: r.wait_sampled_low,
      high: r.wait_sampled_high,
      waitedMinutes: (r.first_called_at - r.issued_at) / 60_000,
    }));
  }
  /** The range the sampled replays gave a ticket at issue, before widening (null: no figure was given). */
  sampledWaitOf(id: string): { low: number; high: number } | null {
    const r = this.s.sampledWaitOf.get(id) as { wait_sampled_low: number | null; wait_sampled_high: number | null } | undefined;
    return r && r.wait_sampled_low !== null && r.wait_sampled_high !== null ? { low: r.wait_sampled_low, high: r.wait_sampled_high } : null;
  }
  /** A business date's called tickets that have ended served or 过号, with their first call and end (`callOutcome`). */
  callOutcomes(date: string): Array<{ categoryId: string; status: TicketStatus; firstCalledAt: EpochMs; finishedAt: EpochMs | null }> {
    return (
      this.s.callOutcomes.all(date) as Array<{
        category_id: string;
        status: TicketStatus;
        first_called_at: number;
        finished_at: number | null;
      }>
    ).map((r) => ({ categoryId: r.category_id, status: r.status, firstCalledAt: r.first_called_at, finishedAt: r.finished_at }));
  }
  arrivalsSince(since: EpochMs): Map<string, number> {
    return new Map((this.s.arrivalsSince.all(since) as Array<{ category_id: string; n: number }>).map((r) => [r.category_id, r.n]));
  }
  pseudonymiseFinishedBefore(cutoff: EpochMs, now: EpochMs): number {
    return this.s.pseudonymise.run(now, cutoff).changes;
  }
}
